package app.tandem.messaging;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Concerns raised with the safeguarding lead, and every opening of one, in PostgreSQL. */
final class ConcernStore {
    private static final String CONCERN_JSON =
            """
      json_strip_nulls(json_build_object('id', k.id, 'conversationId', m.conversation_id, 'messageId', k.message_id,
        'pupilViewId', k.pupil_view_id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'flaggedBy', json_build_object('id', f.id, 'displayName', f.display_name), 'note', k.note, 'flaggedAt', k.flagged_at,
        'views', (SELECT coalesce(json_agg(json_build_object('viewer', json_build_object('id', vu.id, 'displayName', vu.display_name),
                         'firstSeenAt', cv.first_seen_at, 'lastSeenAt', cv.last_seen_at, 'views', cv.views)
                         ORDER BY cv.first_seen_at), '[]'::json)
                  FROM concern_view cv JOIN person vu ON vu.id = cv.viewer_id WHERE cv.concern_id = k.id))) AS concern
      FROM concern k LEFT JOIN message m ON m.id = k.message_id LEFT JOIN conversation c ON c.id = m.conversation_id
      LEFT JOIN pupil_view_subject pv ON pv.id = k.pupil_view_id
      JOIN pupil_profile p ON p.id = coalesce(c.pupil_id, pv.pupil_id) JOIN person f ON f.id = k.flagged_by""";

    Future<UUID> insert(SqlClient tx, UUID schoolId, UUID messageId, UUID flaggedBy, String note, Instant now) {
        return insert(tx, schoolId, "message_id", messageId, flaggedBy, note, now);
    }

    /** A concern about a pupil's view rather than a message. */
    Future<UUID> insertAboutView(SqlClient tx, UUID schoolId, UUID viewId, UUID flaggedBy, String note, Instant now) {
        return insert(tx, schoolId, "pupil_view_id", viewId, flaggedBy, note, now);
    }

    private Future<UUID> insert(
            SqlClient tx, UUID schoolId, String about, UUID aboutId, UUID flaggedBy, String note, Instant now) {
        return tx.preparedQuery("INSERT INTO concern (school_id, " + about
                        + ", flagged_by, note, flagged_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .execute(Tuple.of(schoolId, aboutId, flaggedBy, note, Requests.utc(now)))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** A page of the school's concerns, newest first, after (flaggedAt, id). */
    Future<RowSet<Row>> page(SqlClient sql, UUID schoolId, OffsetDateTime beforeTime, UUID beforeId, int limit) {
        return sql.preparedQuery("SELECT k.flagged_at, k.id, " + CONCERN_JSON
                        + " WHERE k.school_id = $1 AND ($2::timestamptz IS NULL OR (k.flagged_at, k.id) < ($2, $3::uuid))"
                        + " ORDER BY k.flagged_at DESC, k.id DESC LIMIT $4")
                .execute(Tuple.of(schoolId, beforeTime, beforeId, limit + 1));
    }

    /** Records that the viewer opened the concern; false when it is not a concern of the school. */
    Future<Boolean> recordView(SqlClient sql, UUID concernId, UUID schoolId, UUID viewerId, Instant now) {
        return sql.preparedQuery(
                        """
            INSERT INTO concern_view (concern_id, viewer_id, first_seen_at, last_seen_at)
            SELECT id, $3, $4, $4 FROM concern WHERE id = $1 AND school_id = $2
            ON CONFLICT (concern_id, viewer_id) DO UPDATE SET last_seen_at = excluded.last_seen_at, views = concern_view.views + 1""")
                .execute(Tuple.of(concernId, schoolId, viewerId, Requests.utc(now)))
                .map(recorded -> recorded.rowCount() > 0);
    }

    /** The concern as JSON, or null when it is not one of the school's. */
    /** A concern as the safeguarding lead sees it, and the message it is about (null ids: a pupil's view). */
    record Found(SqlJson concern, UUID conversationId, UUID messageId) {}

    Future<Found> one(SqlClient sql, UUID id, UUID schoolId) {
        return sql.preparedQuery("SELECT m.conversation_id, k.message_id, " + CONCERN_JSON
                        + " WHERE k.id = $1 AND k.school_id = $2")
                .execute(Tuple.of(id, schoolId))
                .map(rows -> Sql.one(
                        rows,
                        r -> new Found(
                                new SqlJson(Json.object(r.getValue("concern"))),
                                r.getUUID("conversation_id"),
                                r.getUUID("message_id"))));
    }
}
