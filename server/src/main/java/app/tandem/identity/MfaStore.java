package app.tandem.identity;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Two-step sign-in's SQL: the secret waiting to be confirmed, the confirmed one, recovery codes. */
final class MfaStore {
    private MfaStore() {}

    /** Keeps a new secret until it is confirmed; the account's email, or null when MFA is set up already. */
    static Future<String> startEnrolment(SqlClient sql, UUID userId, String secret) {
        return sql.preparedQuery(
                        """
            UPDATE app_user SET totp_pending_secret = $2 WHERE id = $1 AND totp_secret IS NULL RETURNING email""")
                .execute(Tuple.of(userId, secret))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("email"));
    }

    /** The secret waiting to be confirmed, the account locked; null when there is none. */
    static Future<String> pendingSecret(SqlClient tx, UUID userId) {
        return tx.preparedQuery(
                        "SELECT totp_pending_secret FROM app_user WHERE id = $1 AND totp_secret IS NULL FOR UPDATE")
                .execute(Tuple.of(userId))
                .map(Sql::first)
                .map(row -> row == null ? null : row.getString("totp_pending_secret"));
    }

    /** The waiting secret becomes the account's, with the step its first code used, and its recovery codes kept (hashed). */
    static Future<Void> confirm(SqlClient tx, UUID userId, long step, List<byte[]> recoveryHashes) {
        return tx.preparedQuery(
                        """
            UPDATE app_user SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2
            WHERE id = $1""")
                .execute(Tuple.of(userId, step))
                .compose(v -> tx.preparedQuery("INSERT INTO mfa_recovery_code (user_id, code_hash) VALUES ($1, $2)")
                        .executeBatch(recoveryHashes.stream()
                                .map(hash -> Tuple.of(userId, Buffer.buffer(hash)))
                                .toList()))
                .mapEmpty();
    }

    /** Spends an unused recovery code of this account; false when it is not one. */
    static Future<Boolean> spendRecoveryCode(SqlClient sql, UUID userId, byte[] codeHash, Instant now) {
        return sql.preparedQuery(
                        "UPDATE mfa_recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL")
                .execute(Tuple.of(userId, Buffer.buffer(codeHash), Requests.utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }
}
