package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The EHC annual review's statutory timeline (CoP 9.176 onwards; the schools' policies): invitees get
 * at least two weeks' notice, advice is requested and circulated to everyone at least two weeks
 * before, the report goes to everyone within two weeks after with the right to appeal, and reviews
 * are at most the local authority's interval apart. Each step has a due date and a state; a date
 * that breaks the notice or the interval needs a recorded reason.
 */
record AnnualReviews(
        Pool pool, AnnualReviewStore store, MeetingService meetings, Access access, Notices notices, Clock clock) {
    static final Duration NOTICE = Duration.ofDays(14);
    /** Tandem's lead time for advice requests, so advice can come back and be circulated in time. */
    static final int ADVICE_LEAD_DAYS = 42;

    private static final String CLASH =
            "The pupil, a member of staff who must attend, or the room already has a meeting then. Please choose another time.";

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    Future<JsonObject> schedule(Caller caller, UUID pupilId, JsonObject body) {
        Instant now = clock.instant();
        Instant meetingAt = Instant.parse(body.getString("meetingAt"));
        int interval = body.getInteger("intervalMonths", 12);
        if (!meetingAt.isAfter(now)) throw Problem.invalid("body.meetingAt", "is in the past.");
        if (meetingAt.isBefore(now.plus(NOTICE)) && body.getString("shortNoticeReason") == null) {
            throw Problem.invalid(
                    "body.meetingAt", "gives less than two weeks' notice; record a shortNoticeReason to go ahead.");
        }
        return access.require(caller, pupilId, Access.Action.ARRANGE_ANNUAL_REVIEW)
                .compose(pupil -> store.previousReview(pool, pupilId, now).compose(last -> {
                    LocalDate previous = body.getString("previousReviewOn") != null
                            ? LocalDate.parse(body.getString("previousReviewOn"))
                            : last;
                    if (previous != null
                            && meetingAt.atZone(ZoneOffset.UTC).toLocalDate().isAfter(previous.plusMonths(interval))
                            && body.getString("lateReason") == null) {
                        return Future.failedFuture(Problem.invalid(
                                "body.meetingAt",
                                "is more than " + interval + " months after the previous review (" + previous
                                        + "); record a lateReason to go ahead."));
                    }
                    Instant endsAt = meetingAt.plus(Duration.ofMinutes(body.getInteger("durationMinutes", 60)));
                    return Bookings.taken(
                            pool.withTransaction(tx -> store.upcoming(tx, pupilId, now)
                                    .compose(
                                            open -> open == null
                                                    ? store.attending(
                                                            tx,
                                                            pupilId,
                                                            caller.has(Role.SENCO) ? caller.subject() : null)
                                                    : Future.failedFuture(
                                                            Problem.conflict(
                                                                    "This pupil's annual review is already arranged; cancel it to arrange another.")))
                                    .compose(who -> who.withSenco()
                                            ? Future.succeededFuture(who.staff())
                                            : Future.<UUID[]>failedFuture(Problem.conflict(
                                                    "The school has no SENCO on Tandem to attend the annual review.")))
                                    .compose(staff -> meetings.arrange(
                                            tx,
                                            new MeetingStore.Arrangement(
                                                    pupil.schoolId(),
                                                    null,
                                                    pupilId,
                                                    "annual-review",
                                                    meetingAt,
                                                    endsAt,
                                                    body.getString("place"),
                                                    body.getString("placeKind", "room"),
                                                    null,
                                                    null,
                                                    caller.subject(),
                                                    staff),
                                            now))
                                    .compose(meetingId -> store.insert(
                                            tx,
                                            new AnnualReviewStore.NewReview(
                                                    pupil.schoolId(),
                                                    pupilId,
                                                    meetingAt,
                                                    body.getString("place"),
                                                    previous,
                                                    interval,
                                                    body.getString("shortNoticeReason"),
                                                    body.getString("lateReason"),
                                                    caller.subject(),
                                                    meetingId,
                                                    body.getJsonArray("invitees")),
                                            now))
                                    .compose(id -> inviteYoungPerson(
                                                    tx,
                                                    pupil.schoolId(),
                                                    pupilId,
                                                    caller.subject(),
                                                    meetingAt,
                                                    body.getString("place"),
                                                    now)
                                            .map(id))),
                            CLASH);
                }))
                .compose(id -> one(caller, id));
    }

    /**
     * From the transfer date the review is the young person's: they get the invitation as a formal
     * notice (with the parents who read their record), in the arrangement's transaction.
     */
    private Future<Void> inviteYoungPerson(
            SqlClient tx, UUID schoolId, UUID pupilId, UUID by, Instant meetingAt, String place, Instant now) {
        return AnnualReviewStore.youngPersonsReview(tx, pupilId, meetingAt, now).compose(r -> {
            if (!r.getBoolean("young")) return Future.<Void>succeededFuture();
            String body = "Your annual review is on " + r.getString("starts")
                    + (place == null ? "" : ", " + place)
                    + ". It is a meeting about your EHC plan: what is going well, what is hard, and what"
                    + " should change. It is your review: you are invited, and what you think matters most."
                    + " You can bring someone to support you, and you can tell the school your views before"
                    + " the meeting if you would rather not speak there.";
            return notices.sendFormal(tx, schoolId, pupilId, by, "Invitation to your annual review", body, false, now)
                    .mapEmpty();
        });
    }

    Future<JsonObject> recordStep(Caller caller, UUID reviewId, JsonObject body) {
        String column =
                switch (body.getString("step")) {
                    case "invitations-sent" -> "invitations_sent_on";
                    case "advice-requested" -> "advice_requested_on";
                    case "advice-circulated" -> "advice_circulated_on";
                    case "report-sent" -> "report_sent_on";
                    case "views-gathered" -> "views_gathered_on";
                    default -> "appeal_rights_on";
                };
        LocalDate on = body.getString("doneOn") == null ? today() : LocalDate.parse(body.getString("doneOn"));
        if (on.isAfter(today())) throw Problem.invalid("body.doneOn", "is in the future.");
        boolean afterTheMeeting = column.equals("report_sent_on") || column.equals("appeal_rights_on");
        return one(caller, reviewId)
                .compose(review -> {
                    Instant meetingAt = Instant.parse(review.getString("meetingAt"));
                    if (afterTheMeeting
                            && on.isBefore(meetingAt.atZone(ZoneOffset.UTC).toLocalDate())) {
                        return Future.failedFuture(Problem.conflict(
                                "The report and the right of appeal come after the meeting on " + meetingAt + "."));
                    }
                    return pool.withTransaction(tx -> store.stepDone(tx, reviewId, column, on));
                })
                .compose(v -> one(caller, reviewId));
    }

    Future<JsonObject> get(Caller caller, UUID reviewId) {
        return one(caller, reviewId);
    }

    /** Reviews with a step past its due date, soonest meeting first. */
    Future<JsonObject> overdue(Caller caller) {
        caller.requireStaff(Role.SENCO);
        return store.overdue(pool, caller.schoolId(), caller.subject(), today(), ADVICE_LEAD_DAYS)
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) items.add(json(r));
                    return new JsonObject().put("items", items);
                });
    }

    private Future<JsonObject> one(Caller caller, UUID reviewId) {
        caller.requireStaff();
        return store.one(pool, reviewId, caller.schoolId()).compose(r -> {
            if (r == null) return Future.failedFuture(Problem.notFound());
            return access.require(caller, r.getUUID("pupil_id"), Access.Action.FOLLOW_ANNUAL_REVIEW)
                    .map(p -> json(r));
        });
    }

    private JsonObject json(Row r) {
        LocalDate meeting = r.getOffsetDateTime("meeting_at")
                .toInstant()
                .atZone(ZoneOffset.UTC)
                .toLocalDate();
        JsonObject json = new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("pupil", Json.named(r.getUUID("pupil_id"), r.getString("pupil_name")))
                .put("meetingAt", r.getOffsetDateTime("meeting_at").toInstant().toString())
                .put("place", r.getString("place"))
                .put("cancelled", r.getBoolean("cancelled"))
                .put("invitees", Json.array(r.getValue("invitees")))
                .put("adviceReplies", Json.array(r.getValue("advice_replies")))
                .put("steps", steps(meeting, r));
        if (r.getUUID("meeting_id") != null)
            json.put("meetingId", r.getUUID("meeting_id").toString());
        if (r.getLocalDate("previous_review_on") != null)
            json.put("previousReviewOn", r.getLocalDate("previous_review_on").toString());
        if (r.getString("short_notice_reason") != null)
            json.put("shortNoticeReason", r.getString("short_notice_reason"));
        if (r.getString("late_reason") != null) json.put("lateReason", r.getString("late_reason"));
        return json;
    }

    /** The statutory steps in the order they fall due. */
    private JsonArray steps(LocalDate meeting, Row r) {
        List<JsonObject> steps = new ArrayList<>(List.of(
                step("advice-requested", meeting.minusDays(ADVICE_LEAD_DAYS), r.getLocalDate("advice_requested_on")),
                step("invitations-sent", meeting.minusDays(14), r.getLocalDate("invitations_sent_on")),
                step("advice-circulated", meeting.minusDays(14), r.getLocalDate("advice_circulated_on")),
                // The pupil's views (getViewsForReview) are part of the advice circulated before the meeting.
                step("views-gathered", meeting.minusDays(14), r.getLocalDate("views_gathered_on")),
                step("report-sent", meeting.plusDays(14), r.getLocalDate("report_sent_on")),
                step("appeal-rights-told", meeting.plusDays(14), r.getLocalDate("appeal_rights_on"))));
        steps.sort(Comparator.comparing(step -> step.getString("dueOn")));
        return new JsonArray(steps);
    }

    private JsonObject step(String name, LocalDate due, LocalDate done) {
        JsonObject step = new JsonObject()
                .put("step", name)
                .put("dueOn", due.toString())
                .put("state", done != null ? "done" : today().isAfter(due) ? "overdue" : "due");
        if (done != null) step.put("doneOn", done.toString());
        return step;
    }
}
