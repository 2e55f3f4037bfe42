package app.tandem.identity;

import app.tandem.access.Access;
import app.tandem.platform.AppConfig.AuthSettings;
import app.tandem.platform.Wiring;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** The identity capability, wired: who is calling, and how people and devices sign in. */
public final class Identity extends Wiring {
    private final Authenticator authenticator;
    private final AccessTokens tokens;
    private final IdentityService service;
    private final InvitationService invitations;

    public Identity(
            Vertx vertx,
            Pool pool,
            Access access,
            SigningKeys keys,
            AuthSettings settings,
            boolean emailInvitations,
            java.net.URI publicUrl,
            Clock clock) {
        SessionStore sessions = new SessionStore();
        IdentityStore accounts = new IdentityStore();
        this.tokens = new AccessTokens(keys, settings.issuer(), settings.audience(), settings.accessTokenTtl(), clock);
        this.authenticator = new Authenticator(tokens, sessions, pool, clock);
        Throttle throttle = new Throttle(settings.lockout());
        this.service = new IdentityService(
                pool,
                accounts,
                sessions,
                tokens,
                authenticator,
                throttle,
                new PasswordHasher(),
                vertx.createSharedWorkerExecutor("tandem-passwords", 2),
                settings,
                clock);
        this.invitations = new InvitationService(
                pool,
                access,
                service,
                accounts,
                throttle,
                settings,
                emailInvitations,
                publicUrl.resolve("/join").toString(),
                clock);
        answers(new IdentityRoutes(
                        service,
                        invitations,
                        new PairingService(pool, access, service, sessions, authenticator, throttle, settings, clock),
                        new MfaService(pool, sessions, authenticator, clock),
                        accounts,
                        keys,
                        pool)
                .operations());
        holds(IdentityStore.subjectData());
        tidies(IdentityRetentionStore.chores());
    }

    /** Where an invitation email's link leads: how to get the app and sign in with the code (no account is made here). */
    @Override
    public void pages(io.vertx.ext.web.Router router, app.tandem.platform.WebPages pages) {
        app.tandem.platform.WebPages.get(router, "/join", ctx -> pages.render(ctx, 200, "join", Map.of()));
    }

    /** Signs a pupil's paired devices out, in the caller's transaction (a pupil who has left). */
    public static io.vertx.core.Future<Void> endPupilSessions(
            io.vertx.sqlclient.SqlClient tx, java.util.UUID pupilId, String reason) {
        return SessionStore.endForPupil(tx, pupilId, reason);
    }

    /** Runs before every operation whose contract asks for a bearer token. */
    public Handler<RoutingContext> authenticatorFor(String operationId) {
        return authenticator.forOperation(operationId);
    }

    /** Checks a bare access token (the live socket's sign-in). */
    public io.vertx.core.Future<Authenticator.Verified> verifyAccessToken(String token) {
        return authenticator.verify(token);
    }

    /** Whether the caller's session is still open. */
    public io.vertx.core.Future<Boolean> sessionOpen(app.tandem.platform.Caller caller) {
        return authenticator.open(caller);
    }

    /** Accounts' roles or activity changed somewhere: re-read every session's state. */
    public void forgetSessions() {
        authenticator.forgetAll();
    }

    /** A setup code for an account the school created, written in the caller's transaction. */
    public io.vertx.core.Future<SetupCodes.Issued> setupCode(
            io.vertx.sqlclient.SqlClient tx,
            java.util.UUID schoolId,
            java.util.UUID userId,
            String displayName,
            String email,
            java.util.UUID createdBy) {
        return invitations.setupCode(tx, schoolId, userId, displayName, email, createdBy);
    }

    /** Hashes a password on the password workers (for seeding and imports). */
    public io.vertx.core.Future<String> hashPassword(String password) {
        return service.hashPassword(password);
    }

    /** How many token signatures this replica has checked (tokens are verified once, then cached). */
    long signatureChecks() {
        return tokens.signatureChecks();
    }
}
