package app.tandem.disagreement;

import app.tandem.access.Access;
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

/** Disagreements, their steps, and each school's links for families, in PostgreSQL. */
final class DisagreementStore {
    private DisagreementStore() {}

    private static final String DISAGREEMENT_JSON =
            """
      json_strip_nulls(json_build_object('id', d.id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'raisedBy', json_build_object('id', d.raised_by, 'displayName',
                      coalesce(u.display_name, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name)),
        'raisedAs', d.raised_as, 'about', d.about, 'summary', d.summary, 'state', d.state, 'takenTo', d.taken_to,
        'responseDueOn', d.response_due_on, 'raisedAt', d.raised_at,
        'steps', (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('state', t.state, 'note', t.note,
                    'metOn', t.met_on, 'recordedAt', t.recorded_at)) ORDER BY t.recorded_at), '[]'::json)
                  FROM disagreement_step t WHERE t.disagreement_id = d.id))) AS disagreement
      FROM disagreement d JOIN pupil_profile p ON p.id = d.pupil_id LEFT JOIN person u ON u.id = d.raised_by""";

    static Future<JsonObject> one(SqlClient sql, UUID id) {
        return Sql.jsonOne(sql, "SELECT " + DISAGREEMENT_JSON + " WHERE d.id = $1", Tuple.of(id));
    }

    /** The pupil's disagreements, newest first: every one, or only those this person raised. */
    static Future<JsonArray> ofPupil(SqlClient sql, UUID pupilId, UUID raisedBy) {
        return Sql.jsonList(
                sql,
                "SELECT " + DISAGREEMENT_JSON
                        + " WHERE d.pupil_id = $1 AND ($2::uuid IS NULL OR d.raised_by = $2) ORDER BY d.raised_at DESC",
                Tuple.of(pupilId, raisedBy));
    }

    /** The school's open disagreements the person answers for (the one relationship rule), soonest due first. */
    static Future<JsonArray> open(SqlClient sql, UUID schoolId, UUID staffId) {
        return Sql.jsonList(
                sql,
                "SELECT " + DISAGREEMENT_JSON
                        + " JOIN pupil_relationship r ON r.pupil_id = d.pupil_id AND r.person_id = $2"
                        + " WHERE d.school_id = $1 AND d.state IN ('raised', 'discussed') AND "
                        + Access.grants(Access.Action.HANDLE_DISAGREEMENT, "r")
                        + " ORDER BY d.response_due_on, d.raised_at LIMIT 500",
                Tuple.of(schoolId, staffId));
    }

    /** Whether the pupil is a young person now (their date, in their school's zone). */
    static Future<Boolean> youngPerson(SqlClient sql, UUID pupilId, Instant now) {
        return Sql.exists(
                sql,
                """
            SELECT 1 FROM pupil_profile p JOIN school_profile s ON s.id = p.school_id
            WHERE p.id = $1 AND p.young_person_from <= ($2 AT TIME ZONE s.time_zone)::date""",
                Tuple.of(pupilId, Requests.utc(now)));
    }

    record NewDisagreement(UUID schoolId, UUID pupilId, UUID raisedBy, String raisedAs, String about, String summary) {}

    /** Records it, answerable within the school's stated number of school days from its today. */
    static Future<UUID> insert(SqlClient tx, NewDisagreement d, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO disagreement (school_id, pupil_id, raised_by, raised_as, about, summary, state, response_due_on,
                                      raised_at, updated_at)
            SELECT $1, $2, $3, $4, $5, $6, 'raised',
                   school_days_after($1, ($7 AT TIME ZONE s.time_zone)::date,
                                     coalesce((SELECT response_school_days FROM where_to_turn WHERE school_id = $1), $8)),
                   $7, $7
            FROM school_profile s WHERE s.id = $1
            RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    d.schoolId(),
                    d.pupilId(),
                    d.raisedBy(),
                    d.raisedAs(),
                    d.about(),
                    d.summary(),
                    Requests.utc(now),
                    WhereToTurn.RESPONSE_SCHOOL_DAYS
                }))
                .map(Sql::id);
    }

    static Future<Row> owner(SqlClient sql, UUID id, UUID schoolId) {
        return sql.preparedQuery("SELECT pupil_id FROM disagreement WHERE id = $1 AND school_id = $2")
                .execute(Tuple.of(id, schoolId))
                .map(Sql::first);
    }

    /** Its state and who raised it, locked for a step, with the school's today. */
    record Current(UUID schoolId, UUID pupilId, UUID raisedBy, String state, java.time.LocalDate today) {}

    static Future<Current> lock(SqlClient tx, UUID id, Instant now) {
        return tx.preparedQuery(
                        """
            SELECT d.school_id, d.pupil_id, d.raised_by, d.state, ($2 AT TIME ZONE s.time_zone)::date AS today
            FROM disagreement d JOIN school_profile s ON s.id = d.school_id WHERE d.id = $1 FOR UPDATE OF d""")
                .execute(Tuple.of(id, Requests.utc(now)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Current(
                            r.getUUID("school_id"),
                            r.getUUID("pupil_id"),
                            r.getUUID("raised_by"),
                            r.getString("state"),
                            r.getLocalDate("today"));
                });
    }

    static Future<Void> step(SqlClient tx, UUID id, DisagreementRequests.Step s, UUID by, Instant now) {
        return Sql.run(
                        tx,
                        "UPDATE disagreement SET state = $2, taken_to = $3, updated_at = $4 WHERE id = $1",
                        Tuple.of(id, s.state(), s.takenTo(), Requests.utc(now)))
                .compose(v -> Sql.run(
                        tx,
                        """
            INSERT INTO disagreement_step (disagreement_id, state, note, met_on, recorded_by, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6)""",
                        Tuple.of(id, s.state(), s.note(), s.metOn(), by, Requests.utc(now))));
    }

    /** Whether the person who raised it may still hear about it (a link blocked since reaches no one). */
    static Future<Boolean> stillFamily(SqlClient sql, UUID personId, UUID pupilId) {
        return Sql.exists(
                sql,
                "SELECT 1 FROM pupil_relationship r WHERE r.person_id = $1 AND r.pupil_id = $2 AND "
                        + Access.grants(Access.Action.SPEAK_FOR_FAMILY, "r"),
                Tuple.of(personId, pupilId));
    }

    /** The school's links as families read them; null when it set none. */
    static Future<JsonObject> links(SqlClient sql, UUID schoolId) {
        return Sql.jsonOne(sql, "SELECT links FROM school_help_links WHERE school_id = $1", Tuple.of(schoolId));
    }

    static Future<Void> setLinks(SqlClient sql, UUID schoolId, DisagreementRequests.Links l, Instant now) {
        return Sql.run(
                sql,
                """
            INSERT INTO where_to_turn (school_id, sen_information_report_url, local_offer_url, sendiass_name, sendiass_phone,
                                       sendiass_url, response_school_days, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (school_id) DO UPDATE SET sen_information_report_url = $2, local_offer_url = $3, sendiass_name = $4,
              sendiass_phone = $5, sendiass_url = $6, response_school_days = $7, updated_at = $8""",
                Tuple.from(new Object[] {
                    schoolId,
                    l.senInformationReportUrl(),
                    l.localOfferUrl(),
                    l.sendiassName(),
                    l.sendiassPhone(),
                    l.sendiassUrl(),
                    l.responseSchoolDays(),
                    Requests.utc(now)
                }));
    }

    /** The disagreements the person raised about the pupil. */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.pupil(
                        "disagreements.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('about', d.about, 'summary', d.summary,
                  'raisedAs', d.raised_as, 'raisedBy', person_named(d.raised_by, $1), 'raisedAt', d.raised_at,
                  'state', d.state, 'takenTo', d.taken_to, 'responseDueOn', d.response_due_on, 'updatedAt', d.updated_at,
                  'steps', (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('state', t.state, 'note', t.note,
                                      'metOn', t.met_on, 'recordedBy', person_named(t.recorded_by, $1),
                                      'recordedAt', t.recorded_at)) ORDER BY t.recorded_at), '[]')
                            FROM disagreement_step t WHERE t.disagreement_id = d.id))) ORDER BY d.raised_at), '[]')
         FROM disagreement d WHERE d.pupil_id = $2 AND d.raised_by = $1)"""));
    }
}
