package app.tandem.identity;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Staff two-step sign-in: enrol an authenticator app (TOTP) and receive single-use recovery codes.
 * DfE digital standards ask for MFA on accounts that reach sensitive data; a school can require it.
 */
record MfaService(Pool pool, SessionStore sessions, Authenticator authenticator, Clock clock) {
    private static final int RECOVERY_CODES = 10;

    Future<JsonObject> start(Caller caller) {
        caller.requireStaff();
        String secret = Totp.newSecret();
        return pool.preparedQuery(
                        """
            UPDATE app_user SET totp_pending_secret = $2 WHERE id = $1 AND totp_secret IS NULL RETURNING email""")
                .execute(Tuple.of(caller.subject(), secret))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(Problem.conflict("Two-step sign-in is already set up."))
                        : Future.succeededFuture(new JsonObject()
                                .put("secret", secret)
                                .put(
                                        "otpauthUri",
                                        Totp.uri(secret, rows.iterator().next().getString("email")))));
    }

    Future<JsonObject> confirm(Caller caller, String code) {
        caller.requireStaff();
        return pool.withTransaction(tx -> tx.preparedQuery(
                                "SELECT totp_pending_secret FROM app_user WHERE id = $1 AND totp_secret IS NULL FOR UPDATE")
                        .execute(Tuple.of(caller.subject()))
                        .compose(rows -> {
                            String pending = rows.size() == 0
                                    ? null
                                    : rows.iterator().next().getString("totp_pending_secret");
                            if (pending == null)
                                return Future.failedFuture(
                                        Problem.conflict("Start setting up two-step sign-in first."));
                            long step = Totp.step(pending, code, clock.instant());
                            if (step < 0) {
                                return Future.failedFuture(Problem.invalid(
                                        "body.code", "That code is not right. Check your authenticator app."));
                            }
                            List<String> codes = new ArrayList<>();
                            List<Tuple> hashes = new ArrayList<>();
                            for (int i = 0; i < RECOVERY_CODES; i++) {
                                String recovery = Codes.humanCode(2);
                                codes.add(recovery);
                                hashes.add(Tuple.of(
                                        caller.subject(), Buffer.buffer(Codes.sha256(Codes.normalise(recovery)))));
                            }
                            return tx.preparedQuery(
                                            """
                        UPDATE app_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2
                        WHERE id = $1""")
                                    .execute(Tuple.of(caller.subject(), step))
                                    .compose(v -> tx.preparedQuery(
                                                    "INSERT INTO mfa_recovery_code (user_id, code_hash) VALUES ($1, $2)")
                                            .executeBatch(hashes))
                                    .compose(v -> sessions.setFullScope(tx, caller.sessionId()))
                                    .map(v -> new JsonObject().put("recoveryCodes", new JsonArray(codes)));
                        }))
                .onSuccess(done -> authenticator.forget(caller.sessionId()));
    }
}
