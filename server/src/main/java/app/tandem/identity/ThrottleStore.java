package app.tandem.identity;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Failure counts and locks per key in PostgreSQL, so every replica counts together. */
final class ThrottleStore {
    private ThrottleStore() {}

    /** The latest lock among these keys still in force at `now`, or null. */
    static Future<OffsetDateTime> lockedUntil(SqlClient sql, String[] keys, Instant now) {
        return sql.preparedQuery(
                        "SELECT max(locked_until) AS until FROM auth_throttle WHERE key = ANY($1) AND locked_until > $2")
                .execute(Tuple.of(keys, Requests.utc(now)))
                .map(rows -> rows.iterator().next().getOffsetDateTime("until"));
    }

    /** Counts one failure in the window that began after `windowFrom` (or starts one); the count. */
    static Future<Integer> countFailure(SqlClient sql, String key, Instant now, Instant windowFrom) {
        return sql.preparedQuery(
                        """
            INSERT INTO auth_throttle (key, failures, window_start) VALUES ($1, 1, $2)
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN auth_throttle.window_start < $3 THEN 1 ELSE auth_throttle.failures + 1 END,
              window_start = CASE WHEN auth_throttle.window_start < $3 THEN $2 ELSE auth_throttle.window_start END
            RETURNING failures""")
                .execute(Tuple.of(key, Requests.utc(now), Requests.utc(windowFrom)))
                .map(rows -> rows.iterator().next().getInteger("failures"));
    }

    static Future<Void> lock(SqlClient sql, String key, Instant until, Instant now) {
        return Sql.run(
                sql,
                "UPDATE auth_throttle SET locked_until = $2, failures = 0, window_start = $3 WHERE key = $1",
                Tuple.of(key, Requests.utc(until), Requests.utc(now)));
    }

    /** Forgets the failures of a key that is not locked. */
    static Future<Void> reset(SqlClient sql, String key) {
        return Sql.run(sql, "DELETE FROM auth_throttle WHERE key = $1 AND (locked_until IS NULL)", Tuple.of(key));
    }
}
