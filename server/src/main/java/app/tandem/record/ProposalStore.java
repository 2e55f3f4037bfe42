package app.tandem.record;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/** SEN status proposals and their decisions; each read comes back as the JSON the API shows. */
final class ProposalStore {
    private ProposalStore() {}

    private static final String JSON =
            """
      json_strip_nulls(json_build_object('id', x.id, 'status', x.status, 'evidence', x.evidence,
        'proposedBy', pu.display_name, 'proposedAt', x.proposed_at, 'decision', x.decision,
        'decidedBy', du.display_name, 'decidedAt', x.decided_at, 'decisionNote', x.decision_note)) AS proposal
      FROM sen_status_proposal x JOIN person pu ON pu.id = x.proposed_by LEFT JOIN person du ON du.id = x.decided_by""";

    static Future<UUID> insert(
            SqlClient tx, UUID schoolId, UUID pupilId, SenStatus status, String evidence, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO sen_status_proposal (school_id, pupil_id, status, evidence, proposed_by, proposed_at)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                .execute(Tuple.of(schoolId, pupilId, status.wire(), evidence, by, Requests.utc(now)))
                .map(Sql::id);
    }

    /** Decides an open proposal of this pupil; false when there is none by that id. */
    static Future<Boolean> decide(
            SqlClient tx, UUID proposalId, UUID pupilId, String decision, String note, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE sen_status_proposal SET decision = $3, decision_note = $4, decided_by = $5, decided_at = $6
            WHERE id = $1 AND pupil_id = $2 AND decision IS NULL""")
                .execute(Tuple.of(proposalId, pupilId, decision, note, by, Requests.utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    static Future<JsonObject> one(SqlClient sql, UUID proposalId) {
        return sql.preparedQuery("SELECT " + JSON + " WHERE x.id = $1")
                .execute(Tuple.of(proposalId))
                .map(rows -> Json.object(rows.iterator().next().getValue("proposal")));
    }

    /** The pupil's proposals, newest first. */
    static Future<JsonArray> ofPupil(SqlClient sql, UUID pupilId) {
        return Sql.jsonList(
                sql, "SELECT " + JSON + " WHERE x.pupil_id = $1 ORDER BY x.proposed_at DESC", Tuple.of(pupilId));
    }
}
