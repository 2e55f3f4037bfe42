package app.tandem.voice;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/** Each school's pupil-voice settings: its board, its feelings scale's words, sharing at once. */
final class SettingsStore {
    private SettingsStore() {}

    /** The school's settings row, or null when it has changed none. */
    static Future<Row> settings(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery("SELECT share_at_once, scale_words, board FROM voice_settings WHERE school_id = $1")
                .execute(Tuple.of(schoolId))
                .map(Sql::first);
    }

    /** Changes what is given (null keeps it); scale words merge into those set before. */
    static Future<Void> change(
            SqlClient sql,
            UUID schoolId,
            Boolean shareAtOnce,
            JsonObject scaleWords,
            JsonObject board,
            boolean resetBoard,
            UUID by,
            Instant now) {
        return Sql.run(
                sql,
                """
            INSERT INTO voice_settings (school_id, share_at_once, scale_words, board, updated_by, updated_at)
            VALUES ($1, coalesce($2, false), coalesce($3::jsonb, '{}'), $4::jsonb, $6, $7)
            ON CONFLICT (school_id) DO UPDATE SET
              share_at_once = coalesce($2, voice_settings.share_at_once),
              scale_words = voice_settings.scale_words || coalesce($3::jsonb, '{}'),
              board = CASE WHEN $5 THEN NULL ELSE coalesce($4::jsonb, voice_settings.board) END,
              updated_by = $6, updated_at = $7""",
                Tuple.from(new Object[] {schoolId, shareAtOnce, scaleWords, board, resetBoard, by, Requests.utc(now)}));
    }
}
