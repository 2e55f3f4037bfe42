package app.tandem.voice;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Pupils' and parents' views in PostgreSQL, as JSON built by the database. */
final class ViewStore {
    /** One view as the API shows it; `v` is the view, `q` its request. */
    static final String VIEW_JSON =
            """
      json_strip_nulls(json_build_object('id', v.id, 'requestId', v.request_id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'question', q.question,
        'about', json_build_object('kind', q.about, 'outcomeId', q.outcome_id, 'meetingId', q.meeting_id,
                                   'annualReviewId', q.annual_review_id, 'cycleId', q.cycle_id, 'heading', q.profile_heading),
        'format', v.format,
        'answer', v.answer || CASE WHEN m.id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('media',
                    jsonb_build_object('id', m.id, 'mediaType', m.media_type, 'sizeBytes', m.size_bytes,
                                       'durationSeconds', m.duration_ms / 1000.0)) END,
        'voice', json_build_object('kind', v.voice, 'support', v.support, 'mediatedBy',
                   CASE WHEN u.id IS NOT NULL THEN json_build_object('id', u.id, 'displayName', u.display_name) END),
        'createdAt', v.created_at, 'shared', v.shared_at IS NOT NULL, 'sharedAt', v.shared_at,
        'withdrawn', v.withdrawn_at IS NOT NULL, 'concernRaised', v.concern_at IS NOT NULL))""";

    static final String FROM =
            """
      FROM pupil_view v JOIN views_request q ON q.id = v.request_id JOIN pupil_profile p ON p.id = v.pupil_id
      LEFT JOIN voice_media m ON m.id = v.media_id LEFT JOIN person u ON u.id = v.mediated_by""";

    Future<UUID> insert(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            UUID requestId,
            Answers.Answer answer,
            UUID submittedBy,
            boolean sharedAtOnce,
            Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO pupil_view (school_id, pupil_id, request_id, voice, support, mediated_by, submitted_by, format,
                                    answer, media_id, created_at, shared_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11::timestamptz, CASE WHEN $12 THEN $11::timestamptz END)
            RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    pupilId,
                    requestId,
                    answer.voice(),
                    answer.support(),
                    answer.mediatedBy(),
                    submittedBy,
                    answer.format(),
                    answer.answer(),
                    answer.mediaId(),
                    Requests.utc(now),
                    sharedAtOnce
                }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** The pupil and school of a view, to decide who may act on it; null when it is not the school's. */
    Future<Row> owner(SqlClient sql, UUID viewId, UUID[] schoolIds) {
        return sql.preparedQuery(
                        "SELECT pupil_id, voice, submitted_by, withdrawn_at, concern_at, shared_at FROM pupil_view WHERE id = $1 AND school_id = ANY ($2)")
                .execute(Tuple.of(viewId, (Object) schoolIds))
                .map(Sql::first);
    }

    /** One view, if the audience's condition lets this person see it; null otherwise. */
    Future<JsonObject> one(SqlClient sql, UUID viewId, Audience audience, UUID person) {
        return sql.preparedQuery(
                        "SELECT " + VIEW_JSON + " AS view " + FROM + " WHERE v.id = $1 AND " + audience.condition("$2"))
                .execute(Tuple.of(viewId, person))
                .map(rows -> rows.size() == 0
                        ? null
                        : Json.object(rows.iterator().next().getValue("view")));
    }

    /** A pupil's views this person may see, newest first. */
    Future<JsonArray> list(SqlClient sql, UUID pupilId, Audience audience, UUID person, int limit) {
        return sql.preparedQuery("SELECT " + VIEW_JSON + " AS view " + FROM + " WHERE v.pupil_id = $1 AND "
                        + audience.condition("$2") + " ORDER BY v.created_at DESC, v.id LIMIT $3")
                .execute(Tuple.of(pupilId, person, limit))
                .map(rows -> {
                    JsonArray views = new JsonArray();
                    for (Row r : rows) views.add(Json.object(r.getValue("view")));
                    return views;
                });
    }

    /** The views given about a SEN support cycle that this person may see, oldest first. */
    Future<JsonArray> aboutCycle(SqlClient sql, UUID cycleId, Audience audience, UUID person) {
        return Sql.jsonList(
                sql,
                "SELECT " + VIEW_JSON + " AS view " + FROM + " WHERE q.cycle_id = $1 AND " + audience.condition("$2")
                        + " ORDER BY v.created_at, v.id LIMIT 50",
                Tuple.of(cycleId, person));
    }

    Future<Boolean> share(SqlClient tx, UUID viewId, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE pupil_view SET shared_at = $3, shared_by = $2
            WHERE id = $1 AND shared_at IS NULL AND withdrawn_at IS NULL AND concern_at IS NULL""")
                .execute(Tuple.of(viewId, by, Requests.utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    Future<Void> withdraw(SqlClient tx, UUID viewId, Instant now) {
        return Sql.run(
                tx,
                "UPDATE pupil_view SET withdrawn_at = coalesce(withdrawn_at, $2) WHERE id = $1",
                Tuple.of(viewId, Requests.utc(now)));
    }

    /** Marks the view as raised with the safeguarding lead and takes it back from parents; false if already raised. */
    Future<Boolean> raiseConcern(SqlClient tx, UUID viewId, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE pupil_view SET concern_at = $2, shared_at = NULL, shared_by = NULL
            WHERE id = $1 AND concern_at IS NULL""")
                .execute(Tuple.of(viewId, Requests.utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A view's recording or drawing in an export: the view's id and the file's usual extension (null: none). */
    private static final String MEDIA_FILE =
            """
            (v.id || CASE m.media_type WHEN 'audio/mp4' THEN '.m4a' WHEN 'audio/ogg' THEN '.ogg' WHEN 'audio/webm' THEN '.webm'
              WHEN 'image/png' THEN '.png' WHEN 'image/jpeg' THEN '.jpg' WHEN 'image/heic' THEN '.heic' END)""";

    /** The pupil's views the family may see; how many are not (yet) theirs to see is told. (Its part of a subject access export.) */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.pupil(
                        "views.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'question', q.question,
                  'format', v.format, 'answer', v.answer, 'voice', v.voice, 'givenAt', v.created_at, 'sharedAt', v.shared_at,
                  'file', 'views/' || """
                                + MEDIA_FILE + ") ORDER BY v.created_at), '[]')"
                                + " FROM pupil_view v JOIN views_request q ON q.id = v.request_id"
                                + " LEFT JOIN voice_media m ON m.id = v.media_id WHERE v.pupil_id = $2 AND "
                                + Voice.parentSeesView("$1") + ")"),
                // The recordings and drawings of those views, one at a time.
                new SubjectData.Files(
                        "views",
                        "SELECT m.id, " + MEDIA_FILE
                                + " AS name FROM pupil_view v JOIN voice_media m ON m.id = v.media_id"
                                + " WHERE v.pupil_id = $2 AND " + Voice.parentSeesView("$1") + " ORDER BY v.created_at",
                        "SELECT content FROM voice_media WHERE id = $1"),
                new SubjectData.Withheld(
                        "the pupil's views not shared with the family",
                        "the pupil's own, not yet shared by staff, or withdrawn by the pupil",
                        "(SELECT count(*) FROM pupil_view v WHERE v.pupil_id = $2 AND "
                                + Voice.parentToldViewWithheld("$1") + ")"));
    }

    /** How many of these views are the pupil's. */
    static Future<Integer> countOf(SqlClient sql, UUID pupilId, List<UUID> viewIds) {
        return sql.preparedQuery("SELECT count(*) FROM pupil_view WHERE id = ANY($1) AND pupil_id = $2")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(viewIds.toArray(UUID[]::new))
                        .addUUID(pupilId))
                .map(rows -> rows.iterator().next().getInteger(0));
    }
}
