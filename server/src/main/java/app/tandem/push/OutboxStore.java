package app.tandem.push;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The push outbox's SQL: queueing in the caller's transaction, withdrawing, and how long the oldest waits. */
final class OutboxStore {
    private OutboxStore() {}

    /** The channel a push due now is announced on; every replica's dispatcher listens. */
    static final String WAKE = "tandem_push";

    private static final String INSERT =
            """
      INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
      """;

    /** Queues the push for each recipient at their own time. */
    static Future<Integer> enqueue(
            SqlClient tx, UUID schoolId, Outbox.Notification n, List<Outbox.Recipient> to, Instant now) {
        if (to.isEmpty()) return Future.succeededFuture(0);
        return tx.preparedQuery(
                        waking(
                                INSERT
                                        + """
            SELECT $1, t.user_id, $2, $3, $4, $5, $6, t.due FROM unnest($7::uuid[], $8::timestamptz[]) AS t (user_id, due)"""))
                .execute(notification(schoolId, n, now)
                        .addArrayOfUUID(
                                to.stream().map(Outbox.Recipient::userId).toArray(UUID[]::new))
                        .addArrayOfOffsetDateTime(
                                to.stream().map(r -> Requests.utc(r.due())).toArray(java.time.OffsetDateTime[]::new)))
                .map(OutboxStore::queued);
    }

    /**
     * Queues the push for the parents of these pupils whom the access rule lets do this now (a
     * blocked link, an inactive account or pupil, or a young person's choice about their record
     * reaches no one), once per parent at each of the times given that is not already past.
     */
    static Future<Integer> toParents(
            SqlClient tx,
            UUID schoolId,
            Outbox.Notification n,
            Access.Action action,
            Collection<UUID> pupilIds,
            List<Instant> dues,
            Instant now) {
        return tx.preparedQuery(waking(INSERT
                        + """
            SELECT $1, r.person_id, $2, $3, $4, $5, $6, d.due
            FROM (SELECT DISTINCT person_id FROM pupil_relationship p
                  WHERE pupil_id = ANY ($7) AND school_id = $1 AND relationship = 'parent' AND """
                        + Access.grants(action, "p")
                        + ") AS r CROSS JOIN unnest($8::timestamptz[]) AS d (due) WHERE d.due >= $6"))
                .execute(notification(schoolId, n, now)
                        .addArrayOfUUID(pupilIds.toArray(UUID[]::new))
                        .addArrayOfOffsetDateTime(
                                dues.stream().map(Requests::utc).toArray(java.time.OffsetDateTime[]::new)))
                .map(OutboxStore::queued);
    }

    /** Queues the push, due now, for every member of staff the action about the pupil reaches (e.g. the DSLs). */
    static Future<Integer> toStaff(
            SqlClient tx, UUID schoolId, Outbox.Notification n, UUID pupilId, Access.Action action, Instant now) {
        return tx.preparedQuery(waking(INSERT
                        + "SELECT $1, r.person_id, $2, $3, $4, $5, $6, $6 FROM pupil_relationship r "
                        + "WHERE r.pupil_id = $7 AND r.school_id = $1 AND r.relationship IN ('class-teacher', 'school-staff') AND "
                        + Access.grants(action, "r")))
                .execute(notification(schoolId, n, now).addUUID(pupilId))
                .map(OutboxStore::queued);
    }

    /**
     * The insert, then a wake-up for every replica's dispatcher when a row is due now ($6, the
     * insert's own time): PostgreSQL delivers the NOTIFY at commit, and not at all on rollback, so a
     * push due now goes out at once instead of at the next look, and nothing is woken for nothing.
     */
    private static String waking(String insert) {
        return "WITH queued AS (" + insert + " RETURNING due_at)"
                + " SELECT count(*) AS queued, CASE WHEN bool_or(due_at <= $6) THEN pg_notify('" + WAKE
                + "', '') END AS woken FROM queued";
    }

    private static int queued(RowSet<Row> rows) {
        return (int) rows.iterator().next().getLong("queued").longValue();
    }

    /** Withdraws pushes of this kind about this thing that have not gone yet (a cancelled meeting's reminders). */
    static Future<Integer> cancel(SqlClient tx, String kind, UUID refId) {
        return tx.preparedQuery("DELETE FROM notification_outbox WHERE ref_id = $1 AND kind = $2 AND sent_at IS NULL")
                .execute(Tuple.of(refId, kind))
                .map(RowSet::rowCount);
    }

    /** How long the oldest due push has waited, in seconds (0 when none waits). */
    static Future<Long> oldestWaitingSeconds(SqlClient sql, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT coalesce(extract(epoch FROM $1 - min(due_at)), 0)::bigint FROM notification_outbox
            WHERE sent_at IS NULL AND given_up_at IS NULL AND due_at <= $1""")
                .execute(Tuple.of(Requests.utc(now)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Tuple notification(UUID schoolId, Outbox.Notification n, Instant now) {
        return Tuple.of(schoolId, n.kind(), n.refId(), n.urgent(), n.collapseKey(), Requests.utc(now));
    }
}
