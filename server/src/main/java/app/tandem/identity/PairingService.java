package app.tandem.identity;

import app.tandem.access.Access;
import app.tandem.platform.AppConfig.AuthSettings;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Pupils sign in without passwords: staff show a short-lived pairing code (or its QR code) on the
 * pupil's device, which redeems it for a pupil session that may do only what a pupil may do.
 */
record PairingService(
        Pool pool,
        Access access,
        IdentityService identity,
        SessionStore sessions,
        Authenticator authenticator,
        Throttle throttle,
        AuthSettings settings,
        Clock clock) {
    Future<IdentityAnswers.PairingCode> create(Caller caller, UUID pupilId) {
        String code = Codes.humanCode(2);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.pairingCodeTtl());
        return access.require(caller, pupilId, Access.Action.MANAGE_DEVICES)
                .compose(pupil -> PairingStore.insert(
                        pool,
                        Codes.sha256(Codes.normalise(code)),
                        pupil.schoolId(),
                        pupilId,
                        caller.subject(),
                        now,
                        expires))
                .map(done -> new IdentityAnswers.PairingCode(code, expires));
    }

    Future<TokenPair> redeem(String code, String deviceName, String address) {
        List<Throttle.Limit> limits =
                List.of(new Throttle.Limit("pairing:" + address, settings.maxFailuresPerAddress()));
        Instant now = clock.instant();
        return throttle.check(pool, limits, now)
                .compose(v ->
                        pool.withTransaction(tx -> PairingStore.redeem(tx, Codes.sha256(Codes.normalise(code)), now)
                                .compose(paired -> {
                                    if (paired.isEmpty()) return Future.succeededFuture(Optional.<TokenPair>empty());
                                    return identity.openSession(
                                                    tx,
                                                    paired.get().schoolId(),
                                                    null,
                                                    paired.get().pupilId(),
                                                    Caller.Kind.PUPIL,
                                                    Set.of(),
                                                    deviceName,
                                                    true)
                                            .map(Optional::of);
                                })))
                .compose(tokens -> tokens.isPresent()
                        ? Future.succeededFuture(tokens.get())
                        : throttle.fail(pool, limits, now)
                                .compose(v -> Future.failedFuture(Problem.invalid(
                                        "body.code", "This code cannot be used. Ask your teacher for a new one."))));
    }

    Future<List<JsonObject>> devices(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DEVICES)
                .compose(pupil -> sessions.openSessions(pool, "pupil_id", pupilId, clock.instant()))
                .map(open -> open.stream().map(o -> o.json("pairedAt")).toList());
    }

    Future<Void> revoke(Caller caller, UUID pupilId, UUID deviceId) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DEVICES)
                .compose(pupil -> sessions.revoke(pool, deviceId, pupilId, "revoked-by-staff", clock.instant()))
                .compose(done -> {
                    authenticator.forget(deviceId);
                    return done ? Future.<Void>succeededFuture() : Future.failedFuture(Problem.notFound());
                });
    }
}
