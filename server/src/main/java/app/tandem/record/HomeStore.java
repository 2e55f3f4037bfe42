package app.tandem.record;

import app.tandem.disagreement.WhereToTurn;
import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The two home screens' queries: each one statement, whatever the length of the children's histories. */
final class HomeStore {
    private static final String PARENT_HOME =
            """
      SELECT json_strip_nulls(json_build_object(
        'id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name,
        'school', (SELECT json_build_object('id', s.id, 'name', s.name) FROM school_profile s WHERE s.id = p.school_id),
        'senStatus', CASE WHEN r.reads_record THEN p.sen_status END,
        'recordShared', r.reads_record,
        'outcomes', (SELECT coalesce(json_agg(json_build_object('id', o.id, 'title', o.title, 'area', o.area, 'reviewOn', o.review_on,
                        'latestProgress', (SELECT json_build_object('id', g.id, 'rating', g.rating, 'note', g.note, 'recordedOn', g.recorded_on)
                                           FROM progress g WHERE g.outcome_id = o.id AND NOT g.staff_only
                                           ORDER BY g.recorded_on DESC, g.created_at DESC LIMIT 1))
                      ORDER BY o.review_on, o.created_at), '[]'::json)
                     FROM outcome o WHERE o.pupil_id = p.id AND o.closed_at IS NULL AND r.reads_record),
        'provision', (SELECT coalesce(json_agg(json_build_object('id', v.id, 'name', v.name, 'description', v.description,
                         'frequency', v.frequency, 'sessionsPlanned', provision_planned(v.starts_on, v.ends_on, v.sessions_per_week, v.sessions_planned, $2), 'sessionsDelivered', v.sessions_delivered)
                       ORDER BY v.starts_on), '[]'::json)
                      FROM provision v WHERE v.pupil_id = p.id AND v.starts_on <= $2 AND (v.ends_on IS NULL OR v.ends_on >= $2)
                        AND r.reads_record),
        'nextReviewDate', (SELECT min(d) FROM (
                             SELECT review_on AS d FROM outcome WHERE pupil_id = p.id AND closed_at IS NULL AND review_on >= $2
                             UNION ALL
                             SELECT review_on FROM review_cycle WHERE pupil_id = p.id AND closed_at IS NULL AND review_on >= $2) due
                          WHERE r.reads_record),
        'nextMeeting', (SELECT json_build_object('id', m.id, 'startsAt', m.starts_at, 'place', m.place) FROM booked_meeting m
                        WHERE m.pupil_id = p.id AND m.starts_at > $3 ORDER BY m.starts_at LIMIT 1),
        'unreadMessages', (SELECT coalesce(sum(u.unread), 0) FROM unread_messages u WHERE u.person_id = $1 AND u.pupil_id = p.id),
        'unacknowledgedNotices', (SELECT count(*) FROM notice_awaiting_ack a
                                  WHERE a.parent_id = $1 AND p.id = ANY (a.pupil_ids)))) AS pupil,
        (SELECT h.links FROM school_help_links h WHERE h.school_id = p.school_id) AS help
      FROM pupil_relationship r JOIN pupil_profile p ON p.id = r.pupil_id
      WHERE r.person_id = $1 AND r.relationship = 'parent'
      ORDER BY p.date_of_birth, p.id""";

    private static final String PUPIL_HOME =
            """
      SELECT coalesce(p.preferred_name, p.first_name) AS name,
        (SELECT coalesce(json_agg(json_build_object('id', o.id, 'text', o.pupil_title, 'symbol', o.symbol) ORDER BY o.created_at), '[]'::json)
         FROM outcome o WHERE o.pupil_id = p.id AND o.closed_at IS NULL) AS working_on,
        (SELECT coalesce(json_agg(json_build_object('id', v.id, 'text', v.pupil_description) ORDER BY v.starts_on), '[]'::json)
         FROM provision v WHERE v.pupil_id = p.id AND v.starts_on <= $2 AND (v.ends_on IS NULL OR v.ends_on >= $2)) AS helps,
        (SELECT min(review_on) FROM review_cycle WHERE pupil_id = p.id AND closed_at IS NULL AND review_on >= $2) AS next_review
      FROM pupil_profile p WHERE p.id = $1""";

    /** The parent's home version: raised with every change to what their home shows (0 before the first). */
    Future<Long> version(SqlClient sql, UUID parentId) {
        return sql.preparedQuery("SELECT version FROM home_version WHERE parent_id = $1")
                .execute(Tuple.of(parentId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    /** A parent's children they may see (the access rule), each as the parent home shows it. */
    Future<JsonArray> parentHome(SqlClient sql, UUID parentId, LocalDate today, Instant now) {
        return sql.preparedQuery(PARENT_HOME)
                .execute(Tuple.of(parentId, today, Requests.utc(now)))
                .map(rows -> {
                    JsonArray pupils = new JsonArray();
                    for (Row r : rows)
                        pupils.add(Json.object(r.getValue("pupil"))
                                .put("whereToTurn", WhereToTurn.of(Json.object(r.getValue("help")))));
                    return pupils;
                });
    }

    /** What the pupil's own home screen shows, in their words. */
    Future<JsonObject> pupilHome(SqlClient sql, UUID pupilId, LocalDate today) {
        return sql.preparedQuery(PUPIL_HOME).execute(Tuple.of(pupilId, today)).map(rows -> {
            Row r = rows.iterator().next();
            JsonObject home = new JsonObject()
                    .put("name", r.getString("name"))
                    .put("workingOn", Json.array(r.getValue("working_on")))
                    .put("whatHelpsMe", Json.array(r.getValue("helps")));
            if (r.getLocalDate("next_review") != null)
                home.put("nextReviewDate", r.getLocalDate("next_review").toString());
            return home;
        });
    }
}
