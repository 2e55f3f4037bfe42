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
    Future<JsonObject> pack(Caller caller, UUID pupilId, String meetingId, String annualReviewId) {
        if (meetingId != null && annualReviewId != null)
            throw Problem.invalid("query.annualReviewId", "Name a meeting or an annual review, not both.");
        return access.require(caller, pupilId, Access.Action.ASK_VIEWS)
                .compose(pupil -> until(pupilId, meetingId, annualReviewId))
                .compose(until -> ReviewPackStore.views(pool, pupilId, until).map(rows -> group(pupilId, rows, until)));
    }

    /** When the review is: its meeting's start, the annual review's meeting, or now. */
    private Future<OffsetDateTime> until(UUID pupilId, String meetingId, String annualReviewId) {
        if (meetingId == null && annualReviewId == null) return Future.succeededFuture(Requests.utc(clock.instant()));
        UUID id = UUID.fromString(meetingId != null ? meetingId : annualReviewId);
        return ReviewPackStore.reviewAt(pool, id, pupilId, meetingId != null ? "meeting" : "annual-review")
                .compose(at -> at == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(at));
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
