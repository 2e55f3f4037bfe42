package app.tandem.identity;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Establishes the caller of every operation that needs one: a valid access token, and a session
 * that is still open for an account that is still active. Session state is cached briefly, so a
 * revoked device or deactivated account loses access within seconds on every replica, and at once
 * on the replica that made the change.
 */
public final class Authenticator {
    /** Operations a member of staff may use before enrolling the MFA their school requires. */
    static final Set<String> ENROLMENT_OPERATIONS =
            Set.of("getMe", "logout", "startTotpEnrolment", "confirmTotpEnrolment");

    private final AccessTokens tokens;
    private final SessionStore store;
    private final Pool pool;
    private final Clock clock;
    private final Cache<UUID, SessionState> sessions = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(15))
            .maximumSize(100_000)
            .build();

    Authenticator(AccessTokens tokens, SessionStore store, Pool pool, Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.pool = pool;
        this.clock = clock;
    }

    /** The handler for one operation; it runs before the operation's own. */
    public Handler<RoutingContext> forOperation(String operationId) {
        return ctx -> authenticate(ctx, operationId).onSuccess(v -> ctx.next()).onFailure(ctx::fail);
    }

    private Future<Void> authenticate(RoutingContext ctx, String operationId) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7))
            return unauthorized("Sign in to do this.");
        return session(header.substring(7).trim()).compose(signedIn -> {
            if (!signedIn.state().fullScope() && !ENROLMENT_OPERATIONS.contains(operationId)) {
                return Future.failedFuture(
                        new Problem(ProblemType.FORBIDDEN, "Your school asks staff to set up two-step sign-in first."));
            }
            signedIn.state().toCaller().attachTo(ctx);
            return Future.succeededFuture();
        });
    }

    /** A verified access token: who, and until when. */
    public record Verified(Caller caller, Instant expiresAt) {}

    /**
     * A bare access token, as the live socket receives it: the same checks as an operation's, and a
     * session with full scope (staff still enrolling in MFA cannot open one).
     */
    Future<Verified> verify(String token) {
        return session(token)
                .compose(signedIn -> signedIn.state().fullScope()
                        ? Future.succeededFuture(new Verified(
                                signedIn.state().toCaller(), signedIn.claims().expiresAt()))
                        : unauthorized("This session has ended. Sign in again."));
    }

    private record SignedIn(AccessTokens.Claims claims, SessionState state) {}

    /** A valid access token whose session is still open and still the token's (same person, same school). */
    private Future<SignedIn> session(String token) {
        return tokens.verify(token)
                .map(c -> state(c.sessionId())
                        .compose(state -> state.isPresent() && matches(state.get(), c)
                                ? Future.succeededFuture(new SignedIn(c, state.get()))
                                : Authenticator.<SignedIn>unauthorized("This session has ended. Sign in again.")))
                .orElseGet(() -> unauthorized("Your sign-in has expired or is not valid. Sign in again."));
    }

    /** Whether the caller's session is still open (revocation reaches every replica within the cache's lifetime). */
    Future<Boolean> open(Caller caller) {
        return state(caller.sessionId())
                .map(state -> state.isPresent() && state.get().open());
    }

    private static boolean matches(SessionState state, AccessTokens.Claims c) {
        return state.open()
                && state.subject().equals(c.subject())
                && state.schoolId().equals(c.schoolId());
    }

    private Future<Optional<SessionState>> state(UUID sessionId) {
        SessionState cached = sessions.getIfPresent(sessionId);
        if (cached != null) return Future.succeededFuture(Optional.of(cached));
        return store.state(pool, sessionId, clock.instant())
                .onSuccess(s -> s.ifPresent(v -> sessions.put(sessionId, v)));
    }

    /** Forget what we knew of a session (revoked, re-scoped, or its account changed). */
    void forget(UUID sessionId) {
        sessions.invalidate(sessionId);
    }

    /** Forget every session: roles or activity of some account changed. */
    public void forgetAll() {
        sessions.invalidateAll();
    }

    private static <T> Future<T> unauthorized(String detail) {
        return Future.failedFuture(new Problem(
                ProblemType.UNAUTHORIZED, detail, List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"tandem\"")));
    }
}
