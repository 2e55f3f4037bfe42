package app.tandem.documents;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The young person's choice about their parents reading their record: its SQL. */
final class ParentsReadingStore {
    private ParentsReadingStore() {}

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
                    FROM parents_reading_withheld w JOIN person r ON r.id = w.recorded_by
                    LEFT JOIN person e ON e.id = w.ended_by WHERE w.pupil_id = p.id)) AS choice
      FROM pupil_profile p WHERE p.id = $1""";

    /** The choice now and its history, as the API shows it. */
    static Future<JsonObject> one(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery(JSON)
                .execute(Tuple.of(pupilId))
                .map(rows -> Json.object(rows.iterator().next().getValue("choice")));
    }

    /** The pupil's transfer date, the pupil locked while the choice is recorded. */
    static Future<LocalDate> youngPersonFrom(SqlClient tx, UUID pupilId) {
        return tx.preparedQuery("SELECT young_person_from FROM pupil_profile WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(pupilId))
                .map(rows -> rows.iterator().next().getLocalDate("young_person_from"));
    }

    /** Parents read again; false when they already did. */
    static Future<Boolean> end(SqlClient tx, UUID pupilId, LocalDate requestedOn, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE parents_reading_withheld SET ended_on = $2, ended_by = $3, ended_at = $4
            WHERE pupil_id = $1 AND ended_at IS NULL""")
                .execute(Tuple.of(pupilId, requestedOn, by, Requests.utc(now)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Parents stop reading; false when they already did not. */
    static Future<Boolean> withhold(
            SqlClient tx, UUID schoolId, UUID pupilId, ParentsReading.Choice choice, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO parents_reading_withheld (school_id, pupil_id, requested_on, note, recorded_by, recorded_at)
            SELECT $1, $2, $3, $4, $5, $6
            WHERE NOT EXISTS (SELECT 1 FROM parents_reading_withheld WHERE pupil_id = $2 AND ended_at IS NULL)""")
                .execute(Tuple.of(schoolId, pupilId, choice.requestedOn(), choice.note(), by, Requests.utc(now)))
                .map(rows -> rows.rowCount() > 0);
    }
}
