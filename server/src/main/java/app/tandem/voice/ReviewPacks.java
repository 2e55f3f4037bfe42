package app.tandem.voice;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The pupil's views gathered for a review: every view shared with the family since the last review
 * (a closed review cycle, a held meeting, or an earlier annual review), grouped by outcome and by
 * one-page-profile heading, with who was talking. One query for the views however long the history,
 * after one to find when the review is.
 */
record ReviewPacks(Pool pool, Access access, Clock clock) {
    private static final String PACK =
            """
      WITH since AS (SELECT greatest(
          (SELECT max(closed_at) FROM review_cycle WHERE pupil_id = $1 AND closed_at < $2),
          (SELECT max(lower(during)) FROM meeting WHERE pupil_id = $1 AND status = 'held' AND lower(during) < $2),
          (SELECT max(a.meeting_at) FROM annual_review a WHERE a.pupil_id = $1 AND a.meeting_at < $2
             AND NOT EXISTS (SELECT 1 FROM meeting c WHERE c.id = a.meeting_id AND c.status = 'cancelled'))) AS from_at,
        (SELECT coalesce(preferred_name, first_name) || ' ' || last_name FROM pupil WHERE id = $1) AS pupil_name)
      SELECT s.from_at, s.pupil_name, x.* FROM since s LEFT JOIN LATERAL (
        SELECT q.outcome_id, o.title, o.pupil_title, q.profile_heading, v.shared_at IS NOT NULL AS shared, v.created_at,
               """
                    + ViewStore.VIEW_JSON + " AS view " + ViewStore.FROM
                    + """
         LEFT JOIN outcome o ON o.id = q.outcome_id
        WHERE v.pupil_id = $1 AND v.withdrawn_at IS NULL AND v.concern_at IS NULL AND v.created_at < $2
          AND v.created_at >= coalesce(s.from_at, '-infinity')) x ON true
      ORDER BY x.created_at""";

    Future<JsonObject> pack(Caller caller, UUID pupilId, String meetingId, String annualReviewId) {
        if (meetingId != null && annualReviewId != null)
            throw Problem.invalid("query.annualReviewId", "Name a meeting or an annual review, not both.");
        return access.require(caller, pupilId, Access.Action.ASK_VIEWS)
                .compose(pupil -> until(pupilId, meetingId, annualReviewId))
                .compose(until -> pool.preparedQuery(PACK)
                        .execute(Tuple.of(pupilId, until))
                        .map(rows -> group(pupilId, rows, until)));
    }

    /** When the review is: its meeting's start, the annual review's meeting, or now. */
    private Future<OffsetDateTime> until(UUID pupilId, String meetingId, String annualReviewId) {
        if (meetingId == null && annualReviewId == null) return Future.succeededFuture(Requests.utc(clock.instant()));
        String sql = meetingId != null
                ? "SELECT lower(during) AS at FROM meeting WHERE id = $1 AND pupil_id = $2"
                : "SELECT meeting_at AS at FROM annual_review WHERE id = $1 AND pupil_id = $2";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(UUID.fromString(meetingId != null ? meetingId : annualReviewId), pupilId))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(Problem.notFound())
                        : Future.succeededFuture(rows.iterator().next().getOffsetDateTime("at")));
    }

    private static JsonObject group(UUID pupilId, Iterable<Row> rows, OffsetDateTime until) {
        Map<UUID, JsonObject> byOutcome = new LinkedHashMap<>();
        Map<String, JsonObject> byHeading = new LinkedHashMap<>();
        JsonArray other = new JsonArray();
        int count = 0;
        int notYetShared = 0;
        OffsetDateTime from = null;
        String name = null;
        for (Row r : rows) {
            from = r.getOffsetDateTime("from_at");
            name = r.getString("pupil_name");
            if (r.getValue("view") == null) continue;
            if (!r.getBoolean("shared")) {
                notYetShared++;
                continue;
            }
            count++;
            JsonObject view = Json.object(r.getValue("view"));
            UUID outcome = r.getUUID("outcome_id");
            String heading = r.getString("profile_heading");
            if (outcome != null) {
                byOutcome
                        .computeIfAbsent(outcome, id -> new JsonObject()
                                .put(
                                        "outcome",
                                        new JsonObject()
                                                .put("id", id.toString())
                                                .put("title", r.getString("title"))
                                                .put("pupilTitle", r.getString("pupil_title")))
                                .put("views", new JsonArray()))
                        .getJsonArray("views")
                        .add(view);
            } else if (heading != null) {
                byHeading
                        .computeIfAbsent(
                                heading, h -> new JsonObject().put("heading", h).put("views", new JsonArray()))
                        .getJsonArray("views")
                        .add(view);
            } else {
                other.add(view);
            }
        }
        JsonObject pack = new JsonObject()
                .put("pupil", new JsonObject().put("id", pupilId.toString()).put("name", name))
                .put("to", Json.time(until))
                .put("byOutcome", new JsonArray(java.util.List.copyOf(byOutcome.values())))
                .put("byProfileHeading", new JsonArray(java.util.List.copyOf(byHeading.values())))
                .put("other", other)
                .put("count", count)
                .put("notYetShared", notYetShared);
        if (from != null) pack.put("from", Json.time(from));
        return pack;
    }
}
