package app.tandem.identity;

import app.tandem.platform.AppConfig.AuthSettings;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signing in and out: passwords (and TOTP for staff), sessions, refresh rotation with reuse detection. */
record IdentityService(
        Pool pool,
        IdentityStore accounts,
        SessionStore sessions,
        AccessTokens tokens,
        Authenticator authenticator,
        Throttle throttle,
        PasswordHasher hasher,
        WorkerExecutor passwordWorkers,
        AuthSettings settings,
        Clock clock) {
    private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

    List<Throttle.Limit> accountLimits(String email, String address) {
        return List.of(
                new Throttle.Limit("account:" + email, settings.maxFailuresPerAccount()),
                new Throttle.Limit("address:" + address, settings.maxFailuresPerAddress()));
    }

    Future<TokenPair> login(String rawEmail, String password, String totp, String deviceName, String address) {
        String email = rawEmail.toLowerCase(Locale.ROOT);
        List<Throttle.Limit> limits = accountLimits(email, address);
        Instant now = clock.instant();
        return throttle.check(pool, limits, now)
                .compose(v -> accounts.byEmail(pool, email))
                .compose(found -> verifyPassword(
                                found.map(IdentityStore.Account::passwordHash).orElse(null), password)
                        .compose(matches -> {
                            Optional<IdentityStore.Account> account = found.filter(a -> matches && a.active());
                            if (account.isEmpty()) return failed(limits, now, invalidCredentials());
                            IdentityStore.Account a = account.get();
                            boolean mustEnrol =
                                    a.kind().equals("staff") && a.schoolRequiresMfa() && a.totpSecret() == null;
                            // A young person's account id is their pupil id: their session is the pupil's own.
                            boolean youngPerson = a.kind().equals("young-person");
                            return secondFactor(a, totp, limits, now)
                                    .compose(r -> throttle.reset(pool, "account:" + email))
                                    .compose(r -> openSession(
                                            pool,
                                            a.schoolId(),
                                            youngPerson ? null : a.id(),
                                            youngPerson ? a.id() : null,
                                            kindOf(a),
                                            rolesOf(a),
                                            deviceName,
                                            !mustEnrol));
                        }));
    }

    /** Staff with an authenticator must give its code, or one of their single-use recovery codes. */
    private Future<Void> secondFactor(
            IdentityStore.Account account, String code, List<Throttle.Limit> limits, Instant now) {
        if (account.totpSecret() == null) return Future.succeededFuture();
        if (code == null || code.isBlank()) {
            return Future.failedFuture(
                    new Problem(ProblemType.MFA_REQUIRED, "Enter the code from your authenticator app."));
        }
        long step = Totp.step(account.totpSecret(), code, now);
        if (step >= 0)
            return accounts.spendTotpStep(pool, account.id(), step)
                    .compose(fresh ->
                            fresh ? Future.<Void>succeededFuture() : failed(limits, now, invalidCredentials()));
        String normalised = Codes.normalise(code);
        if (!normalised.matches("[A-Z2-9]{10}")) return failed(limits, now, invalidCredentials());
        return MfaStore.spendRecoveryCode(pool, account.id(), Codes.sha256(normalised), now)
                .compose(spent -> spent ? Future.<Void>succeededFuture() : failed(limits, now, invalidCredentials()));
    }

    private <T> Future<T> failed(List<Throttle.Limit> limits, Instant now, Problem problem) {
        return throttle.fail(pool, limits, now).compose(v -> Future.failedFuture(problem));
    }

    static Problem invalidCredentials() {
        return new Problem(ProblemType.UNAUTHORIZED, "The email, password or code is not right.");
    }

    Future<Boolean> verifyPassword(String hash, String password) {
        return passwordWorkers.executeBlocking(() -> hasher.verify(hash, password), false);
    }

    Future<String> hashPassword(String password) {
        return passwordWorkers.executeBlocking(() -> hasher.hash(password), false);
    }

    /** Opens a session and returns its first tokens; used by every way of signing in. */
    Future<TokenPair> openSession(
            SqlClient sql,
            UUID schoolId,
            UUID userId,
            UUID pupilId,
            Caller.Kind kind,
            Set<Caller.Role> roles,
            String deviceName,
            boolean fullScope) {
        Instant now = clock.instant();
        String refresh = Codes.refreshToken();
        return sessions.createSession(
                        sql, schoolId, userId, pupilId, deviceName, fullScope, now, now.plus(settings.sessionTtl()))
                .compose(sessionId -> sessions.addRefreshToken(sql, sessionId, Codes.sha256(refresh), now)
                        .map(v -> new TokenPair(
                                tokens.issue(
                                        userId != null ? userId : pupilId,
                                        kind,
                                        schoolId,
                                        SessionStore.wireRoles(roles),
                                        sessionId),
                                refresh,
                                tokens.ttl().toSeconds())));
    }

    /** Rotates a refresh token. A token used twice was copied: its whole session is revoked. */
    Future<TokenPair> refresh(String refreshToken) {
        byte[] hash = Codes.sha256(refreshToken);
        Instant now = clock.instant();
        return pool.withTransaction(
                        tx -> sessions.useRefreshToken(tx, hash, now).compose(sessionId -> {
                            if (sessionId.isEmpty()) return Future.succeededFuture(Optional.<TokenPair>empty());
                            return sessions.state(tx, sessionId.get(), now).compose(state -> {
                                if (state.isEmpty() || !state.get().open())
                                    return Future.succeededFuture(Optional.<TokenPair>empty());
                                SessionState s = state.get();
                                String next = Codes.refreshToken();
                                return sessions.addRefreshToken(tx, s.sessionId(), Codes.sha256(next), now)
                                        .compose(v ->
                                                sessions.touch(tx, s.sessionId(), now, now.plus(settings.sessionTtl())))
                                        .map(v -> Optional.of(new TokenPair(
                                                tokens.issue(
                                                        s.subject(),
                                                        s.kind(),
                                                        s.schoolId(),
                                                        SessionStore.wireRoles(s.roles()),
                                                        s.sessionId()),
                                                next,
                                                tokens.ttl().toSeconds())));
                            });
                        }))
                .compose(pair -> pair.isPresent() ? Future.succeededFuture(pair.get()) : refused(hash, now));
    }

    private Future<TokenPair> refused(byte[] hash, Instant now) {
        return sessions.sessionOfUsedToken(pool, hash).compose(reused -> {
            if (reused.isEmpty()) return Future.failedFuture(sessionEnded());
            UUID sessionId = reused.get();
            log.atWarn().addKeyValue("sessionId", sessionId).log("refresh token reused: session revoked");
            authenticator.forget(sessionId);
            return pool.withTransaction(tx -> sessions.revokeAny(tx, sessionId, "refresh-token-reuse", now)
                            .compose(v -> SessionStore.noteTokenReuse(tx, sessionId, now)))
                    .compose(v -> Future.failedFuture(sessionEnded()));
        });
    }

    private static Problem sessionEnded() {
        return new Problem(ProblemType.UNAUTHORIZED, "This session has ended. Sign in again.");
    }

    Future<Void> logout(Caller caller) {
        authenticator.forget(caller.sessionId());
        return sessions.revoke(pool, caller.sessionId(), caller.subject(), "logout", clock.instant())
                .mapEmpty();
    }

    Future<List<JsonObject>> listSessions(Caller caller) {
        String owner = caller.kind() == Caller.Kind.PUPIL ? "pupil_id" : "user_id";
        return sessions.openSessions(pool, owner, caller.subject(), clock.instant())
                .map(open -> open.stream()
                        .map(o -> o.json("createdAt").put("current", o.id().equals(caller.sessionId())))
                        .toList());
    }

    Future<Void> revokeSession(Caller caller, UUID sessionId) {
        authenticator.forget(sessionId);
        return sessions.revoke(pool, sessionId, caller.subject(), "revoked-by-owner", clock.instant())
                .compose(done -> done ? Future.<Void>succeededFuture() : Future.failedFuture(Problem.notFound()));
    }

    static Caller.Kind kindOf(IdentityStore.Account account) {
        return switch (account.kind()) {
            case "staff" -> Caller.Kind.STAFF;
            case "young-person" -> Caller.Kind.PUPIL;
            default -> Caller.Kind.PARENT;
        };
    }

    static Set<Caller.Role> rolesOf(IdentityStore.Account account) {
        Set<Caller.Role> roles = EnumSet.noneOf(Caller.Role.class);
        for (String role : account.roles()) roles.add(Caller.Role.of(role));
        return roles;
    }
}
