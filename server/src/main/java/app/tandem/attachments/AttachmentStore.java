package app.tandem.attachments;

import app.tandem.platform.Digests;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Uploaded files' SQL. */
final class AttachmentStore {
    private AttachmentStore() {}

    /** Keeps a checked file; its id, name, type and size. */
    static Future<Row> insert(
            SqlClient sql,
            UUID schoolId,
            UUID uploadedBy,
            String mediaType,
            String fileName,
            Buffer content,
            Instant now) {
        byte[] bytes = content.getBytes();
        return sql.preparedQuery(
                        """
              INSERT INTO attachment (school_id, uploaded_by, media_type, file_name, size_bytes, sha256, content, created_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, file_name, media_type, size_bytes""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    uploadedBy,
                    mediaType,
                    fileName,
                    bytes.length,
                    Buffer.buffer(Digests.sha256(bytes)),
                    content,
                    Requests.utc(now)
                }))
                .map(rows -> rows.iterator().next());
    }

    /** The file with who uploaded it and where; null when there is none. */
    static Future<Row> file(SqlClient sql, UUID id) {
        return sql.preparedQuery(
                        "SELECT school_id, uploaded_by, file_name, media_type, content FROM attachment WHERE id = $1")
                .execute(Tuple.of(id))
                .map(Sql::first);
    }

    /** How many of these files this person uploaded, in this school. */
    static Future<Integer> uploadedBy(SqlClient sql, List<UUID> ids, UUID uploadedBy, UUID schoolId) {
        return sql.preparedQuery(
                        "SELECT count(*) FROM attachment WHERE id = ANY($1) AND uploaded_by = $2 AND school_id = $3")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(ids.toArray(UUID[]::new))
                        .addUUID(uploadedBy)
                        .addUUID(schoolId))
                .map(rows -> rows.iterator().next().getInteger(0));
    }
}
