package app.tandem.record;

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

/** The SEND record in PostgreSQL. Lists come back as JSON built by the query, nulls left out. */
final class RecordStore {
  /** An outcome with its progress, newest first ($2: may the reader see staff-only ratings). */
  static final String OUTCOME_JSON = """
      json_strip_nulls(json_build_object('id', o.id, 'area', o.area, 'title', o.title, 'pupilTitle', o.pupil_title,
        'symbol', o.symbol, 'agreedWith', o.agreed_with, 'startsOn', o.starts_on, 'reviewOn', o.review_on,
        'open', o.closed_at IS NULL, 'result', o.result, 'replacedBy', o.replaced_by, 'closingNote', o.closing_note,
        'closedAt', o.closed_at,
        'progress', (SELECT coalesce(json_agg(json_build_object('id', g.id, 'rating', g.rating, 'note', g.note,
                            'recordedOn', g.recorded_on, 'recordedBy', u.display_name, 'staffOnly', g.staff_only,
                            'comments', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'authorName', a.display_name,
                                                'text', c.text, 'createdAt', c.created_at) ORDER BY c.created_at), '[]'::json)
                                         FROM progress_comment c JOIN app_user a ON a.id = c.author_id WHERE c.progress_id = g.id))
                          ORDER BY g.recorded_on DESC, g.created_at DESC), '[]'::json)
                     FROM progress g JOIN app_user u ON u.id = g.recorded_by
                     WHERE g.outcome_id = o.id AND ($2 OR NOT g.staff_only)))) AS outcome""";

  static final String PROVISION_JSON = """
      json_strip_nulls(json_build_object('id', v.id, 'name', v.name, 'description', v.description,
        'pupilDescription', v.pupil_description, 'frequency', v.frequency, 'deliveredBy', v.delivered_by,
        'startsOn', v.starts_on, 'endsOn', v.ends_on, 'sessionsPlanned', v.sessions_planned,
        'sessionsDelivered', v.sessions_delivered,
        'outcomeIds', (SELECT coalesce(json_agg(po.outcome_id ORDER BY po.outcome_id), '[]'::json)
                       FROM provision_outcome po WHERE po.provision_id = v.id))) AS provision""";

  static final String CYCLE_JSON = """
      json_strip_nulls(json_build_object('id', y.id, 'openedOn', y.opened_on, 'reviewOn', y.review_on, 'open', y.closed_at IS NULL,
        'closedAt', y.closed_at, 'reviewRecord', y.review_record, 'outcomeIds', y.outcome_ids, 'provisionIds', y.provision_ids)) AS cycle""";

  static final String NEED_JSON = """
      json_strip_nulls(json_build_object('id', n.id, 'area', n.area, 'description', n.description, 'current', n.ended_at IS NULL,
        'createdAt', n.created_at, 'endedAt', n.ended_at)) AS need""";

  Future<JsonArray> outcomes(SqlClient sql, UUID pupilId, boolean staff) {
    return list(sql, "SELECT " + OUTCOME_JSON + " FROM outcome o WHERE o.pupil_id = $1 ORDER BY (o.closed_at IS NULL) DESC, o.created_at",
        Tuple.of(pupilId, staff), "outcome");
  }

  Future<JsonObject> outcome(SqlClient sql, UUID pupilId, UUID outcomeId, boolean staff) {
    return one(sql, "SELECT " + OUTCOME_JSON + " FROM outcome o WHERE o.pupil_id = $1 AND o.id = $3", Tuple.of(pupilId, staff, outcomeId), "outcome");
  }

  Future<JsonArray> provision(SqlClient sql, UUID pupilId) {
    return list(sql, "SELECT " + PROVISION_JSON + " FROM provision v WHERE v.pupil_id = $1 ORDER BY v.starts_on DESC, v.created_at",
        Tuple.of(pupilId), "provision");
  }

  Future<JsonObject> oneProvision(SqlClient sql, UUID pupilId, UUID provisionId) {
    return one(sql, "SELECT " + PROVISION_JSON + " FROM provision v WHERE v.pupil_id = $1 AND v.id = $2", Tuple.of(pupilId, provisionId), "provision");
  }

  Future<JsonArray> cycles(SqlClient sql, UUID pupilId) {
    return list(sql, "SELECT " + CYCLE_JSON + " FROM review_cycle y WHERE y.pupil_id = $1 ORDER BY (y.closed_at IS NULL) DESC, y.opened_on DESC",
        Tuple.of(pupilId), "cycle");
  }

  Future<JsonObject> cycle(SqlClient sql, UUID pupilId, UUID cycleId) {
    return one(sql, "SELECT " + CYCLE_JSON + " FROM review_cycle y WHERE y.pupil_id = $1 AND y.id = $2", Tuple.of(pupilId, cycleId), "cycle");
  }

  Future<JsonArray> needs(SqlClient sql, UUID pupilId) {
    return list(sql, "SELECT " + NEED_JSON + " FROM need n WHERE n.pupil_id = $1 ORDER BY (n.ended_at IS NULL) DESC, n.created_at",
        Tuple.of(pupilId), "need");
  }

  Future<JsonObject> need(SqlClient sql, UUID pupilId, UUID needId) {
    return one(sql, "SELECT " + NEED_JSON + " FROM need n WHERE n.pupil_id = $1 AND n.id = $2", Tuple.of(pupilId, needId), "need");
  }

  /** The current status (from the pupil) and its history, newest first. */
  Future<JsonObject> status(SqlClient sql, UUID pupilId) {
    return sql.preparedQuery("""
            SELECT p.sen_status, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS name,
                   (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('status', h.status, 'planIssuedOn', h.plan_issued_on,
                             'planReviewDue', h.plan_review_due, 'localAuthority', h.local_authority, 'note', h.note,
                             'changedAt', h.changed_at, 'changedBy', u.display_name)) ORDER BY h.changed_at DESC), '[]'::json)
                    FROM sen_status_change h JOIN app_user u ON u.id = h.changed_by WHERE h.pupil_id = p.id) AS history
            FROM pupil p WHERE p.id = $1""")
        .execute(Tuple.of(pupilId))
        .map(rows -> {
          Row r = rows.iterator().next();
          JsonArray history = r.getValue("history") instanceof JsonArray a ? a : new JsonArray(String.valueOf(r.getValue("history")));
          JsonObject status = new JsonObject().put("status", r.getString("sen_status")).put("history", history).put("_name", r.getString("name"));
          if (!history.isEmpty() && "ehc-plan".equals(r.getString("sen_status"))) {
            JsonObject latest = history.getJsonObject(0);
            for (String key : new String[] {"planIssuedOn", "planReviewDue", "localAuthority"}) {
              if (latest.containsKey(key)) status.put(key, latest.getValue(key));
            }
          }
          return status;
        });
  }

  /** Every change, for staff: who, what and when. */
  Future<Void> log(SqlClient tx, UUID schoolId, UUID pupilId, String entity, UUID entityId, String action, JsonObject detail,
                   UUID by, Instant now) {
    return tx.preparedQuery("""
            INSERT INTO record_change (school_id, pupil_id, entity, entity_id, action, detail, changed_by, changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
        .execute(Tuple.from(new Object[] {schoolId, pupilId, entity, entityId, action, detail, by, Requests.utc(now)})).mapEmpty();
  }

  static LocalDate date(String value) {
    return value == null ? null : LocalDate.parse(value);
  }

  private static Future<JsonArray> list(SqlClient sql, String query, Tuple args, String column) {
    return sql.preparedQuery(query).execute(args).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) items.add(RecordViews.utc(json(r.getValue(column))));
      return items;
    });
  }

  private static Future<JsonObject> one(SqlClient sql, String query, Tuple args, String column) {
    return sql.preparedQuery(query).execute(args)
        .map(rows -> rows.size() == 0 ? null : RecordViews.utc(json(rows.iterator().next().getValue(column))));
  }

  static JsonObject json(Object value) {
    return value instanceof JsonObject j ? j : new JsonObject(String.valueOf(value));
  }
}
