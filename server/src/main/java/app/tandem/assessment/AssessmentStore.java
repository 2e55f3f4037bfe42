package app.tandem.assessment;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Requests for an EHC needs assessment in PostgreSQL: the request, its steps, its clock. */
final class AssessmentStore {
    private AssessmentStore() {}

    /**
     * A request as the API speaks it: `a` the request, `p` its pupil, `s` its school; $1 is now, the
     * staff flag says whether the attached views' ids are shown.
     */
    private static String requestJson(String staff, boolean steps) {
        return """
      json_strip_nulls(json_build_object('id', a.id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'reassessment', a.reassessment, 'requestedBy', a.requested_by, 'localAuthority', a.local_authority,
        'reason', a.reason, 'state', a.state, 'sentOn', a.sent_on,
        'decisionExpectedBy', CASE WHEN a.state IN ('sent', 'information-requested') THEN a.sent_on + 42 END,
        'informationRequestedOn', a.information_requested_on,
        'informationDueOn', a.information_due_on, 'informationSentOn', a.information_sent_on, 'decidedOn', a.decided_on,
        'decisionLetterId', a.decision_letter_id, 'draftedOn', a.drafted_on, 'draftId', a.draft_id,
        'finishedOn', a.finished_on,
        'informationOverdue', CASE WHEN a.information_due_on IS NOT NULL THEN a.information_sent_on IS NULL
                                   AND a.information_due_on < ($1 AT TIME ZONE s.time_zone)::date END,
        'viewIds', CASE WHEN %s THEN to_json(a.view_ids) END,
        'steps', %s,
        'createdAt', a.created_at, 'updatedAt', a.updated_at))"""
                .formatted(
                        staff,
                        steps
                                ? "(SELECT json_agg(json_strip_nulls(json_build_object('step', t.step, 'on', t.on_day,"
                                        + " 'note', t.note, 'documentId', t.document_id, 'recordedAt', t.recorded_at))"
                                        + " ORDER BY t.recorded_at) FROM assessment_step t WHERE t.request_id = a.id)"
                                : "NULL");
    }

    private static final String FROM =
            " FROM assessment_request a JOIN pupil_profile p ON p.id = a.pupil_id JOIN school_profile s ON s.id = a.school_id";

    /** One request with its steps; null when there is none at the school. */
    static Future<JsonObject> one(SqlClient sql, UUID requestId, boolean staff, Instant now) {
        return Sql.jsonOne(
                sql,
                "SELECT " + requestJson("$3", true) + " AS request" + FROM + " WHERE a.id = $2",
                Tuple.of(Requests.utc(now), requestId, staff));
    }

    /**
     * The requests of the pupils the person follows (the record's readers: the one relationship
     * rule), the school's information owed soonest first, then the newest.
     */
    static Future<JsonArray> followed(
            SqlClient sql, UUID[] schoolIds, UUID personId, boolean staff, boolean inProgressOnly, Instant now) {
        return Sql.jsonList(
                sql,
                "SELECT " + requestJson("$4", false) + " AS request" + FROM
                        + " JOIN pupil_relationship r ON r.pupil_id = a.pupil_id AND r.person_id = $3"
                        + " WHERE a.school_id = ANY ($2) AND " + Access.grants(Access.Action.READ_RECORD, "r")
                        + " AND (NOT $5 OR a.state NOT IN ('not-assessing', 'plan-issued', 'plan-not-issued'))"
                        + " ORDER BY (a.information_sent_on IS NULL AND a.information_due_on IS NOT NULL) DESC,"
                        + " a.information_due_on, a.created_at DESC LIMIT 500",
                Tuple.of(Requests.utc(now), schoolIds, personId, staff, inProgressOnly));
    }

    /** The request's pupil, for the access rule; null when no such request is at the caller's schools. */
    static Future<Row> owner(SqlClient sql, UUID requestId, UUID[] schoolIds) {
        return sql.preparedQuery("SELECT pupil_id FROM assessment_request WHERE id = $1 AND school_id = ANY ($2)")
                .execute(Tuple.of(requestId, (Object) schoolIds))
                .map(Sql::first);
    }

    /** What the pupil is called in letters, and the school's today. */
    record Pupil(String name, LocalDate today, String zone) {}

    static Future<Pupil> pupil(SqlClient sql, UUID pupilId, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT coalesce(p.preferred_name, p.first_name) AS name, ($2 AT TIME ZONE s.time_zone)::date AS today, s.time_zone
            FROM pupil_profile p JOIN school_profile s ON s.id = p.school_id WHERE p.id = $1""")
                .execute(Tuple.of(pupilId, Requests.utc(now)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Pupil(r.getString("name"), r.getLocalDate("today"), r.getString("time_zone"));
                });
    }

    static Future<UUID> insert(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            AssessmentRequests.NewRequest r,
            String state,
            UUID by,
            Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO assessment_request (school_id, pupil_id, reassessment, requested_by, local_authority, reason, state,
                                            sent_on, view_ids, created_by, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    pupilId,
                    r.reassessment(),
                    r.requestedBy().wire,
                    r.localAuthority(),
                    r.reason(),
                    state,
                    r.sentOn(),
                    r.viewIds().toArray(UUID[]::new),
                    by,
                    Requests.utc(now)
                }))
                .map(Sql::id);
    }

    /** The request as it stands, locked for a step. */
    record Current(
            UUID schoolId,
            UUID pupilId,
            boolean reassessment,
            String authority,
            String state,
            LocalDate sentOn,
            LocalDate informationRequestedOn,
            LocalDate informationSentOn) {}

    static Future<Current> lock(SqlClient tx, UUID requestId) {
        return tx.preparedQuery(
                        """
            SELECT school_id, pupil_id, reassessment, local_authority, state, sent_on, information_requested_on,
                   information_sent_on
            FROM assessment_request WHERE id = $1 FOR UPDATE""")
                .execute(Tuple.of(requestId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Current(
                            r.getUUID("school_id"),
                            r.getUUID("pupil_id"),
                            r.getBoolean("reassessment"),
                            r.getString("local_authority"),
                            r.getString("state"),
                            r.getLocalDate("sent_on"),
                            r.getLocalDate("information_requested_on"),
                            r.getLocalDate("information_sent_on"));
                });
    }

    /** The kind of one of the pupil's documents; null when the pupil has no such document. */
    static Future<String> documentKind(SqlClient sql, UUID pupilId, UUID documentId) {
        return sql.preparedQuery("SELECT kind FROM document_of WHERE id = $1 AND pupil_id = $2")
                .execute(Tuple.of(documentId, pupilId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("kind"));
    }

    /** Applies a step: the new state, the step's own date column, and its row in the history. */
    static Future<Void> step(
            SqlClient tx,
            UUID requestId,
            AssessmentRequests.StepTaken s,
            LocalDate on,
            String state,
            UUID noticeId,
            UUID by,
            Instant now) {
        String column =
                switch (s.step()) {
                    case SENT -> "sent_on = $3";
                    case INFORMATION_REQUESTED -> "information_requested_on = $3, information_due_on = $3::date + "
                            + AssessmentStep.INFORMATION_DAYS;
                    case INFORMATION_SENT -> "information_sent_on = $3";
                    case DECIDED_TO_ASSESS, DECIDED_NOT_TO_ASSESS -> "decided_on = $3, decision_letter_id = $6";
                    case PLAN_DRAFTED -> "drafted_on = $3, draft_id = $6";
                    case PLAN_ISSUED -> "finished_on = $3";
                    case PLAN_NOT_ISSUED -> "finished_on = $3, decision_letter_id = coalesce($6, decision_letter_id)";
                };
        Tuple args =
                Tuple.of(requestId, state, on, Requests.utc(now), s.viewIds().toArray(UUID[]::new));
        // Only the steps with a document name it ($6): PostgreSQL types every parameter a statement has.
        if (s.step().documentKind() != null) args.addUUID(s.documentId());
        return tx.preparedQuery("UPDATE assessment_request SET state = $2, " + column
                        + ", view_ids = ARRAY(SELECT DISTINCT unnest(view_ids || $5::uuid[])), updated_at = $4"
                        + " WHERE id = $1")
                .execute(args)
                .compose(v -> Sql.run(
                        tx,
                        """
            INSERT INTO assessment_step (request_id, step, on_day, note, document_id, notice_id, recorded_by, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
                        Tuple.from(new Object[] {
                            requestId, s.step().wire, on, s.note(), s.documentId(), noticeId, by, Requests.utc(now)
                        })));
    }

    /** The creation, as the history's first line. */
    static Future<Void> created(
            SqlClient tx, UUID requestId, String state, LocalDate on, UUID noticeId, UUID by, Instant now) {
        return Sql.run(
                tx,
                """
            INSERT INTO assessment_step (request_id, step, on_day, notice_id, recorded_by, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6)""",
                Tuple.of(requestId, state, on, noticeId, by, Requests.utc(now)));
    }

    /**
     * Notes, once per request and due date, each request whose information for the local authority is
     * due within a week (the school's dates) and not yet sent; those noted now come back as the
     * SENCO's pushes.
     */
    static Future<List<Outbox.AboutPupil>> noteAlerts(SqlClient tx, Instant at) {
        return tx.preparedQuery(
                        """
            WITH reached AS (
              SELECT a.id, a.pupil_id, a.school_id, a.information_due_on
              FROM assessment_request a JOIN school_profile s ON s.id = a.school_id JOIN pupil_profile p ON p.id = a.pupil_id
              WHERE a.information_due_on IS NOT NULL AND a.information_sent_on IS NULL AND p.active
                AND a.state NOT IN ('not-assessing', 'plan-issued', 'plan-not-issued')
                AND a.information_due_on - 7 <= ($1 AT TIME ZONE s.time_zone)::date),
            noted AS (
              INSERT INTO assessment_alert (request_id, due_on, sent_at)
              SELECT id, information_due_on, $1 FROM reached
              ON CONFLICT DO NOTHING RETURNING request_id)
            SELECT r.id, r.pupil_id, r.school_id FROM reached r JOIN noted n ON n.request_id = r.id""")
                .execute(Tuple.of(Requests.utc(at)))
                .map(rows -> Outbox.AboutPupil.each(rows, "id", "assessment-information-due", "assessment"));
    }

    /** The pupil's assessment requests with their steps, and the views on draft plans the person gave or reads. */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.pupil(
                        "assessments.json",
                        "assessmentRequests",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('requestedBy', a.requested_by,
                  'reassessment', a.reassessment, 'localAuthority', a.local_authority, 'reason', a.reason, 'state', a.state,
                  'sentOn', a.sent_on, 'informationRequestedOn', a.information_requested_on,
                  'informationDueOn', a.information_due_on, 'informationSentOn', a.information_sent_on,
                  'decidedOn', a.decided_on, 'draftedOn', a.drafted_on, 'finishedOn', a.finished_on,
                  'preparedBy', person_named(a.created_by, $1), 'createdAt', a.created_at, 'updatedAt', a.updated_at,
                  'steps', (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('step', t.step, 'onDay', t.on_day,
                                      'note', t.note, 'recordedBy', person_named(t.recorded_by, $1),
                                      'recordedAt', t.recorded_at)) ORDER BY t.recorded_at), '[]')
                            FROM assessment_step t WHERE t.request_id = a.id))) ORDER BY a.created_at), '[]')
         FROM assessment_request a WHERE a.pupil_id = $2)"""),
                SubjectData.Part.pupil(
                        "assessments.json",
                        "draftPlanViews",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('givenAs', v.given_as,
                  'givenBy', person_named(v.given_by, $1), 'views', v.views, 'preferredSchool', v.preferred_school,
                  'givenAt', v.given_at)) ORDER BY v.given_at), '[]') FROM draft_plan_views v
         WHERE v.pupil_id = $2 AND (v.given_by = $1 OR v.given_as = 'school'))"""));
    }
}
