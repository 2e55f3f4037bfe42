package app.tandem.voice;

import app.tandem.platform.Digests;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/** Recordings' and pictures' SQL. */
final class MediaStore {
    private MediaStore() {}

    /** Keeps a checked file (metadata already scrubbed); its id, type, size and length. */
    static Future<Row> insert(
            SqlClient sql, UUID schoolId, UUID uploadedBy, String mediaType, byte[] bytes, Long millis, Instant now) {
        return sql.preparedQuery(
                        """
                INSERT INTO voice_media (school_id, uploaded_by, media_type, size_bytes, duration_ms, sha256, content, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, media_type, size_bytes, duration_ms""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    uploadedBy,
                    mediaType,
                    bytes.length,
                    millis == null ? null : millis.intValue(),
                    Buffer.buffer(Digests.sha256(bytes)),
                    Buffer.buffer(bytes),
                    Requests.utc(now)
                }))
                .map(rows -> rows.iterator().next());
    }

    /**
     * The person's own file that no view uses yet, claimed for the school of the view or question
     * it goes with (a parent's upload is kept at their account's school until then); null when
     * there is none.
     */
    static Future<Row> ownUnused(SqlClient tx, UUID mediaId, UUID uploadedBy, UUID[] schoolIds, UUID intoSchool) {
        return tx.preparedQuery(
                        """
            UPDATE voice_media m SET school_id = $4
            WHERE m.id = $1 AND m.uploaded_by = $2 AND m.school_id = ANY ($3)
              AND NOT EXISTS (SELECT 1 FROM pupil_view v WHERE v.media_id = m.id)
            RETURNING m.id, m.media_type""")
                .execute(Tuple.of(mediaId, uploadedBy, schoolIds, intoSchool))
                .map(Sql::first);
    }

    static Future<Row> find(SqlClient sql, UUID mediaId, UUID[] schoolIds) {
        return sql.preparedQuery(
                        """
            SELECT m.id, m.uploaded_by, m.media_type, m.content,
                   (SELECT v.id FROM pupil_view v WHERE v.media_id = m.id) AS view_id,
                   (SELECT q.pupil_id FROM views_request q WHERE q.question_audio_id = m.id LIMIT 1) AS question_pupil_id
            FROM voice_media m WHERE m.id = $1 AND m.school_id = ANY ($2)""")
                .execute(Tuple.of(mediaId, (Object) schoolIds))
                .map(Sql::first);
    }
}
