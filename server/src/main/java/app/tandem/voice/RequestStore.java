package app.tandem.voice;

import app.tandem.access.Access;
import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Views requests in PostgreSQL: who may be asked (through the access rule), asking, and listing. */
final class RequestStore {
    /** A request as JSON; `answered` is the condition given on its views `v`. */
    private static String requestJson(String answered) {
        return """
      json_strip_nulls(json_build_object('id', q.id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'question', q.question, 'questionAudioId', q.question_audio_id, 'formats', q.formats,
        'scalePoints', q.scale_points, 'matCards', q.mat_cards,
        'about', json_build_object('kind', q.about, 'outcomeId', q.outcome_id, 'meetingId', q.meeting_id,
                                   'annualReviewId', q.annual_review_id, 'cycleId', q.cycle_id, 'heading', q.profile_heading),
        'inviteParents', q.invite_parents, 'askedBy', json_build_object('id', a.id, 'displayName', a.display_name),
        'createdAt', q.created_at,
        'answered', EXISTS (SELECT 1 FROM pupil_view v WHERE v.request_id = q.id AND %s))) AS request
      FROM views_request q JOIN pupil_profile p ON p.id = q.pupil_id JOIN person a ON a.id = q.asked_by"""
                .formatted(answered);
    }

    private static final String BY_PUPIL = "v.voice <> 'parent'";
    private static final String BY_PARENT = "v.voice = 'parent' AND v.submitted_by = $1";

    /**
     * The pupils this member of staff may ask, from those named, a class, or the SEN register;
     * always read through the access rule.
     */
    Future<List<UUID>> askable(SqlClient sql, UUID staffId, UUID schoolId, Asking.ForWhom target) {
        String which;
        Tuple args = Tuple.of(staffId, schoolId);
        if (target.pupilIds() != null) {
            which = "r.pupil_id = ANY($3)";
            args.addArrayOfUUID(target.pupilIds().toArray(UUID[]::new));
        } else if (target.classId() != null) {
            which = "r.class_id = $3";
            args.addUUID(target.classId());
        } else {
            which =
                    """
                (SELECT s.status FROM sen_status_history s WHERE s.pupil_id = r.pupil_id
                 ORDER BY s.changed_at DESC LIMIT 1) IN ('sen-support', 'ehc-plan')""";
        }
        return sql.preparedQuery(
                        "SELECT r.pupil_id FROM pupil_relationship r WHERE r.person_id = $1 AND r.school_id = $2 AND "
                                + Access.grants(Access.Action.ASK_VIEWS, "r") + " AND " + which
                                + " ORDER BY r.pupil_id")
                .execute(args)
                .map(rows -> {
                    List<UUID> ids = new java.util.ArrayList<>();
                    for (Row r : rows) ids.add(r.getUUID("pupil_id"));
                    return ids;
                });
    }

    /** Whether the thing the question is about belongs to the pupil (an outcome, meeting, annual review or cycle). */
    Future<Boolean> belongsTo(SqlClient sql, String table, UUID id, UUID pupilId) {
        return sql.preparedQuery("SELECT 1 FROM " + table + " WHERE id = $1 AND pupil_id = $2")
                .execute(Tuple.of(id, pupilId))
                .map(rows -> rows.size() == 1);
    }

    /** One request per pupil, in one statement. */
    Future<JsonArray> insert(
            SqlClient tx, UUID schoolId, UUID batchId, UUID askedBy, List<UUID> pupils, Asking b, Instant now) {
        Asking.About about = b.about();
        return tx.preparedQuery(
                        """
            WITH q AS (
              INSERT INTO views_request (school_id, pupil_id, batch_id, asked_by, question, question_audio_id, formats,
                scale_points, mat_cards, about, outcome_id, meeting_id, annual_review_id, cycle_id, profile_heading, invite_parents, created_at)
              SELECT $1, pupil, $2, $3, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $17, $14, $15, $16 FROM unnest($4::uuid[]) AS pupil
              RETURNING *)
            SELECT"""
                                + " "
                                + requestJson("false").replace("FROM views_request q", "FROM q")
                                + " ORDER BY p.last_name, p.first_name")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    batchId,
                    askedBy,
                    pupils.toArray(UUID[]::new),
                    b.question(),
                    b.questionAudioId(),
                    b.formats().toArray(String[]::new),
                    b.scalePoints() == null ? null : b.scalePoints().shortValue(),
                    b.matCards(),
                    about.kind(),
                    about.outcomeId(),
                    about.meetingId(),
                    about.annualReviewId(),
                    about.heading(),
                    b.inviteParents(),
                    Requests.utc(now),
                    about.cycleId()
                }))
                .map(RequestStore::requests);
    }

    /** A request of the school with its pupil, for answering; null when there is none. */
    /** A question asked of a pupil: which, about whom, and as the app shows it (its formats, scale, cards). */
    record Question(UUID id, UUID pupilId, JsonObject json) {}

    Future<Question> one(SqlClient sql, UUID requestId, UUID[] schoolIds) {
        return sql.preparedQuery("SELECT q.id, q.pupil_id, " + requestJson(BY_PUPIL)
                        + " WHERE q.id = $1 AND q.school_id = ANY ($2)")
                .execute(Tuple.of(requestId, (Object) schoolIds))
                .map(rows -> Sql.one(
                        rows,
                        r -> new Question(r.getUUID("id"), r.getUUID("pupil_id"), Json.object(r.getValue("request")))));
    }

    /** The questions a pupil has not answered yet, newest first. */
    Future<JsonArray> waitingForPupil(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery("SELECT " + requestJson("$1::uuid IS NOT NULL AND " + BY_PUPIL)
                        + " WHERE q.pupil_id = $1 AND NOT EXISTS (SELECT 1 FROM pupil_view v WHERE v.request_id = q.id AND "
                        + BY_PUPIL + ") ORDER BY q.created_at DESC LIMIT 50")
                .execute(Tuple.of(pupilId))
                .map(RequestStore::requests);
    }

    /** The requests inviting this parent, for the children the access rule lets them answer for. */
    Future<JsonArray> invitingParent(SqlClient sql, UUID parentId) {
        return sql.preparedQuery("SELECT " + requestJson(BY_PARENT)
                        + """
             JOIN pupil_relationship r ON r.pupil_id = q.pupil_id AND r.person_id = $1
            WHERE q.invite_parents AND """
                        + Access.grants(Access.Action.GIVE_VIEWS, "r")
                        + " AND r.relationship = 'parent' ORDER BY q.created_at DESC LIMIT 50")
                .execute(Tuple.of(parentId))
                .map(RequestStore::requests);
    }

    private static JsonArray requests(io.vertx.sqlclient.RowSet<Row> rows) {
        JsonArray items = new JsonArray();
        for (Row r : rows) items.add(Json.object(r.getValue("request")));
        return items;
    }
}
