package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.disagreement.WhereToTurn;
import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The SEND record in PostgreSQL. Lists come back as JSON built by the query, nulls left out. */
final class RecordStore {
    private static final String NEED_JSON =
            """
      json_strip_nulls(json_build_object('id', n.id, 'area', n.area, 'description', n.description, 'current', n.ended_at IS NULL,
        'createdAt', n.created_at, 'endedAt', n.ended_at)) AS need""";

    Future<JsonArray> needs(SqlClient sql, UUID pupilId) {
        return Sql.jsonList(
                sql,
                "SELECT " + NEED_JSON
                        + " FROM need n WHERE n.pupil_id = $1 ORDER BY (n.ended_at IS NULL) DESC, n.created_at",
                Tuple.of(pupilId));
    }

    Future<JsonObject> need(SqlClient sql, UUID pupilId, UUID needId) {
        return Sql.jsonOne(
                sql,
                "SELECT " + NEED_JSON + " FROM need n WHERE n.pupil_id = $1 AND n.id = $2",
                Tuple.of(pupilId, needId));
    }

    /**
     * The current status (from the pupil) and its history, newest first; beside them, for the
     * record's page, the pupil's name (`_name`) and where the family can turn (`_help`).
     */
    Future<JsonObject> status(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery(
                        """
            SELECT p.sen_status, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS name,
                   (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('status', h.status, 'planIssuedOn', h.plan_issued_on,
                             'planReviewDue', h.plan_review_due, 'localAuthority', h.local_authority, 'note', h.note,
                             'changedAt', h.changed_at, 'changedBy', u.display_name)) ORDER BY h.changed_at DESC), '[]'::json)
                    FROM sen_status_change h JOIN person u ON u.id = h.changed_by WHERE h.pupil_id = p.id) AS history,
                   (SELECT h.links FROM school_help_links h WHERE h.school_id = p.school_id) AS help
            FROM pupil_profile p WHERE p.id = $1""")
                .execute(Tuple.of(pupilId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    JsonArray history = Json.array(r.getValue("history"));
                    JsonObject status = new JsonObject()
                            .put("status", r.getString("sen_status"))
                            .put("history", history)
                            .put("_name", r.getString("name"))
                            .put("_help", WhereToTurn.of(Json.object(r.getValue("help"))));
                    if (!history.isEmpty() && SenStatus.of(r.getString("sen_status")) == SenStatus.EHC_PLAN) {
                        JsonObject latest = history.getJsonObject(0);
                        for (String key : new String[] {"planIssuedOn", "planReviewDue", "localAuthority"}) {
                            if (latest.containsKey(key)) status.put(key, latest.getValue(key));
                        }
                    }
                    return status;
                });
    }

    /** Every change, for staff: who, what and when. */
    /** Who writes to a pupil's record, and when: every entry of the change log says so. */
    record Writer(UUID schoolId, UUID pupilId, UUID by, Instant now) {
        static Writer of(Access.PupilRef pupil, Caller caller, Instant now) {
            return new Writer(pupil.schoolId(), pupil.pupilId(), caller.subject(), now);
        }
    }

    Future<Void> log(SqlClient tx, Writer writer, String entity, UUID entityId, String action, JsonObject detail) {
        return Sql.run(
                tx,
                """
            INSERT INTO record_change (school_id, pupil_id, entity, entity_id, action, detail, changed_by, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
                Tuple.from(new Object[] {
                    writer.schoolId(),
                    writer.pupilId(),
                    entity,
                    entityId,
                    action,
                    detail,
                    writer.by(),
                    Requests.utc(writer.now())
                }));
    }

    // --- writes

    /** A change of SEN status, with the plan's dates and local authority when it is an EHC plan. */
    record StatusChange(
            SenStatus status, LocalDate planIssuedOn, LocalDate planReviewDue, String localAuthority, String note) {}

    /** The pupil's status and first name, locked for a change. */
    record CurrentStatus(SenStatus status, String firstName) {}

    Future<CurrentStatus> lockStatus(SqlClient tx, UUID pupilId) {
        return tx.preparedQuery(
                        "SELECT sen_status, coalesce(preferred_name, first_name) AS name FROM pupil_profile WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(pupilId))
                .map(rows -> new CurrentStatus(
                        SenStatus.of(rows.iterator().next().getString("sen_status")),
                        rows.iterator().next().getString("name")));
    }

    /** Records the change in the history and on the pupil; returns the history row's id. */
    Future<UUID> changeStatus(SqlClient tx, UUID schoolId, UUID pupilId, StatusChange c, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO sen_status_change (school_id, pupil_id, status, plan_issued_on, plan_review_due, local_authority, note,
                                           changed_by, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    pupilId,
                    c.status().wire(),
                    c.planIssuedOn(),
                    c.planReviewDue(),
                    c.localAuthority(),
                    c.note(),
                    by,
                    Requests.utc(now)
                }))
                .map(Sql::id)
                .compose(id -> tx.preparedQuery("SELECT set_sen_status($1, $2)")
                        .execute(Tuple.of(pupilId, c.status().wire()))
                        .map(id));
    }

    Future<UUID> insertNeed(
            SqlClient tx, UUID schoolId, UUID pupilId, String area, String description, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO need (school_id, pupil_id, area, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                .execute(Tuple.of(schoolId, pupilId, area, description, by, Requests.utc(now)))
                .map(Sql::id);
    }

    /** Ends a current need; false when it is not the pupil's or has already ended. */
    Future<Boolean> endNeed(SqlClient tx, UUID pupilId, UUID needId, Instant now) {
        return tx.preparedQuery("UPDATE need SET ended_at = $3 WHERE id = $1 AND pupil_id = $2 AND ended_at IS NULL")
                .execute(Tuple.of(needId, pupilId, Requests.utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A page of the change log, newest first, before the entry numbered `before`. */
    Future<RowSet<Row>> changes(SqlClient sql, UUID pupilId, long before, int limit) {
        return sql.preparedQuery(
                        """
            SELECT r.id, r.entity, r.entity_id, r.action, r.detail, u.display_name, r.changed_at
            FROM record_change r JOIN person u ON u.id = r.changed_by
            WHERE r.pupil_id = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT $3""")
                .execute(Tuple.of(pupilId, before, limit + 1));
    }

    /** The pupil's record as the family may see it: never staff-only ratings, whose number is told. (Its part of a subject access export.) */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.pupil(
                        "send-record.json",
                        "senStatusHistory",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('status', c.status, 'planIssuedOn', c.plan_issued_on,
                  'planReviewDue', c.plan_review_due, 'localAuthority', c.local_authority, 'note', c.note,
                  'changedBy', person_named(c.changed_by, $1), 'changedAt', c.changed_at)) ORDER BY c.changed_at), '[]')
         FROM sen_status_change c WHERE c.pupil_id = $2)"""),
                SubjectData.Part.pupil(
                        "send-record.json",
                        "needs",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('area', n.area, 'description', n.description,
                  'recordedBy', person_named(n.created_by, $1), 'recordedAt', n.created_at, 'endedAt', n.ended_at))
                  ORDER BY n.created_at), '[]')
         FROM need n WHERE n.pupil_id = $2)"""),
                SubjectData.Part.pupil(
                        "send-record.json",
                        "reviewCycles",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('openedOn', y.opened_on, 'reviewOn', y.review_on,
                  'openedBy', person_named(y.opened_by, $1), 'closedAt', y.closed_at,
                  'closedBy', person_named(y.closed_by, $1), 'reviewRecord', y.review_record, 'atHome', y.at_home,
                  'nextSteps', y.next_steps)) ORDER BY y.opened_on), '[]')
         FROM review_cycle y WHERE y.pupil_id = $2)"""),
                SubjectData.Part.pupil(
                        "outcomes-and-progress.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('title', o.title, 'pupilTitle', o.pupil_title,
                  'area', o.area, 'agreedWith', o.agreed_with, 'startsOn', o.starts_on, 'reviewOn', o.review_on,
                  'setBy', person_named(o.created_by, $1), 'setAt', o.created_at, 'closedAt', o.closed_at,
                  'result', o.result, 'closingNote', o.closing_note,
                  'progress', (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('recordedOn', g.recorded_on,
                                         'rating', g.rating, 'note', g.note, 'recordedBy', person_named(g.recorded_by, $1)))
                                         ORDER BY g.recorded_on), '[]') FROM progress g
                               WHERE g.outcome_id = o.id AND NOT g.staff_only))) ORDER BY o.created_at), '[]')
         FROM outcome o WHERE o.pupil_id = $2)"""),
                SubjectData.Part.pupil(
                        "provision.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('name', v.name, 'description', v.description,
                  'pupilDescription', v.pupil_description, 'frequency', v.frequency, 'sessionsPerWeek', v.sessions_per_week,
                  'deliveredBy', v.delivered_by, 'startsOn', v.starts_on, 'endsOn', v.ends_on,
                  'sessionsPlanned', v.sessions_planned, 'sessionsDelivered', v.sessions_delivered,
                  'addedBy', person_named(v.created_by, $1), 'addedAt', v.created_at)) ORDER BY v.starts_on), '[]')
         FROM provision v WHERE v.pupil_id = $2)"""),
                new SubjectData.Withheld(
                        "progress ratings staff kept to themselves",
                        "recorded as staff-only working notes",
                        "(SELECT count(*) FROM progress g JOIN outcome o ON o.id = g.outcome_id WHERE o.pupil_id = $2 AND g.staff_only)"));
    }
}
