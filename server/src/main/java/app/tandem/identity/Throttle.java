package app.tandem.identity;

import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
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
        return ThrottleStore.lockedUntil(sql, keys, now)
                .compose(until -> until == null
                        ? Future.succeededFuture()
                        : Future.failedFuture(Problem.tooManyRequests(
                                Duration.between(now, until.toInstant()).toSeconds() + 1)));
    }

    /** Counts a failure against every key, locking those that reach their limit. */
    Future<Void> fail(SqlClient sql, List<Limit> limits, Instant now) {
        Future<Void> all = Future.succeededFuture();
        for (Limit limit : limits) all = all.compose(v -> failOne(sql, limit, now));
        return all;
    }

    private Future<Void> failOne(SqlClient sql, Limit limit, Instant now) {
        return ThrottleStore.countFailure(sql, limit.key(), now, now.minus(lockout))
                .compose(failures -> failures < limit.maxFailures()
                        ? Future.succeededFuture()
                        : ThrottleStore.lock(sql, limit.key(), now.plus(lockout), now));
    }

    Future<Void> reset(SqlClient sql, String key) {
        return ThrottleStore.reset(sql, key);
    }
}
