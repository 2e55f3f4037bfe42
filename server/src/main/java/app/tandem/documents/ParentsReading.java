package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.directory.DirectoryChanges;
import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A young person's parents keep reading their record (they keep parental responsibility) unless the
 * young person asks otherwise and the school records it. The choice is a row the visibility rule
 * reads ({@code pupil_relationship.reads_record}), so every record, document and views check, list
 * and push follows it at once; ending it keeps the history.
 */
record ParentsReading(Pool pool, Access access, Clock clock) {
    private static final String JSON =
            """
      SELECT json_build_object('parentsRead', NOT EXISTS (SELECT 1 FROM parents_reading_withheld w
                                                           WHERE w.pupil_id = p.id AND w.ended_at IS NULL),
        'youngPersonFrom', p.young_person_from,
        'history', (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('requestedOn', w.requested_on, 'note', w.note,
                      'recordedBy', json_build_object('id', r.id, 'displayName', r.display_name), 'recordedAt', w.recorded_at,
                      'endedOn', w.ended_on,
                      'endedBy', CASE WHEN e.id IS NOT NULL THEN json_build_object('id', e.id, 'displayName', e.display_name) END))
                      ORDER BY w.recorded_at DESC), '[]')
                    FROM parents_reading_withheld w JOIN app_user r ON r.id = w.recorded_by
                    LEFT JOIN app_user e ON e.id = w.ended_by WHERE w.pupil_id = p.id)) AS choice
      FROM pupil p WHERE p.id = $1""";

    Future<JsonObject> get(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.SEE_CHOICES).compose(p -> one(pool, pupilId));
    }

    /** The SENCO records the young person's choice, from their transfer date. */
    Future<JsonObject> record(Caller caller, UUID pupilId, JsonObject body) {
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate requested = LocalDate.parse(body.getString("requestedOn"));
        if (requested.isAfter(today)) throw Problem.invalid("body.requestedOn", "is in the future.");
        boolean parentsRead = body.getBoolean("parentsRead");
        return access.require(caller, pupilId, Access.Action.RECORD_CHOICES)
                .compose(p -> pool.withTransaction(tx -> tx.preparedQuery(
                                "SELECT young_person_from FROM pupil WHERE id = $1 FOR UPDATE")
                        .execute(Tuple.of(pupilId))
                        .compose(rows -> {
                            LocalDate from = rows.iterator().next().getLocalDate("young_person_from");
                            if (from == null || today.isBefore(from))
                                return Future.failedFuture(Problem.conflict(
                                        "Parents read a child's record; this choice is the young person's from " + from
                                                + "."));
                            return parentsRead
                                    ? tx.preparedQuery(
                                                    """
                                UPDATE parents_reading_withheld SET ended_on = $2, ended_by = $3, ended_at = $4
                                WHERE pupil_id = $1 AND ended_at IS NULL""")
                                            .execute(Tuple.of(pupilId, requested, caller.subject(), Requests.utc(now)))
                                    : tx.preparedQuery(
                                                    """
                                INSERT INTO parents_reading_withheld (school_id, pupil_id, requested_on, note, recorded_by, recorded_at)
                                SELECT $1, $2, $3, $4, $5, $6
                                WHERE NOT EXISTS (SELECT 1 FROM parents_reading_withheld WHERE pupil_id = $2 AND ended_at IS NULL)""")
                                            .execute(Tuple.of(
                                                    caller.schoolId(),
                                                    pupilId,
                                                    requested,
                                                    body.getString("note"),
                                                    caller.subject(),
                                                    Requests.utc(now)));
                        })
                        .compose(changed -> changed.rowCount() == 0
                                ? Future.failedFuture(new Problem(
                                        ProblemType.CONFLICT,
                                        parentsRead
                                                ? "The parents already read this record."
                                                : "The parents already do not read this record."))
                                // Who may read the pupil changed: every replica drops its cached answers.
                                : DirectoryChanges.announce(tx).compose(v -> one(tx, pupilId)))))
                .onSuccess(json -> access.forgetAll());
    }

    private static Future<JsonObject> one(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery(JSON)
                .execute(Tuple.of(pupilId))
                .map(rows -> Json.object(rows.iterator().next().getValue("choice")));
    }
}
