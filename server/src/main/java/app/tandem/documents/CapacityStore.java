package app.tandem.documents;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Capacity assessments in PostgreSQL; each read comes back as the JSON the API shows. */
final class CapacityStore {
    private CapacityStore() {}

    /** What the SENCO records: for which decision, when, by whom, with what outcome. */
    record Assessment(String decision, LocalDate assessedOn, String assessedBy, String outcome, String note) {
        static Assessment from(JsonObject b) {
            return new Assessment(
                    b.getString("decision"),
                    LocalDate.parse(b.getString("assessedOn")),
                    b.getString("assessedBy").strip(),
                    b.getString("outcome"),
                    b.getString("note"));
        }
    }

    private static final String JSON =
            """
      json_strip_nulls(json_build_object('id', c.id, 'decision', c.decision, 'assessedOn', c.assessed_on,
        'assessedBy', c.assessed_by, 'outcome', c.outcome, 'note', c.note, 'recordedAt', c.recorded_at)) AS assessment
      FROM capacity_assessment c""";

    static Future<UUID> insert(SqlClient sql, UUID schoolId, UUID pupilId, Assessment a, UUID by, Instant now) {
        return sql.preparedQuery(
                        """
            INSERT INTO capacity_assessment (school_id, pupil_id, decision, assessed_on, assessed_by, outcome, note,
                                             recorded_by, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    pupilId,
                    a.decision(),
                    a.assessedOn(),
                    a.assessedBy(),
                    a.outcome(),
                    a.note(),
                    by,
                    Requests.utc(now)
                }))
                .map(Sql::id);
    }

    static Future<JsonObject> one(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + JSON + " WHERE c.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> Json.object(rows.iterator().next().getValue("assessment")));
    }

    /** The pupil's assessments, newest first. */
    static Future<JsonArray> ofPupil(SqlClient sql, UUID pupilId) {
        return Sql.jsonList(
                sql,
                "SELECT " + JSON + " WHERE c.pupil_id = $1 ORDER BY c.assessed_on DESC, c.recorded_at DESC",
                Tuple.of(pupilId));
    }
}
