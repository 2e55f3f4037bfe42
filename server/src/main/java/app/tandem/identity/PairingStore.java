package app.tandem.identity;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Pairing codes (only their SHA-256) for pupils' devices. */
final class PairingStore {
    private PairingStore() {}

    /** The pupil a redeemed code paired, and their school. */
    record Paired(UUID schoolId, UUID pupilId) {}

    static Future<Void> insert(
            SqlClient sql, byte[] codeHash, UUID schoolId, UUID pupilId, UUID by, Instant now, Instant expires) {
        return Sql.run(
                sql,
                """
            INSERT INTO pairing_code (code_hash, school_id, pupil_id, created_by, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)""",
                Tuple.of(Buffer.buffer(codeHash), schoolId, pupilId, by, Requests.utc(now), Requests.utc(expires)));
    }

    /** Spends a live, unused code; empty when there is none. */
    static Future<Optional<Paired>> redeem(SqlClient tx, byte[] codeHash, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE pairing_code SET redeemed_at = $2
            WHERE code_hash = $1 AND redeemed_at IS NULL AND expires_at > $2
            RETURNING school_id, pupil_id""")
                .execute(Tuple.of(Buffer.buffer(codeHash), Requests.utc(now)))
                .map(rows -> Optional.ofNullable(Sql.first(rows))
                        .map(r -> new Paired(r.getUUID("school_id"), r.getUUID("pupil_id"))));
    }
}
