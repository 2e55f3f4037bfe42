package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.Problem;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Three months before a pupil becomes a young person, their parents get a formal notice explaining
 * what changes, and the SENCO a push; once per pupil. Run by every replica on a timer; the row lock
 * keeps two replicas from telling a family twice.
 */
record YoungPersonNotices(Pool pool, Notices notices, Clock clock) {
    /** Tells every family now due; how many pupils were handled. */
    Future<Integer> sendDue() {
        return sendNext(0);
    }

    private Future<Integer> sendNext(int sent) {
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        return pool.withTransaction(
                        tx -> ConsentStore.nextYoungPersonSoon(tx, today).compose(pupil -> {
                            if (pupil == null) return Future.succeededFuture(false);
                            UUID id = pupil.getUUID("id");
                            UUID school = pupil.getUUID("school_id");
                            UUID senco = pupil.getUUID("senco");
                            Future<Void> told = senco == null
                                    ? Future.succeededFuture()
                                    : notices.sendFormal(tx, school, id, senco, title(pupil), body(pupil), true, now)
                                            .<Void>mapEmpty()
                                            // No parent on Tandem: the SENCO is still told, below.
                                            .recover(ex -> ex instanceof Problem
                                                    ? Future.succeededFuture()
                                                    : Future.failedFuture(ex));
                            return told.compose(v -> Outbox.toStaff(
                                            tx,
                                            school,
                                            Outbox.Notification.of("young-person-soon", id, "young-person"),
                                            id,
                                            Access.Action.MANAGE_DOCUMENTS,
                                            now))
                                    .compose(v -> ConsentStore.noteYoungPersonNotice(tx, id, now))
                                    .map(true);
                        }))
                .compose(handled -> handled ? sendNext(sent + 1) : Future.succeededFuture(sent));
    }

    private static String title(Row pupil) {
        return pupil.getString("name") + " will soon make their own decisions";
    }

    private static String body(Row pupil) {
        String name = pupil.getString("name");
        return "From " + pupil.getLocalDate("young_person_from") + ", the end of compulsory school age, " + name
                + " becomes a young person in law. From then " + name
                + " decides who outside the school may see their EHC plan and other documents, and receives the"
                + " formal notices and annual review invitations. You can still follow their record here. If " + name
                + " may not be able to make some of these decisions, talk to the SENCO: the school can record that,"
                + " and you would go on deciding those things.";
    }
}
