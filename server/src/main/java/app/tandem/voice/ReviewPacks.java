package app.tandem.voice;

import app.tandem.access.Access;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Named;
import app.tandem.platform.Problem;
import app.tandem.platform.RawJson;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pupil's views gathered for a review: every view shared with the family since the last review
 * (a closed review cycle, a held meeting, or an earlier annual review), grouped by outcome and by
 * one-page-profile heading, with who was talking. One query for the views however long the history,
 * after one to find when the review is.
 */
record ReviewPacks(Pool pool, Access access, Clock clock) {
    Future<Pack> pack(Caller caller, UUID pupilId, String meetingId, String annualReviewId) {
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

    /** The views of the pack, in the order they were given, each under its outcome, its heading, or neither. */
    private static Pack group(UUID pupilId, Iterable<Row> rows, OffsetDateTime until) {
        Map<UUID, ByOutcome> byOutcome = new LinkedHashMap<>();
        Map<String, ByHeading> byHeading = new LinkedHashMap<>();
        List<RawJson> other = new ArrayList<>();
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
            RawJson view = RawJson.of(r.getString("view"));
            UUID outcome = r.getUUID("outcome_id");
            String heading = r.getString("profile_heading");
            if (outcome != null) {
                byOutcome
                        .computeIfAbsent(
                                outcome,
                                id -> new ByOutcome(
                                        new Outcome(id, r.getString("title"), r.getString("pupil_title")),
                                        new ArrayList<>()))
                        .views()
                        .add(view);
            } else if (heading != null) {
                byHeading
                        .computeIfAbsent(heading, h -> new ByHeading(h, new ArrayList<>()))
                        .views()
                        .add(view);
            } else {
                other.add(view);
            }
        }
        return new Pack(
                new Named(pupilId, name),
                Sql.instant(from),
                until.toInstant(),
                List.copyOf(byOutcome.values()),
                List.copyOf(byHeading.values()),
                other,
                count,
                notYetShared);
    }

    record Outcome(UUID id, String title, String pupilTitle) {}

    record ByOutcome(Outcome outcome, List<RawJson> views) {}

    record ByHeading(String heading, List<RawJson> views) {}

    /** The pupil's views for a review, from the last review (when there was one) to this one. */
    record Pack(
            Named pupil,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant from,
            Instant to,
            List<ByOutcome> byOutcome,
            List<ByHeading> byProfileHeading,
            List<RawJson> other,
            int count,
            int notYetShared)
            implements Answer {}
}
