package app.tandem.push;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** Phones' and quiet hours' SQL, in typed rows. */
final class DeviceStore {
    private DeviceStore() {}

    private static final String COLUMNS = "id, session_id, platform, app_version, locale, created_at, updated_at";

    /**
     * Frees the token from any other session, then upserts this session's phone; the phone, and
     * whether it is new. Call inside one transaction.
     */
    static Future<Devices.Registered> register(
            SqlClient tx, UUID schoolId, UUID userId, UUID sessionId, Devices.NewDevice phone, Instant now) {
        return tx.preparedQuery("DELETE FROM device WHERE token = $1 AND session_id <> $2")
                .execute(Tuple.of(phone.token(), sessionId))
                .compose(v -> tx.preparedQuery(
                                """
                INSERT INTO device (school_id, user_id, session_id, token, platform, app_version, locale, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                ON CONFLICT (session_id) DO UPDATE SET token = excluded.token, platform = excluded.platform,
                  app_version = excluded.app_version, locale = excluded.locale, updated_at = excluded.updated_at
                RETURNING %s, (xmax = 0) AS created"""
                                        .formatted(COLUMNS))
                        .execute(Tuple.from(new Object[] {
                            schoolId,
                            userId,
                            sessionId,
                            phone.token(),
                            phone.platform().wire(),
                            phone.appVersion(),
                            phone.locale(),
                            Requests.utc(now)
                        })))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Devices.Registered(device(r), r.getBoolean("created"));
                });
    }

    static Future<List<Devices.Device>> ofUser(SqlClient sql, UUID userId) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM device WHERE user_id = $1 ORDER BY updated_at DESC")
                .execute(Tuple.of(userId))
                .map(rows -> Sql.list(rows, DeviceStore::device));
    }

    /** Forgets one of the person's phones; false when they have no such phone. */
    static Future<Boolean> delete(SqlClient sql, UUID deviceId, UUID userId) {
        return sql.preparedQuery("DELETE FROM device WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(deviceId, userId))
                .map(rows -> rows.rowCount() == 1);
    }

    static Future<Devices.QuietHours> quietHours(SqlClient sql, UUID userId) {
        return sql.preparedQuery(
                        """
            SELECT s.time_zone, q.quiet_from, q.quiet_to
            FROM person u JOIN school_profile s ON s.id = u.school_id LEFT JOIN quiet_hours q ON q.person_id = u.id
            WHERE u.id = $1""")
                .execute(Tuple.of(userId))
                .map(rows -> quiet(rows.iterator().next()));
    }

    static Future<Devices.QuietHours> setQuietHours(SqlClient sql, UUID userId, LocalTime from, LocalTime to) {
        return sql.preparedQuery(
                        """
            WITH q AS (INSERT INTO quiet_hours (person_id, quiet_from, quiet_to) VALUES ($1, $2, $3)
                       ON CONFLICT (person_id) DO UPDATE SET quiet_from = $2, quiet_to = $3 RETURNING quiet_from, quiet_to)
            SELECT s.time_zone, q.quiet_from, q.quiet_to FROM q, person u JOIN school_profile s ON s.id = u.school_id
            WHERE u.id = $1""")
                .execute(Tuple.of(userId, from, to))
                .map(rows -> quiet(rows.iterator().next()));
    }

    static Future<Void> clearQuietHours(SqlClient sql, UUID userId) {
        return Sql.run(sql, "DELETE FROM quiet_hours WHERE person_id = $1", Tuple.of(userId));
    }

    private static Devices.Device device(Row r) {
        return new Devices.Device(
                r.getUUID("id"),
                r.getUUID("session_id"),
                Devices.Platform.of(r.getString("platform")),
                r.getString("app_version"),
                r.getString("locale"),
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant());
    }

    private static Devices.QuietHours quiet(Row r) {
        return new Devices.QuietHours(
                r.getString("time_zone"), r.getLocalTime("quiet_from"), r.getLocalTime("quiet_to"));
    }

    /**
     * The phones the person's account has signed in on (no push token: it is a key, not data about
     * them) and their quiet hours. The account's own, wherever the school asked.
     */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.person(
                        "phones.json",
                        "phones",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('platform', d.platform, 'appVersion', d.app_version,
                  'locale', d.locale, 'registeredAt', d.created_at, 'updatedAt', d.updated_at)) ORDER BY d.created_at), '[]')
         FROM device d WHERE d.user_id = $1)"""),
                SubjectData.Part.person(
                        "phones.json",
                        "quietHours",
                        "(SELECT jsonb_build_object('from', q.quiet_from, 'to', q.quiet_to) FROM quiet_hours q WHERE q.person_id = $1)"));
    }
}
