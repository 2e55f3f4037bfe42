package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Assess-plan-do-review cycles in PostgreSQL: opening, closing, the review's summary and the due list. */
final class CycleStore {
    private static final String CYCLE_JSON =
            """
      json_strip_nulls(json_build_object('id', y.id, 'openedOn', y.opened_on, 'reviewOn', y.review_on, 'open', y.closed_at IS NULL,
        'closedAt', y.closed_at, 'reviewRecord', y.review_record, 'atHome', y.at_home, 'nextSteps', y.next_steps,
        'outcomeIds', y.outcome_ids, 'provisionIds', y.provision_ids))""";

    /** A rating as the family may see it: `g` is the progress row. */
    private static final String RATING_JSON =
            "json_strip_nulls(json_build_object('rating', g.rating, 'note', g.note, 'recordedOn', g.recorded_on))";

    Future<JsonArray> cycles(SqlClient sql, UUID pupilId) {
        return Sql.jsonList(
                sql,
                "SELECT " + CYCLE_JSON
                        + " AS cycle FROM review_cycle y WHERE y.pupil_id = $1 ORDER BY (y.closed_at IS NULL) DESC, y.opened_on DESC",
                Tuple.of(pupilId));
    }

    Future<JsonObject> cycle(SqlClient sql, UUID pupilId, UUID cycleId) {
        return Sql.jsonOne(
                sql,
                "SELECT " + CYCLE_JSON + " AS cycle FROM review_cycle y WHERE y.pupil_id = $1 AND y.id = $2",
                Tuple.of(pupilId, cycleId));
    }

    /**
     * When a cycle opened on this day is reviewed by default: the end of its term, or of the next
     * term when fewer than six weeks of this one are left (a cycle needs time to do anything); null
     * when the school has no term dates that far ahead.
     */
    Future<LocalDate> termEnd(SqlClient sql, UUID schoolId, LocalDate day) {
        return sql.preparedQuery("SELECT term_end($1, $2::date + 42) AS ends_on")
                .execute(Tuple.of(schoolId, day))
                .map(rows -> rows.iterator().next().getLocalDate("ends_on"));
    }

    /** What a new cycle holds. */
    record NewCycle(
            LocalDate openedOn, LocalDate reviewOn, String atHome, List<UUID> outcomeIds, List<UUID> provisionIds) {}

    /** A new assess-plan-do-review cycle; a second open one is refused by a unique index (23505). */
    Future<UUID> insert(SqlClient tx, UUID schoolId, UUID pupilId, NewCycle c, UUID by) {
        return tx.preparedQuery(
                        """
            INSERT INTO review_cycle (school_id, pupil_id, opened_on, review_on, at_home, opened_by, outcome_ids, provision_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
                .execute(Tuple.tuple()
                        .addUUID(schoolId)
                        .addUUID(pupilId)
                        .addLocalDate(c.openedOn())
                        .addLocalDate(c.reviewOn())
                        .addString(c.atHome())
                        .addUUID(by)
                        .addArrayOfUUID(c.outcomeIds().toArray(UUID[]::new))
                        .addArrayOfUUID(c.provisionIds().toArray(UUID[]::new)))
                .map(Sql::id);
    }

    /**
     * Locks the pupil's open cycle and answers the outcomes of it still open, which its review must
     * rate; null when the cycle is not the pupil's or not open.
     */
    Future<List<UUID>> lockOpen(SqlClient tx, UUID pupilId, UUID cycleId) {
        return tx.preparedQuery(
                        """
            SELECT coalesce((SELECT array_agg(o.id ORDER BY o.id) FROM outcome o
                             WHERE o.id = ANY (y.outcome_ids) AND o.closed_at IS NULL), '{}') AS open_outcomes
            FROM review_cycle y WHERE y.id = $1 AND y.pupil_id = $2 AND y.closed_at IS NULL FOR UPDATE OF y""")
                .execute(Tuple.of(cycleId, pupilId))
                .map(rows -> {
                    if (rows.size() == 0) return null;
                    UUID[] ids = rows.iterator().next().getArrayOfUUIDs("open_outcomes");
                    return List.of(ids);
                });
    }

    /** Closes the locked cycle with its review and the ratings it gave, each joining its outcome's progress. */
    Future<Void> close(
            SqlClient tx,
            UUID schoolId,
            UUID cycleId,
            RecordRequests.Closure c,
            LocalDate today,
            UUID by,
            Instant now) {
        List<RecordRequests.Closure.Rating> ratings = c.ratings();
        return Sql.run(
                        tx,
                        """
            UPDATE review_cycle SET closed_at = $2, closed_by = $3, review_record = $4, next_steps = $5 WHERE id = $1""",
                        Tuple.of(cycleId, Requests.utc(now), by, c.reviewRecord(), c.nextSteps()))
                .compose(v -> Sql.run(
                        tx,
                        """
            INSERT INTO progress (school_id, outcome_id, rating, note, staff_only, recorded_on, recorded_by, created_at, cycle_id)
            SELECT $1, r.outcome_id, r.rating, r.note, false, $5, $6, $7, $8
            FROM unnest($2::uuid[], $3::smallint[], $4::text[]) AS r (outcome_id, rating, note)""",
                        Tuple.from(new Object[] {
                            schoolId,
                            ratings.stream()
                                    .map(RecordRequests.Closure.Rating::outcomeId)
                                    .toArray(UUID[]::new),
                            ratings.stream().map(r -> (short) r.rating()).toArray(Short[]::new),
                            ratings.stream()
                                    .map(RecordRequests.Closure.Rating::note)
                                    .toArray(String[]::new),
                            today,
                            by,
                            Requests.utc(now),
                            cycleId
                        })));
    }

    /**
     * A cycle's review as the family reads it: each outcome with the latest rating the family may
     * see from before the cycle opened and the one given at its review, and the support planned and
     * delivered while it ran. One statement.
     */
    Future<JsonObject> summary(SqlClient sql, UUID pupilId, UUID cycleId, LocalDate today) {
        return Sql.jsonOne(
                sql,
                "SELECT json_build_object('pupil', json_build_object('id', p.id, 'name',"
                        + " coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name), 'cycle', "
                        + CYCLE_JSON
                        + """
        ,
          'outcomes', (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('id', o.id, 'title', o.title,
                          'pupilTitle', o.pupil_title,
                          'atOpening', (SELECT %1$s FROM progress g WHERE g.outcome_id = o.id AND NOT g.staff_only
                                          AND g.recorded_on < y.opened_on ORDER BY g.recorded_on DESC, g.created_at DESC LIMIT 1),
                          'atReview', (SELECT %1$s FROM progress g WHERE g.outcome_id = o.id AND g.cycle_id = y.id LIMIT 1)))
                        ORDER BY o.created_at), '[]'::json)
                       FROM outcome o WHERE o.id = ANY (y.outcome_ids)),
          'provision', (SELECT coalesce(json_agg(json_build_object('id', v.id, 'name', v.name,
                           'sessionsPlanned', provision_planned(greatest(v.starts_on, y.opened_on), v.ends_on, v.sessions_per_week,
                              (SELECT count(*)::int FROM provision_session s WHERE s.provision_id = v.id
                               AND s.held_on BETWEEN y.opened_on AND coalesce(y.closed_at::date, y.review_on)),
                              least(coalesce(y.closed_at::date, $3), y.review_on)),
                           'sessionsDelivered', (SELECT count(*) FROM provision_session s WHERE s.provision_id = v.id AND s.delivered
                               AND s.held_on BETWEEN y.opened_on AND coalesce(y.closed_at::date, y.review_on)))
                         ORDER BY v.starts_on), '[]'::json)
                        FROM provision v WHERE v.id = ANY (y.provision_ids))) AS summary
        FROM review_cycle y JOIN pupil_profile p ON p.id = y.pupil_id WHERE y.id = $2 AND y.pupil_id = $1"""
                                .formatted(RATING_JSON),
                Tuple.of(pupilId, cycleId, today));
    }

    /**
     * The open cycles this member of staff may write the record for (the one relationship rule)
     * whose review is past or within the weeks given, soonest first, with the pupil's last review
     * and who has not given the views they were asked for. Dates are the school's.
     */
    Future<JsonArray> due(SqlClient sql, UUID schoolId, UUID staffId, Instant now, int weeks) {
        return Sql.jsonList(
                sql,
                """
            WITH today AS (SELECT ($3::timestamptz AT TIME ZONE time_zone)::date AS d FROM school_profile WHERE id = $1)
            SELECT json_strip_nulls(json_build_object('cycleId', y.id,
                'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
                'className', c.name, 'openedOn', y.opened_on, 'reviewOn', y.review_on,
                'state', CASE WHEN y.review_on < today.d THEN 'overdue' ELSE 'due' END,
                'lastReviewedAt', (SELECT max(z.closed_at) FROM review_cycle z WHERE z.pupil_id = y.pupil_id AND z.closed_at IS NOT NULL),
                'viewsOutstanding', coalesce((SELECT to_json(array_remove(ARRAY[
                    CASE WHEN g.parents_asked AND NOT g.parent_answered THEN 'parents' END,
                    CASE WHEN NOT g.pupil_answered THEN 'pupil' END], NULL))
                  FROM cycle_views_given g WHERE g.cycle_id = y.id), '[]'::json)
              )) AS due
            FROM today, review_cycle y
            JOIN pupil_relationship r ON r.pupil_id = y.pupil_id AND r.person_id = $2
            JOIN pupil_profile p ON p.id = y.pupil_id
            LEFT JOIN class_profile c ON c.id = p.class_id
            WHERE y.school_id = $1 AND y.closed_at IS NULL AND y.review_on < today.d + 7 * $4 AND """
                        + Access.grants(Access.Action.WRITE_RECORD, "r")
                        + " ORDER BY y.review_on, p.last_name, p.id LIMIT 500",
                Tuple.of(schoolId, staffId, Requests.utc(now), weeks));
    }

    /**
     * Notes, once per cycle's review date and mark, every open cycle a week from its review date
     * (week-before) or at it (due), on the school's dates; only those noted now come back, as the class teacher's pushes. A cycle
     * first seen past the week gets the mark it has reached.
     */
    Future<List<Outbox.AboutPupil>> noteAlerts(SqlClient tx, Instant at) {
        return tx.preparedQuery(
                        """
            WITH reached AS (
              SELECT y.id AS cycle_id, y.pupil_id, y.school_id, y.review_on,
                     CASE WHEN y.review_on <= ($1 AT TIME ZONE s.time_zone)::date THEN 'due' ELSE 'week-before' END AS mark
              FROM review_cycle y JOIN school_profile s ON s.id = y.school_id JOIN pupil_profile p ON p.id = y.pupil_id
              WHERE y.closed_at IS NULL AND p.active AND y.review_on - 7 <= ($1 AT TIME ZONE s.time_zone)::date
                AND y.review_on >= ($1 AT TIME ZONE s.time_zone)::date - 7),
            noted AS (
              INSERT INTO cycle_review_alert (cycle_id, school_id, review_on, mark, sent_at)
              SELECT cycle_id, school_id, review_on, mark, $1 FROM reached
              ON CONFLICT DO NOTHING RETURNING cycle_id)
            SELECT r.cycle_id, r.pupil_id, r.school_id FROM reached r JOIN noted n ON n.cycle_id = r.cycle_id""")
                .execute(Tuple.of(Requests.utc(at)))
                .map(rows -> Outbox.AboutPupil.each(rows, "cycle_id", "cycle-review-due", "cycle-review"));
    }
}
