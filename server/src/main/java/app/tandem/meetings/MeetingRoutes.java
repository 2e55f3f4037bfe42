package app.tandem.meetings;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.meetings.AnnualReviewRequests.Schedule;
import app.tandem.meetings.AnnualReviewRequests.Step;
import app.tandem.meetings.AnnualReviews.Sent;
import app.tandem.meetings.MeetingRequests.Booking;
import app.tandem.meetings.MeetingRequests.Record;
import app.tandem.platform.Caller;
import app.tandem.platform.Downloads;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** Meetings, rounds and annual reviews: operationId → handler. */
record MeetingRoutes(MeetingService meetings, RoundService rounds, AnnualReviews reviews) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("listReviewRounds", c -> rounds.list(c.caller())),
                created("createReviewRound", c -> rounds.create(c.caller(), c.body(RoundRequests::newRound))),
                created(
                        "addAvailability",
                        c -> rounds.addAvailability(c.caller(), c.id("roundId"), c.body(RoundRequests::availability))),
                ok(
                        "addRoundPupils",
                        c -> rounds.addPupils(c.caller(), c.id("roundId"), c.body(RoundRequests::expectedPupils))),
                ok("getRoundProgress", c -> rounds.progress(c.caller(), c.id("roundId"))),
                ok("nudgeUnbooked", c -> rounds.nudge(c.caller(), c.id("roundId"))),
                ok("getReviewCoverage", c -> rounds.coverage(c.caller(), c.queryId("schoolId"))),
                ok("listBookableSlots", c -> meetings.slots(c.caller(), c.id("pupilId"), c.queryId("roundId"))),
                created("bookMeeting", c -> meetings.book(c.caller(), c.body(Booking::from))),
                ok("listMyMeetings", c -> meetings.mine(c.caller())),
                ok("getMeeting", c -> meetings.get(c.caller(), c.id("meetingId"))),
                ok("cancelMeeting", c -> meetings.cancel(c.caller(), c.id("meetingId"), c.text("reason"))),
                ok("rescheduleMeeting", c -> meetings.reschedule(c.caller(), c.id("meetingId"), c.text("slotId"))),
                answers("getMeetingCalendar", ctx -> meetings.calendar(
                                Caller.of(ctx), Requests.pathId(ctx, "meetingId"))
                        .compose(ics -> Downloads.send(
                                ctx, "text/calendar; charset=utf-8", "review-meeting.ics", Buffer.buffer(ics)))),
                ok("recordMeetingOutcome", c -> meetings.record(c.caller(), c.id("meetingId"), c.body(Record::from))),
                created(
                        "scheduleAnnualReview",
                        c -> reviews.schedule(c.caller(), c.id("pupilId"), c.body(Schedule::from))),
                ok("listOverdueAnnualReviews", c -> reviews.overdue(c.caller())),
                ok("listAnnualReviewsDue", c -> reviews.due(c.caller(), c.queryId("schoolId"))),
                ok(
                        "circulateAnnualReviewAdvice",
                        c -> reviews.send(c.caller(), c.id("reviewId"), Sent.ADVICE, c.text("lateReason"))),
                ok(
                        "sendAnnualReviewReport",
                        c -> reviews.send(c.caller(), c.id("reviewId"), Sent.REPORT, c.text("lateReason"))),
                ok("getAnnualReview", c -> reviews.get(c.caller(), c.id("reviewId"))),
                ok(
                        "recordAnnualReviewStep",
                        c -> reviews.recordStep(c.caller(), c.id("reviewId"), c.body(Step::from))));
    }
}
