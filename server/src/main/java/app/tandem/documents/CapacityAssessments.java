package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Capacity assessments (Mental Capacity Act 2005): the SENCO records, per kind of decision, whether
 * a young person has capacity; while the newest says they lack it, the parents go on deciding
 * ({@link ConsentStore#holderRole}). Everyone involved can see why.
 */
record CapacityAssessments(Pool pool, Access access, Clock clock) {
    private static final String JSON =
            """
      json_strip_nulls(json_build_object('id', c.id, 'decision', c.decision, 'assessedOn', c.assessed_on,
        'assessedBy', c.assessed_by, 'outcome', c.outcome, 'note', c.note, 'recordedAt', c.recorded_at)) AS assessment
      FROM capacity_assessment c""";

    Future<JsonObject> record(Caller caller, UUID pupilId, JsonObject body) {
        LocalDate on = LocalDate.parse(body.getString("assessedOn"));
        if (on.isAfter(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()))
            throw Problem.invalid("body.assessedOn", "is in the future.");
        return access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                .compose(p -> pool.preparedQuery(
                                """
                    INSERT INTO capacity_assessment (school_id, pupil_id, decision, assessed_on, assessed_by, outcome, note,
                                                     recorded_by, recorded_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id""")
                        .execute(Tuple.from(new Object[] {
                            caller.schoolId(),
                            pupilId,
                            body.getString("decision"),
                            on,
                            body.getString("assessedBy").strip(),
                            body.getString("outcome"),
                            body.getString("note"),
                            caller.subject(),
                            Requests.utc(clock.instant())
                        })))
                .compose(rows -> pool.preparedQuery("SELECT " + JSON + " WHERE c.id = $1")
                        .execute(Tuple.of(rows.iterator().next().getUUID("id"))))
                .map(rows -> Json.object(rows.iterator().next().getValue("assessment")));
    }

    /** The SENCO, the parents and the pupil see them. */
    Future<JsonObject> list(Caller caller, UUID pupilId) {
        Access.Action action =
                caller.kind() == Caller.Kind.STAFF ? Access.Action.MANAGE_DOCUMENTS : Access.Action.CONSENT;
        return access.require(caller, pupilId, action)
                .compose(p -> pool.preparedQuery("SELECT " + JSON
                                + " WHERE c.pupil_id = $1 ORDER BY c.assessed_on DESC, c.recorded_at DESC")
                        .execute(Tuple.of(pupilId)))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) items.add(Json.object(r.getValue("assessment")));
                    return new JsonObject().put("items", items);
                });
    }
}
