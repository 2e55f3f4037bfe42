package app.tandem.mail;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The mail outbox's SQL: claiming due rows under a lease, and settling each. A body may hold a link
 * or an access code, so it is erased as soon as the email is sent or given up; the row stays as the
 * record that it was sent.
 */
final class MailStore {
    /** A claimed email; `calendar` an iCalendar invitation to send with it, or null. */
    record Claimed(UUID id, String to, String subject, String body, String calendar, int attempts) {}

    /** Claims due rows no live lease holds, leased until `leaseUntil` (another replica takes over after). */
    Future<List<Claimed>> claim(SqlClient sql, Instant now, int limit, Instant leaseUntil) {
        return sql.preparedQuery(CLAIM)
                .execute(Tuple.of(Requests.utc(now), limit, Requests.utc(leaseUntil)))
                .map(rows -> Sql.list(
                        rows,
                        r -> new Claimed(
                                r.getUUID("id"),
                                r.getString("to_address"),
                                r.getString("subject"),
                                r.getString("body"),
                                r.getString("calendar"),
                                r.getInteger("attempts"))));
    }

    private static final String CLAIM =
            Sql.claimDue("mail_outbox", "", "o.to_address, o.subject, o.body, o.calendar, o.attempts");

    Future<Void> sent(SqlClient sql, UUID id, Instant at) {
        return Sql.run(
                sql,
                "UPDATE mail_outbox SET sent_at = $2, lease_until = NULL, last_error = NULL, body = '(erased once sent)', calendar = NULL WHERE id = $1",
                Tuple.of(id, Requests.utc(at)));
    }

    Future<Void> retry(SqlClient sql, UUID id, Instant at, String error) {
        return Sql.run(
                sql,
                "UPDATE mail_outbox SET due_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1",
                Tuple.of(id, Requests.utc(at), error));
    }

    Future<Void> giveUp(SqlClient sql, UUID id, Instant at, String error) {
        return Sql.run(
                sql,
                "UPDATE mail_outbox SET given_up_at = $2, lease_until = NULL, last_error = $3, body = '(erased, not sent)', calendar = NULL WHERE id = $1",
                Tuple.of(id, Requests.utc(at), error));
    }

    /** Sent and given-up emails past their keeping, deleted ($1 the cutoff, $2 a batch). */
    static final String SETTLED =
            """
            WITH gone AS (DELETE FROM mail_outbox WHERE id IN (
                SELECT id FROM mail_outbox WHERE coalesce(sent_at, given_up_at) < $1 LIMIT $2)
              RETURNING 1)
            SELECT count(*) FROM gone""";

    static Future<UUID> enqueue(
            SqlClient tx,
            UUID schoolId,
            String to,
            String subject,
            String body,
            String calendar,
            Instant now,
            int delaySeconds) {
        return tx.preparedQuery(
                        """
            INSERT INTO mail_outbox (school_id, to_address, subject, body, calendar, created_at, due_at)
            VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz + make_interval(secs => $7)) RETURNING id""")
                .execute(Tuple.from(
                        new Object[] {schoolId, to, subject, body, calendar, Requests.utc(now), delaySeconds}))
                .map(Sql::id);
    }
}
