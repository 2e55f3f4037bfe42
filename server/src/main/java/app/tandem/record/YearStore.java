package app.tandem.record;

import app.tandem.platform.Caller;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A pupil's school year in one statement: outcomes with their ratings, support, meetings, cycles and views. */
final class YearStore {
    private static final String RATINGS =
            """
        (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('rating', g.rating, 'note', g.note, 'recordedOn', g.recorded_on))
                                  ORDER BY g.recorded_on, g.created_at), '[]'::json)
         FROM progress g WHERE g.outcome_id = o.id AND g.recorded_on BETWEEN $2 AND $3 AND (NOT g.staff_only OR $5))""";

    private static final String YEAR =
            """
      SELECT json_build_object(
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'from', $2::date, 'to', $3::date,
        'outcomes', (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('id', o.id, 'title', o.title, 'area', o.area,
                        'result', o.result, 'ratings', %s)) ORDER BY o.starts_on, o.created_at), '[]'::json)
                     FROM outcome o WHERE o.pupil_id = p.id AND o.starts_on <= $3 AND (o.closed_at IS NULL OR o.closed_at >= $2::date)),
        'provision', (SELECT coalesce(json_agg(json_build_object('id', v.id, 'name', v.name,
                         'sessionsPlanned', provision_planned(greatest(v.starts_on, $2), v.ends_on, v.sessions_per_week,
                            (SELECT count(*)::int FROM provision_session s WHERE s.provision_id = v.id AND s.held_on BETWEEN $2 AND $3),
                            least($3, $4::date)),
                         'sessionsDelivered', (SELECT count(*) FROM provision_session s WHERE s.provision_id = v.id
                            AND s.delivered AND s.held_on BETWEEN $2 AND $3)) ORDER BY v.starts_on, v.id), '[]'::json)
                      FROM provision v WHERE v.pupil_id = p.id AND v.starts_on <= $3 AND (v.ends_on IS NULL OR v.ends_on >= $2)),
        'meetings', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'kind', m.kind, 'at', m.at, 'held', m.held)
                        ORDER BY m.at), '[]'::json)
                     FROM review_meeting m WHERE m.pupil_id = p.id AND m.at >= $2::date AND m.at < $3::date + 1 AND m.at <= $7),
        'cycles', (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('id', y.id, 'openedOn', y.opened_on,
                      'reviewOn', y.review_on, 'closedAt', y.closed_at)) ORDER BY y.opened_on), '[]'::json)
                   FROM review_cycle y WHERE y.pupil_id = p.id AND y.opened_on <= $3 AND (y.closed_at IS NULL OR y.closed_at >= $2::date)),
        'views', %s) AS year
      FROM pupil_profile p WHERE p.id = $1""";

    /**
     * The school year from {@code from} to {@code to}, as the caller may see it: staff-only ratings
     * for staff alone, views as the caller's kind sees them; today bounds what was planned.
     */
    Future<JsonObject> year(
            SqlClient sql, UUID pupilId, LocalDate from, LocalDate to, Caller caller, LocalDate today, Instant now) {
        return Sql.jsonOne(
                sql,
                YEAR.formatted(RATINGS, Voice.viewsGiven(caller.kind(), "$6", "$2", "$3")),
                Tuple.from(new Object[] {pupilId, from, to, today, caller.isStaff(), caller.subject(), Requests.utc(now)
                }));
    }
}
