package app.tandem.record;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Outcomes, the progress recorded against them and the parents' comments, in PostgreSQL. */
final class OutcomeStore {
    /** An outcome with its progress, newest first ($2: may the reader see staff-only ratings). */
    private static final String OUTCOME_JSON =
            """
      json_strip_nulls(json_build_object('id', o.id, 'area', o.area, 'title', o.title, 'pupilTitle', o.pupil_title,
        'symbol', o.symbol, 'agreedWith', o.agreed_with, 'startsOn', o.starts_on, 'reviewOn', o.review_on,
        'open', o.closed_at IS NULL, 'result', o.result, 'replacedBy', o.replaced_by, 'closingNote', o.closing_note,
        'closedAt', o.closed_at, 'pupilView',"""
                    + Voice.LATEST_SHARED_VIEW_OF_OUTCOME
                    + ","
                    + """
        'progress', (SELECT coalesce(json_agg(json_build_object('id', g.id, 'rating', g.rating, 'note', g.note,
                            'recordedOn', g.recorded_on, 'recordedBy', u.display_name, 'staffOnly', g.staff_only,
                            'comments', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'authorName', a.display_name,
                                                'text', c.text, 'createdAt', c.created_at) ORDER BY c.created_at), '[]'::json)
                                         FROM progress_comment c JOIN person a ON a.id = c.author_id WHERE c.progress_id = g.id))
                          ORDER BY g.recorded_on DESC, g.created_at DESC), '[]'::json)
                     FROM progress g JOIN person u ON u.id = g.recorded_by
                     WHERE g.outcome_id = o.id AND ($2 OR NOT g.staff_only)))) AS outcome""";

    /** A new outcome, in plain words for the family and in the pupil's own. */
    record NewOutcome(
            String area,
            String title,
            String pupilTitle,
            String symbol,
            String[] agreedWith,
            LocalDate startsOn,
            LocalDate reviewOn) {
        /** The same outcome starting on that day (a request without a start starts today). */
        NewOutcome startingOn(LocalDate day) {
            return new NewOutcome(area, title, pupilTitle, symbol, agreedWith, day, reviewOn);
        }
    }

    /** How an outcome closed. */
    record Closure(String result, UUID replacedBy, String note) {}

    /** A progress rating against an outcome. */
    record NewProgress(Integer rating, String note, boolean staffOnly, LocalDate recordedOn) {}

    Future<JsonArray> outcomes(SqlClient sql, UUID pupilId, boolean staff) {
        return Sql.jsonList(
                sql,
                "SELECT " + OUTCOME_JSON
                        + " FROM outcome o WHERE o.pupil_id = $1 ORDER BY (o.closed_at IS NULL) DESC, o.created_at",
                Tuple.of(pupilId, staff));
    }

    Future<JsonObject> outcome(SqlClient sql, UUID pupilId, UUID outcomeId, boolean staff) {
        return Sql.jsonOne(
                sql,
                "SELECT " + OUTCOME_JSON + " FROM outcome o WHERE o.pupil_id = $1 AND o.id = $3",
                Tuple.of(pupilId, staff, outcomeId));
    }

    Future<UUID> insert(SqlClient tx, UUID schoolId, UUID pupilId, NewOutcome o, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO outcome (school_id, pupil_id, area, title, pupil_title, symbol, agreed_with, starts_on, review_on, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    pupilId,
                    o.area(),
                    o.title(),
                    o.pupilTitle(),
                    o.symbol(),
                    o.agreedWith(),
                    o.startsOn(),
                    o.reviewOn(),
                    by,
                    Requests.utc(now)
                }))
                .map(Sql::id);
    }

    /** Locks the pupil's outcome; null when there is none, else whether it is still open. */
    Future<Boolean> lockOpen(SqlClient tx, UUID pupilId, UUID outcomeId) {
        return tx.preparedQuery(
                        "SELECT closed_at IS NULL AS open FROM outcome WHERE id = $1 AND pupil_id = $2 FOR UPDATE")
                .execute(Tuple.of(outcomeId, pupilId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBoolean("open"));
    }

    /** How many of these ids are outcomes of the pupil. */
    Future<Integer> countOwned(SqlClient sql, UUID pupilId, List<UUID> ids) {
        return sql.preparedQuery("SELECT count(*) FROM outcome WHERE id = ANY($1) AND pupil_id = $2")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)).addUUID(pupilId))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    Future<Void> close(SqlClient tx, UUID pupilId, UUID outcomeId, Closure c, UUID by, Instant now) {
        return Sql.run(
                tx,
                """
            UPDATE outcome SET closed_at = $3, closed_by = $4, result = $5, replaced_by = $6, closing_note = $7
            WHERE id = $1 AND pupil_id = $2""",
                Tuple.from(new Object[] {outcomeId, pupilId, Requests.utc(now), by, c.result(), c.replacedBy(), c.note()
                }));
    }

    Future<UUID> insertProgress(SqlClient tx, UUID schoolId, UUID outcomeId, NewProgress p, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO progress (school_id, outcome_id, rating, note, staff_only, recorded_on, recorded_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId, outcomeId, p.rating(), p.note(), p.staffOnly(), p.recordedOn(), by, Requests.utc(now)
                }))
                .map(Sql::id);
    }

    /** A parent's comment on progress the family may see; null when there is no such progress. */
    Future<UUID> insertComment(
            SqlClient tx, UUID pupilId, UUID outcomeId, UUID progressId, UUID authorId, String text, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO progress_comment (progress_id, author_id, text, created_at)
            SELECT g.id, $4, $5, $6 FROM progress g JOIN outcome o ON o.id = g.outcome_id
            WHERE g.id = $1 AND o.id = $2 AND o.pupil_id = $3 AND NOT g.staff_only RETURNING id""")
                .execute(Tuple.from(new Object[] {progressId, outcomeId, pupilId, authorId, text, Requests.utc(now)}))
                .map(rows -> rows.size() == 0 ? null : Sql.id(rows));
    }

    Future<JsonObject> comment(SqlClient sql, UUID commentId) {
        return Sql.jsonOne(
                sql,
                """
            SELECT json_build_object('id', c.id, 'authorName', u.display_name, 'text', c.text, 'createdAt', c.created_at) AS comment
            FROM progress_comment c JOIN person u ON u.id = c.author_id WHERE c.id = $1""",
                Tuple.of(commentId));
    }
}
