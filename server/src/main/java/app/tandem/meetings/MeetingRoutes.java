package app.tandem.meetings;

import app.tandem.platform.Caller;
import app.tandem.platform.Downloads;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/** Meetings, rounds and annual reviews: operationId → handler. */
record MeetingRoutes(MeetingService meetings, RoundService rounds, AnnualReviews reviews) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry("listReviewRounds", Operation.ok(ctx -> rounds.list(Caller.of(ctx)))),
                Map.entry(
                        "createReviewRound",
                        Operation.created(ctx -> rounds.create(
                                Caller.of(ctx),
                                RoundRequests.newRound(ctx.body().asJsonObject())))),
                Map.entry(
                        "addAvailability",
                        Operation.created(ctx -> rounds.addAvailability(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "roundId"),
                                RoundRequests.availability(ctx.body().asJsonObject())))),
                Map.entry(
                        "addRoundPupils",
                        Operation.ok(ctx -> rounds.addPupils(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "roundId"),
                                RoundRequests.expectedPupils(ctx.body().asJsonObject())))),
                Map.entry(
                        "getRoundProgress",
                        Operation.ok(ctx -> rounds.progress(Caller.of(ctx), Requests.pathId(ctx, "roundId")))),
                Map.entry(
                        "nudgeUnbooked",
                        Operation.ok(ctx -> rounds.nudge(Caller.of(ctx), Requests.pathId(ctx, "roundId")))),
                Map.entry(
                        "getReviewCoverage",
                        Operation.ok(ctx -> rounds.coverage(Caller.of(ctx), Requests.queryId(ctx, "schoolId")))),
                Map.entry(
                        "listBookableSlots",
                        Operation.ok(ctx -> meetings.slots(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.queryParams().get("roundId") == null
                                        ? null
                                        : UUID.fromString(ctx.queryParams().get("roundId"))))),
                Map.entry(
                        "bookMeeting",
                        Operation.created(ctx -> meetings.book(
                                Caller.of(ctx),
                                MeetingRequests.Booking.from(ctx.body().asJsonObject())))),
                Map.entry("listMyMeetings", Operation.ok(ctx -> meetings.mine(Caller.of(ctx)))),
                Map.entry(
                        "getMeeting",
                        Operation.ok(ctx -> meetings.get(Caller.of(ctx), Requests.pathId(ctx, "meetingId")))),
                Map.entry(
                        "cancelMeeting",
                        Operation.ok(ctx ->
                                meetings.cancel(Caller.of(ctx), Requests.pathId(ctx, "meetingId"), reason(ctx)))),
                Map.entry(
                        "rescheduleMeeting",
                        Operation.ok(ctx -> meetings.reschedule(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "meetingId"),
                                ctx.body().asJsonObject().getString("slotId")))),
                Map.entry("getMeetingCalendar", ctx -> meetings.calendar(
                                Caller.of(ctx), Requests.pathId(ctx, "meetingId"))
                        .compose(ics -> Downloads.send(
                                ctx, "text/calendar; charset=utf-8", "review-meeting.ics", Buffer.buffer(ics)))),
                Map.entry(
                        "recordMeetingOutcome",
                        Operation.ok(ctx -> meetings.record(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "meetingId"),
                                MeetingRequests.Record.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "scheduleAnnualReview",
                        Operation.created(ctx -> reviews.schedule(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                AnnualReviewRequests.Schedule.from(ctx.body().asJsonObject())))),
                Map.entry("listOverdueAnnualReviews", Operation.ok(ctx -> reviews.overdue(Caller.of(ctx)))),
                Map.entry(
                        "listAnnualReviewsDue",
                        Operation.ok(ctx -> reviews.due(Caller.of(ctx), Requests.queryId(ctx, "schoolId")))),
                Map.entry(
                        "circulateAnnualReviewAdvice",
                        Operation.ok(ctx ->
                                reviews.circulate(Caller.of(ctx), Requests.pathId(ctx, "reviewId"), lateReason(ctx)))),
                Map.entry(
                        "sendAnnualReviewReport",
                        Operation.ok(ctx ->
                                reviews.sendReport(Caller.of(ctx), Requests.pathId(ctx, "reviewId"), lateReason(ctx)))),
                Map.entry(
                        "getAnnualReview",
                        Operation.ok(ctx -> reviews.get(Caller.of(ctx), Requests.pathId(ctx, "reviewId")))),
                Map.entry(
                        "recordAnnualReviewStep",
                        Operation.ok(ctx -> reviews.recordStep(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "reviewId"),
                                AnnualReviewRequests.Step.from(ctx.body().asJsonObject())))));
    }

    /** The optional reason a cancellation gives the family. */
    private static String reason(RoutingContext ctx) {
        JsonObject body =
                ctx.body() == null || ctx.body().isEmpty() ? null : ctx.body().asJsonObject();
        return body == null ? null : body.getString("reason");
    }

    /** The optional body of sending the advice or the report: only its lateReason. */
    private static String lateReason(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        return body == null ? null : body.getString("lateReason");
    }
}
