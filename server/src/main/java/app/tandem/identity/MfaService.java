package app.tandem.identity;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Staff two-step sign-in: enrol an authenticator app (TOTP) and receive single-use recovery codes.
 * DfE digital standards ask for MFA on accounts that reach sensitive data; a school can require it.
 */
record MfaService(Pool pool, SessionStore sessions, Authenticator authenticator, Clock clock) {
    private static final int RECOVERY_CODES = 10;

    Future<IdentityAnswers.TotpEnrolment> start(Caller caller) {
        caller.requireStaff();
        String secret = Totp.newSecret();
        return MfaStore.startEnrolment(pool, caller.subject(), secret)
                .compose(email -> email == null
                        ? Future.failedFuture(Problem.conflict("Two-step sign-in is already set up."))
                        : Future.succeededFuture(new IdentityAnswers.TotpEnrolment(secret, Totp.uri(secret, email))));
    }

    Future<IdentityAnswers.RecoveryCodes> confirm(Caller caller, String code) {
        caller.requireStaff();
        return pool.withTransaction(
                        tx -> MfaStore.pendingSecret(tx, caller.subject()).compose(pending -> {
                            if (pending == null)
                                return Future.failedFuture(
                                        Problem.conflict("Start setting up two-step sign-in first."));
                            long step = Totp.step(pending, code, clock.instant());
                            if (step < 0) {
                                return Future.failedFuture(Problem.invalid(
                                        "body.code", "That code is not right. Check your authenticator app."));
                            }
                            List<String> codes = new ArrayList<>();
                            List<byte[]> hashes = new ArrayList<>();
                            for (int i = 0; i < RECOVERY_CODES; i++) {
                                String recovery = Codes.humanCode(2);
                                codes.add(recovery);
                                hashes.add(Codes.sha256(Codes.normalise(recovery)));
                            }
                            return MfaStore.confirm(tx, caller.subject(), step, hashes)
                                    .compose(v -> sessions.setFullScope(tx, caller.sessionId()))
                                    .map(v -> new IdentityAnswers.RecoveryCodes(List.copyOf(codes)));
                        }))
                .onSuccess(done -> authenticator.forget(caller.sessionId()));
    }
}
