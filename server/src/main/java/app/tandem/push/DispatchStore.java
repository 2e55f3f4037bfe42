package app.tandem.push;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The dispatcher's SQL: claiming due pushes under a lease, the phones to send to, and settling each row. */
final class DispatchStore {
    /** A claimed outbox row: who, what about, and how many attempts including this one. */
    record Claimed(UUID id, UUID userId, String kind, UUID refId, boolean urgent, String collapseKey, int attempts) {}

    /** A person's phone on an open session. */
    record Phone(String token, String platform) {}

    /** A person's quiet hours and the school's time zone they are read in. */
    record Quiet(UUID userId, java.time.LocalTime from, java.time.LocalTime to, ZoneId zone) {}

    /** How rows settle: each with a note (the reason, or null), retries with their next time. */
    record Settlement(
            List<UUID> sent,
            List<String> sentNotes,
            List<UUID> retry,
            List<Instant> retryAt,
            List<String> retryNotes,
            List<UUID> givenUp,
            List<String> givenUpNotes) {}

    /** Claims up to `limit` due rows no live lease holds, leasing them to this replica until `leaseUntil`. */
    Future<List<Claimed>> claim(SqlClient sql, Instant now, int limit, Instant leaseUntil, String replica) {
        return sql.preparedQuery(CLAIM)
                .execute(Tuple.of(Requests.utc(now), limit, Requests.utc(leaseUntil), replica))
                .map(rows -> Sql.list(
                        rows,
                        r -> new Claimed(
                                r.getUUID("id"),
                                r.getUUID("user_id"),
                                r.getString("kind"),
                                r.getUUID("ref_id"),
                                r.getBoolean("urgent"),
                                r.getString("collapse_key"),
                                r.getInteger("attempts"))));
    }

    private static final String CLAIM = Sql.claimDue(
            "notification_outbox",
            "leased_by = $4",
            "o.user_id, o.kind, o.ref_id, o.urgent, o.collapse_key, o.attempts");

    /** The quiet hours of those of these people who set any. */
    Future<List<Quiet>> quietHours(SqlClient sql, List<UUID> users) {
        return sql.preparedQuery(
                        """
            SELECT q.person_id AS id, q.quiet_from, q.quiet_to, s.time_zone
            FROM quiet_hours q JOIN person u ON u.id = q.person_id JOIN school_profile s ON s.id = u.school_id
            WHERE q.person_id = ANY($1)""")
                .execute(Tuple.tuple().addArrayOfUUID(users.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Quiet> quiet = new ArrayList<>();
                    for (Row r : rows) {
                        quiet.add(new Quiet(
                                r.getUUID("id"),
                                r.getLocalTime("quiet_from"),
                                r.getLocalTime("quiet_to"),
                                ZoneId.of(r.getString("time_zone"))));
                    }
                    return quiet;
                });
    }

    /** Puts rows back until a later time without counting the attempt (quiet hours). */
    Future<Void> defer(SqlClient sql, List<UUID> ids, List<Instant> until) {
        if (ids.isEmpty()) return Future.succeededFuture();
        return Sql.run(
                sql,
                """
            UPDATE notification_outbox o SET due_at = d.until, lease_until = NULL, attempts = o.attempts - 1
            FROM unnest($1::uuid[], $2::timestamptz[]) AS d (id, until) WHERE o.id = d.id""",
                Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)).addArrayOfOffsetDateTime(times(until)));
    }

    /** Each person's phones on open sessions. */
    Future<Map<UUID, List<Phone>>> phones(SqlClient sql, List<UUID> users, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT d.user_id, d.token, d.platform FROM device d JOIN session_end s ON s.session_id = d.session_id
            WHERE d.user_id = ANY($1) AND s.ends_at > $2""")
                .execute(
                        Tuple.tuple().addArrayOfUUID(users.toArray(UUID[]::new)).addOffsetDateTime(Requests.utc(now)))
                .map(rows -> {
                    Map<UUID, List<Phone>> byUser = new HashMap<>();
                    for (Row r : rows) {
                        byUser.computeIfAbsent(r.getUUID("user_id"), k -> new ArrayList<>())
                                .add(new Phone(r.getString("token"), r.getString("platform")));
                    }
                    return byUser;
                });
    }

    /** Sent, retried later, or given up: three statements whatever the batch's size. */
    Future<Void> settle(SqlClient sql, Settlement s, Instant now) {
        return sql.preparedQuery(
                        """
            UPDATE notification_outbox o SET sent_at = $3, lease_until = NULL, last_error = d.note
            FROM unnest($1::uuid[], $2::text[]) AS d (id, note) WHERE o.id = d.id""")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(s.sent().toArray(UUID[]::new))
                        .addArrayOfString(s.sentNotes().toArray(String[]::new))
                        .addOffsetDateTime(Requests.utc(now)))
                .compose(v -> sql.preparedQuery(
                                """
                UPDATE notification_outbox o SET due_at = d.at, lease_until = NULL, last_error = d.note
                FROM unnest($1::uuid[], $2::timestamptz[], $3::text[]) AS d (id, at, note) WHERE o.id = d.id""")
                        .execute(Tuple.tuple()
                                .addArrayOfUUID(s.retry().toArray(UUID[]::new))
                                .addArrayOfOffsetDateTime(times(s.retryAt()))
                                .addArrayOfString(s.retryNotes().toArray(String[]::new))))
                .compose(v -> sql.preparedQuery(
                                """
                UPDATE notification_outbox o SET given_up_at = $3, lease_until = NULL, last_error = d.note
                FROM unnest($1::uuid[], $2::text[]) AS d (id, note) WHERE o.id = d.id""")
                        .execute(Tuple.tuple()
                                .addArrayOfUUID(s.givenUp().toArray(UUID[]::new))
                                .addArrayOfString(s.givenUpNotes().toArray(String[]::new))
                                .addOffsetDateTime(Requests.utc(now))))
                .mapEmpty();
    }

    /** Forgets phones whose tokens FCM no longer knows; by token, so a phone that has since refreshed is untouched. */
    Future<Void> forget(SqlClient sql, List<String> tokens) {
        if (tokens.isEmpty()) return Future.succeededFuture();
        return Sql.run(
                sql,
                "DELETE FROM device WHERE token = ANY($1)",
                Tuple.tuple().addArrayOfString(tokens.toArray(String[]::new)));
    }

    private static OffsetDateTime[] times(List<Instant> instants) {
        return instants.stream().map(Requests::utc).toArray(OffsetDateTime[]::new);
    }
}
