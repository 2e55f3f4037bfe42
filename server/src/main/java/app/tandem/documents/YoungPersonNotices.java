package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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
        return pool.withTransaction(tx -> tx.preparedQuery(
                                """
                    SELECT p.id, p.school_id, coalesce(p.preferred_name, p.first_name) AS name, p.young_person_from,
                           (SELECT u.id FROM app_user u WHERE u.school_id = p.school_id AND u.active AND 'senco' = ANY (u.roles)
                            ORDER BY u.id LIMIT 1) AS senco
                    FROM pupil p
                    WHERE p.active AND p.young_person_notice_at IS NULL AND p.young_person_from > $1
                      AND p.young_person_from <= $1 + interval '3 months'
                    ORDER BY p.young_person_from LIMIT 1 FOR UPDATE SKIP LOCKED""")
                        .execute(Tuple.of(today))
                        .compose(rows -> {
                            if (rows.size() == 0) return Future.succeededFuture(false);
                            Row pupil = rows.iterator().next();
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
                                    .compose(v -> tx.preparedQuery(
                                                    "UPDATE pupil SET young_person_notice_at = $2 WHERE id = $1")
                                            .execute(Tuple.of(id, Requests.utc(now))))
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
