package app.tandem.identity;

import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Brute-force limits on sign-in and code redemption, per account and per client address, kept in
 * the database so every replica counts together. A lock ends by time alone: no admin is needed,
 * and while locked even the right password is refused, so a lock tells an attacker nothing.
 */
record Throttle(Duration lockout) {
    /** How many failures within one lock period lock a key. */
    record Limit(String key, int maxFailures) {}

    /** Fails with 429 and Retry-After if any of the keys is locked now. */
    Future<Void> check(SqlClient sql, List<Limit> limits, Instant now) {
        String[] keys = limits.stream().map(Limit::key).toArray(String[]::new);
        return sql.preparedQuery(
                        "SELECT max(locked_until) AS until FROM auth_throttle WHERE key = ANY($1) AND locked_until > $2")
                .execute(Tuple.of(keys, Requests.utc(now)))
                .compose(rows -> {
                    OffsetDateTime until = rows.iterator().next().getOffsetDateTime("until");
                    if (until == null) return Future.succeededFuture();
                    return Future.failedFuture(Problem.tooManyRequests(
                            Duration.between(now, until.toInstant()).toSeconds() + 1));
                });
    }

    /** Counts a failure against every key, locking those that reach their limit. */
    Future<Void> fail(SqlClient sql, List<Limit> limits, Instant now) {
        Future<Void> all = Future.succeededFuture();
        for (Limit limit : limits) all = all.compose(v -> failOne(sql, limit, now));
        return all;
    }

    private Future<Void> failOne(SqlClient sql, Limit limit, Instant now) {
        return sql.preparedQuery(
                        """
            INSERT INTO auth_throttle (key, failures, window_start) VALUES ($1, 1, $2)
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN auth_throttle.window_start < $3 THEN 1 ELSE auth_throttle.failures + 1 END,
              window_start = CASE WHEN auth_throttle.window_start < $3 THEN $2 ELSE auth_throttle.window_start END
            RETURNING failures""")
                .execute(Tuple.of(limit.key(), Requests.utc(now), Requests.utc(now.minus(lockout))))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getInteger("failures") < limit.maxFailures()) return Future.succeededFuture();
                    return sql.preparedQuery(
                                    "UPDATE auth_throttle SET locked_until = $2, failures = 0, window_start = $3 WHERE key = $1")
                            .execute(Tuple.of(limit.key(), Requests.utc(now.plus(lockout)), Requests.utc(now)))
                            .mapEmpty();
                });
    }

    Future<Void> reset(SqlClient sql, String key) {
        return sql.preparedQuery("DELETE FROM auth_throttle WHERE key = $1 AND (locked_until IS NULL)")
                .execute(Tuple.of(key))
                .mapEmpty();
    }
}
