package app.tandem.push;

import app.tandem.access.Access;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The only way into {@code notification_outbox}. Capabilities call it inside their own
 * transaction, so a push exists exactly when the change it announces committed. A push names a
 * kind and an id, never content; the dispatcher sends it when it is due.
 */
public final class Outbox {
    private Outbox() {}

    /**
     * What a push is about. Pushes with one collapse key replace each other on the phone; urgent
     * ones ignore quiet hours.
     */
    public record Notification(String kind, UUID refId, String collapseKey, boolean urgent) {
        public Notification {
            if (kind == null || refId == null || collapseKey == null)
                throw new IllegalArgumentException("kind, refId and collapseKey");
        }

        /** The usual shape: collapsing per `prefix-refId`, not urgent. */
        public static Notification of(String kind, UUID refId, String prefix) {
            return new Notification(kind, refId, prefix + "-" + refId, false);
        }

        public Notification urgently() {
            return new Notification(kind, refId, collapseKey, true);
        }
    }

    /** One person to reach, and when (office hours may put a push to staff later). */
    public record Recipient(UUID userId, Instant due) {}

    /** The channel a push due now is announced on; every replica's dispatcher listens. */
    static final String WAKE = OutboxStore.WAKE;

    /** Queues the push for each person, due now. Returns how many were queued. */
    public static Future<Integer> enqueue(
            SqlClient tx, UUID schoolId, Notification n, Collection<UUID> users, Instant now) {
        return enqueue(
                tx, schoolId, n, users.stream().map(u -> new Recipient(u, now)).toList(), now);
    }

    /** Queues the push for each recipient at their own time. */
    public static Future<Integer> enqueue(
            SqlClient tx, UUID schoolId, Notification n, List<Recipient> to, Instant now) {
        return OutboxStore.enqueue(tx, schoolId, n, to, now);
    }

    /**
     * Queues the push for the parents of these pupils whom the access rule lets do this now (a
     * blocked link, an inactive account or pupil, or a young person's choice about their record
     * reaches no one), once per parent at each of the times given that is not already past.
     */
    public static Future<Integer> toParents(
            SqlClient tx,
            UUID schoolId,
            Notification n,
            Access.Action action,
            Collection<UUID> pupilIds,
            List<Instant> dues,
            Instant now) {
        return OutboxStore.toParents(tx, schoolId, n, action, pupilIds, dues, now);
    }

    /** {@link #toParents} for one pupil, due now. */
    public static Future<Integer> toParentsNow(
            SqlClient tx, UUID schoolId, Notification n, Access.Action action, UUID pupilId, Instant now) {
        return toParents(tx, schoolId, n, action, List.of(pupilId), List.of(now), now);
    }

    /** Queues the push, due now, for every member of staff the action about the pupil reaches (e.g. the DSLs). */
    public static Future<Integer> toStaff(
            SqlClient tx, UUID schoolId, Notification n, UUID pupilId, Access.Action action, Instant now) {
        return OutboxStore.toStaff(tx, schoolId, n, pupilId, action, now);
    }

    /** A push about a pupil, to the staff an action about that pupil reaches. */
    public record AboutPupil(UUID schoolId, UUID pupilId, Notification notification) {
        /**
         * The pushes a clock's query owes, one a row of `school_id`, `pupil_id` and the id the push
         * refers to (in `idColumn`): the annual review's, the SEN support cycle's, the assessment's.
         */
        public static List<AboutPupil> each(
                io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows, String idColumn, String kind, String prefix) {
            List<AboutPupil> pushes = new java.util.ArrayList<>(rows.size());
            for (io.vertx.sqlclient.Row r : rows)
                pushes.add(new AboutPupil(
                        r.getUUID("school_id"),
                        r.getUUID("pupil_id"),
                        Notification.of(kind, r.getUUID(idColumn), prefix)));
            return pushes;
        }
    }

    /** {@link #toStaff} for each push in turn, in one transaction (a clock's alerts). Returns how many were queued. */
    public static Future<Integer> toStaff(SqlClient tx, List<AboutPupil> pushes, Access.Action action, Instant now) {
        Future<Integer> all = Future.succeededFuture(0);
        for (AboutPupil p : pushes) {
            all = all.compose(n -> toStaff(tx, p.schoolId(), p.notification(), p.pupilId(), action, now)
                    .map(queued -> n + queued));
        }
        return all;
    }

    /** Withdraws pushes of this kind about this thing that have not gone yet (a cancelled meeting's reminders). */
    public static Future<Integer> cancel(SqlClient tx, String kind, UUID refId) {
        return OutboxStore.cancel(tx, kind, refId);
    }
}
