package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The two home screens. The parent home is the app's hottest read: one query for all the parent's
 * children, whatever the length of their histories (each part is an indexed lookup per child:
 * open outcomes with their latest progress, current support, next review, next booked meeting, unread messages and
 * notices waiting for an acknowledgement).
 */
final class HomeViews {
  private static final String PARENT_HOME = """
      SELECT json_strip_nulls(json_build_object(
        'id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name, 'senStatus', p.sen_status,
        'outcomes', (SELECT coalesce(json_agg(json_build_object('id', o.id, 'title', o.title, 'area', o.area, 'reviewOn', o.review_on,
                        'latestProgress', (SELECT json_build_object('rating', g.rating, 'note', g.note, 'recordedOn', g.recorded_on)
                                           FROM progress g WHERE g.outcome_id = o.id AND NOT g.staff_only
                                           ORDER BY g.recorded_on DESC, g.created_at DESC LIMIT 1))
                      ORDER BY o.review_on, o.created_at), '[]'::json)
                     FROM outcome o WHERE o.pupil_id = p.id AND o.closed_at IS NULL),
        'provision', (SELECT coalesce(json_agg(json_build_object('id', v.id, 'name', v.name, 'description', v.description,
                         'frequency', v.frequency, 'sessionsPlanned', v.sessions_planned, 'sessionsDelivered', v.sessions_delivered)
                       ORDER BY v.starts_on), '[]'::json)
                      FROM provision v WHERE v.pupil_id = p.id AND v.starts_on <= $2 AND (v.ends_on IS NULL OR v.ends_on >= $2)),
        'nextReviewDate', (SELECT min(d) FROM (
                             SELECT review_on AS d FROM outcome WHERE pupil_id = p.id AND closed_at IS NULL AND review_on >= $2
                             UNION ALL
                             SELECT review_on FROM review_cycle WHERE pupil_id = p.id AND closed_at IS NULL AND review_on >= $2) due),
        'nextMeeting', (SELECT json_build_object('id', m.id, 'startsAt', lower(m.during), 'place', m.place) FROM meeting m
                        WHERE m.pupil_id = p.id AND m.status = 'booked' AND lower(m.during) > $3 ORDER BY lower(m.during) LIMIT 1),
        'unreadMessages', (SELECT coalesce(sum(cp.unread), 0) FROM conversation_participant cp
                           JOIN conversation c ON c.id = cp.conversation_id WHERE cp.user_id = $1 AND c.pupil_id = p.id),
        'unacknowledgedNotices', (SELECT count(*) FROM notice_recipient r JOIN notice n ON n.id = r.notice_id
                                  WHERE r.parent_id = $1 AND p.id = ANY (r.pupil_ids) AND n.requires_ack
                                    AND r.acknowledged_at IS NULL AND n.withdrawn_at IS NULL))) AS pupil
      FROM parent_link l JOIN pupil p ON p.id = l.pupil_id
      WHERE l.parent_id = $1 AND NOT l.contact_blocked AND p.active
      ORDER BY p.date_of_birth, p.id""";

  private static final String PUPIL_HOME = """
      SELECT coalesce(p.preferred_name, p.first_name) AS name,
        (SELECT coalesce(json_agg(json_build_object('id', o.id, 'text', o.pupil_title, 'symbol', o.symbol) ORDER BY o.created_at), '[]'::json)
         FROM outcome o WHERE o.pupil_id = p.id AND o.closed_at IS NULL) AS working_on,
        (SELECT coalesce(json_agg(json_build_object('id', v.id, 'text', v.pupil_description) ORDER BY v.starts_on), '[]'::json)
         FROM provision v WHERE v.pupil_id = p.id AND v.starts_on <= $2 AND (v.ends_on IS NULL OR v.ends_on >= $2)) AS helps,
        (SELECT min(review_on) FROM review_cycle WHERE pupil_id = p.id AND closed_at IS NULL AND review_on >= $2) AS next_review
      FROM pupil p WHERE p.id = $1""";

  private final Pool pool;
  private final Access access;
  private final Clock clock;

  HomeViews(Pool pool, Access access, Clock clock) {
    this.pool = pool;
    this.access = access;
    this.clock = clock;
  }

  private LocalDate today() {
    return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  Future<JsonObject> parent(Caller caller) {
    if (caller.kind() != Caller.Kind.PARENT) throw new Problem(ProblemType.FORBIDDEN, "This is the parents' home screen.");
    return pool.preparedQuery(PARENT_HOME).execute(Tuple.of(caller.subject(), today(), app.tandem.platform.Requests.utc(clock.instant()))).map(rows -> {
      JsonArray pupils = new JsonArray();
      for (Row r : rows) pupils.add(RecordViews.utc(RecordStore.json(r.getValue("pupil"))));
      return new JsonObject().put("pupils", pupils);
    });
  }

  Future<JsonObject> pupil(Caller caller) {
    if (caller.kind() != Caller.Kind.PUPIL) throw new Problem(ProblemType.FORBIDDEN, "This is the pupils' home screen.");
    return access.require(caller, caller.subject(), Access.Action.PUPIL_VIEW)
        .compose(p -> pool.preparedQuery(PUPIL_HOME).execute(Tuple.of(caller.subject(), today())))
        .map(rows -> {
          Row r = rows.iterator().next();
          JsonObject home = new JsonObject().put("name", r.getString("name"))
              .put("workingOn", array(r.getValue("working_on"))).put("whatHelpsMe", array(r.getValue("helps")));
          if (r.getLocalDate("next_review") != null) home.put("nextReviewDate", r.getLocalDate("next_review").toString());
          return home;
        });
  }

  private static JsonArray array(Object value) {
    return value instanceof JsonArray a ? a : new JsonArray(String.valueOf(value));
  }
}
