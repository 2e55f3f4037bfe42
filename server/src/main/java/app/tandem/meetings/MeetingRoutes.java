package app.tandem.meetings;

import app.tandem.platform.Caller;
import app.tandem.platform.Downloads;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/** Meetings, rounds and annual reviews: operationId → handler. */
final class MeetingRoutes {
    private final MeetingService meetings;
    private final RoundService rounds;
    private final AnnualReviews reviews;

    MeetingRoutes(MeetingService meetings, RoundService rounds, AnnualReviews reviews) {
        this.meetings = meetings;
        this.rounds = rounds;
        this.reviews = reviews;
    }

    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry("listReviewRounds", ctx -> rounds.list(Caller.of(ctx)).compose(json -> Json.ok(ctx, json))),
                Map.entry("createReviewRound", ctx -> rounds.create(
                                Caller.of(ctx), ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("addAvailability", ctx -> rounds.addAvailability(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "roundId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("addRoundPupils", ctx -> rounds.addPupils(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "roundId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("getRoundProgress", ctx -> rounds.progress(Caller.of(ctx), Requests.pathId(ctx, "roundId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("nudgeUnbooked", ctx -> rounds.nudge(Caller.of(ctx), Requests.pathId(ctx, "roundId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("getReviewCoverage", ctx -> rounds.coverage(Caller.of(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("listBookableSlots", ctx -> meetings.slots(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.queryParams().get("roundId") == null
                                        ? null
                                        : UUID.fromString(ctx.queryParams().get("roundId")))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("bookMeeting", ctx -> meetings.book(
                                Caller.of(ctx), ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("listMyMeetings", ctx -> meetings.mine(Caller.of(ctx)).compose(json -> Json.ok(ctx, json))),
                Map.entry("getMeeting", ctx -> meetings.get(Caller.of(ctx), Requests.pathId(ctx, "meetingId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("cancelMeeting", ctx -> meetings.cancel(
                                Caller.of(ctx), Requests.pathId(ctx, "meetingId"), reason(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("rescheduleMeeting", ctx -> meetings.reschedule(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "meetingId"),
                                ctx.body().asJsonObject().getString("slotId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("getMeetingCalendar", ctx -> meetings.calendar(
                                Caller.of(ctx), Requests.pathId(ctx, "meetingId"))
                        .compose(ics -> Downloads.send(
                                ctx, "text/calendar; charset=utf-8", "review-meeting.ics", Buffer.buffer(ics)))),
                Map.entry("recordMeetingOutcome", ctx -> meetings.record(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "meetingId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("scheduleAnnualReview", ctx -> reviews.schedule(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("listOverdueAnnualReviews", ctx -> reviews.overdue(Caller.of(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("getAnnualReview", ctx -> reviews.get(Caller.of(ctx), Requests.pathId(ctx, "reviewId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("recordAnnualReviewStep", ctx -> reviews.recordStep(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "reviewId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.ok(ctx, json))));
    }

    /** The optional reason a cancellation gives the family. */
    private static String reason(RoutingContext ctx) {
        JsonObject body =
                ctx.body() == null || ctx.body().isEmpty() ? null : ctx.body().asJsonObject();
        return body == null ? null : body.getString("reason");
    }
}
