package app.tandem.voice;

import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The review pack's two queries: when the review is, and the views since the one before it. */
final class ReviewPackStore {
    private ReviewPackStore() {}

    private static final String VIEWS_SINCE_LAST_REVIEW =
            """
      WITH since AS (SELECT greatest(
          (SELECT max(closed_at) FROM review_cycle_dates WHERE pupil_id = $1 AND closed_at < $2),
          (SELECT max(at) FROM review_meeting WHERE pupil_id = $1 AND held AND at < $2)) AS from_at,
        (SELECT coalesce(preferred_name, first_name) || ' ' || last_name FROM pupil_profile WHERE id = $1) AS pupil_name)
      SELECT s.from_at, s.pupil_name, x.* FROM since s LEFT JOIN LATERAL (
        SELECT q.outcome_id, o.title, o.pupil_title, q.profile_heading, v.shared_at IS NOT NULL AS shared, v.created_at,
               """
                    + ViewStore.VIEW_JSON + "::text AS view " + ViewStore.FROM
                    + """
         LEFT JOIN outcome_title o ON o.id = q.outcome_id
        WHERE v.pupil_id = $1 AND v.withdrawn_at IS NULL AND v.concern_at IS NULL AND v.created_at < $2
          AND v.created_at >= coalesce(s.from_at, '-infinity')) x ON true
      ORDER BY x.created_at""";

    /**
     * One row per view made before `until` since the last review (a closed cycle, a held meeting or
     * annual review; published by record and meetings), or one row with no view when there are none.
     */
    static Future<RowSet<Row>> views(SqlClient sql, UUID pupilId, OffsetDateTime until) {
        return sql.preparedQuery(VIEWS_SINCE_LAST_REVIEW).execute(Tuple.of(pupilId, until));
    }

    /** When the pupil's meeting or annual review (`kind`) is, or null when it is not theirs. */
    static Future<OffsetDateTime> reviewAt(SqlClient sql, UUID id, UUID pupilId, String kind) {
        return sql.preparedQuery("SELECT at FROM review_meeting WHERE id = $1 AND pupil_id = $2 AND kind = $3")
                .execute(Tuple.of(id, pupilId, kind))
                .map(rows -> {
                    Row r = Sql.first(rows);
                    return r == null ? null : r.getOffsetDateTime("at");
                });
    }
}
