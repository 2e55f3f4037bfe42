package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import app.tandem.platform.SchoolTime;
import app.tandem.platform.Sql;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
        Pool pool,
        AnnualReviewStore store,
        MeetingService meetings,
        ReviewInvitations invitations,
        ReviewCirculation circulation,
        Access access,
        Clock clock) {
    static final Duration NOTICE = Duration.ofDays(14);
    /** Tandem's lead time for advice requests, so advice can come back and be circulated in time. */
    static final int ADVICE_LEAD_DAYS = 42;

    private static final String CLASH =
            "The pupil, a member of staff who must attend, or the room already has a meeting then. Please choose another time.";

    Future<JsonObject> schedule(Caller caller, UUID pupilId, AnnualReviewRequests.Schedule body) {
        Instant now = clock.instant();
        Instant meetingAt = body.meetingAt();
        int interval = body.intervalMonths();
        if (!meetingAt.isAfter(now)) throw Problem.invalid("body.meetingAt", "is in the past.");
        if (meetingAt.isBefore(now.plus(NOTICE)) && body.shortNoticeReason() == null) {
            throw Problem.invalid(
                    "body.meetingAt", "gives less than two weeks' notice; record a shortNoticeReason to go ahead.");
        }
        return access.require(caller, pupilId, Access.Action.ARRANGE_ANNUAL_REVIEW)
                .compose(pupil -> store.schoolZone(pool, pupil.schoolId()).compose(zone -> store.previousReview(
                                pool, pupilId, now)
                        .compose(last -> {
                            LocalDate previous = body.previousReviewOn() != null ? body.previousReviewOn() : last;
                            if (previous != null
                                    && meetingAt.atZone(zone).toLocalDate().isAfter(previous.plusMonths(interval))
                                    && body.lateReason() == null) {
                                return Future.failedFuture(Problem.invalid(
                                        "body.meetingAt",
                                        "is more than " + interval + " months after the previous review (" + previous
                                                + "); record a lateReason to go ahead."));
                            }
                            Instant endsAt = meetingAt.plus(Duration.ofMinutes(body.durationMinutes()));
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
                                            .compose(
                                                    who -> who.withSenco()
                                                            ? Future.succeededFuture(who.staff())
                                                            : Future.<UUID[]>failedFuture(
                                                                    Problem.conflict(
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
                                                            body.place(),
                                                            body.placeKind(),
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
                                                            body.place(),
                                                            previous,
                                                            interval,
                                                            body.shortNoticeReason(),
                                                            body.lateReason(),
                                                            caller.subject(),
                                                            meetingId,
                                                            body.invitees()),
                                                    now))
                                            .compose(id -> invitations
                                                    .send(tx, id, caller.subject(), now)
                                                    .map(id))),
                                    CLASH);
                        })))
                .compose(id -> get(caller, id));
    }

    Future<JsonObject> recordStep(Caller caller, UUID reviewId, AnnualReviewRequests.Step step) {
        String column = step.column();
        boolean afterTheMeeting = step.afterTheMeeting();
        return visible(caller, reviewId)
                .compose(review -> {
                    // A class teacher follows the review; only the SENCO (or an admin) records its steps.
                    if (!caller.has(Role.SENCO) && !caller.has(Role.ADMIN))
                        return Future.failedFuture(
                                Problem.forbidden("Only the SENCO or an admin records the annual review's steps."));
                    ZoneId zone = ZoneId.of(review.getString("time_zone"));
                    LocalDate today = SchoolTime.today(clock.instant(), zone);
                    LocalDate on = step.doneOn() == null ? today : step.doneOn();
                    if (on.isAfter(today))
                        return Future.failedFuture(Problem.invalid("body.doneOn", "is in the future."));
                    LocalDate meeting = meetingDay(review);
                    if (afterTheMeeting && on.isBefore(meeting)) {
                        return Future.failedFuture(Problem.conflict(
                                "The report and the right of appeal come after the meeting on " + meeting + "."));
                    }
                    return pool.withTransaction(tx -> store.stepDone(tx, reviewId, column, on));
                })
                .compose(v -> get(caller, reviewId));
    }

    /** The advice kept for the review, to everyone invited (SENCO, admin). */
    Future<JsonObject> circulate(Caller caller, UUID reviewId, String lateReason) {
        return sending(caller, reviewId, false)
                .compose(review -> {
                    Instant now = clock.instant();
                    LocalDate today = SchoolTime.today(now, review.zone());
                    LocalDate meeting = SchoolTime.today(review.startsAt(), review.zone());
                    if (!now.isBefore(review.startsAt()))
                        return Future.failedFuture(
                                Problem.conflict("The meeting has happened; advice is circulated before it."));
                    if (today.isAfter(meeting.minusDays(14)) && lateReason == null)
                        return Future.failedFuture(Problem.invalid(
                                "body.lateReason",
                                "Advice goes to everyone at least two weeks before the meeting; say why it is later."));
                    return pool.withTransaction(
                            tx -> circulation.circulateAdvice(tx, review, caller.subject(), lateReason, now));
                })
                .compose(v -> get(caller, reviewId));
    }

    /** The review's report, to the local authority, everyone invited and the family (SENCO, admin). */
    Future<JsonObject> sendReport(Caller caller, UUID reviewId, String lateReason) {
        return sending(caller, reviewId, true)
                .compose(review -> {
                    Instant now = clock.instant();
                    LocalDate today = SchoolTime.today(now, review.zone());
                    LocalDate meeting = SchoolTime.today(review.startsAt(), review.zone());
                    if (now.isBefore(review.startsAt()))
                        return Future.failedFuture(
                                Problem.conflict("The report comes after the meeting on " + meeting + "."));
                    if (today.isAfter(meeting.plusDays(14)) && lateReason == null)
                        return Future.failedFuture(Problem.invalid(
                                "body.lateReason",
                                "The report goes within two weeks of the meeting; say why it is later."));
                    return pool.withTransaction(
                            tx -> circulation.sendReport(tx, review, caller.subject(), lateReason, now));
                })
                .compose(v -> get(caller, reviewId));
    }

    /**
     * The review as what is sent for it, when the caller may send (SENCO, admin), it was not
     * cancelled, and (for the report, sent once) it was not sent already.
     */
    private Future<AnnualReviewStore.Invitation> sending(Caller caller, UUID reviewId, boolean report) {
        return visible(caller, reviewId).compose(row -> {
            if (!caller.has(Role.SENCO) && !caller.has(Role.ADMIN))
                return Future.failedFuture(
                        Problem.forbidden("Only the SENCO or an admin sends the annual review's advice and report."));
            if (row.getBoolean("cancelled"))
                return Future.failedFuture(Problem.conflict("This review's meeting was cancelled."));
            if (report && row.getLocalDate("report_sent_on") != null)
                return Future.failedFuture(
                        Problem.conflict("The report was sent on " + row.getLocalDate("report_sent_on") + "."));
            // A review recorded before reviews were meetings has no meeting to send for.
            return store.invitation(pool, reviewId, clock.instant())
                    .compose(
                            review -> review != null
                                    ? Future.succeededFuture(review)
                                    : Future.failedFuture(
                                            Problem.conflict(
                                                    "This review has no meeting in Tandem; schedule it to send its advice and report.")));
        });
    }

    Future<JsonObject> get(Caller caller, UUID reviewId) {
        return visible(caller, reviewId).map(this::json);
    }

    /**
     * Reviews with a step past its due date, soonest meeting first, and the plans past their review
     * date with no review arranged at all.
     */
    Future<JsonObject> overdue(Caller caller) {
        caller.requireStaff(Role.SENCO, Role.ADMIN);
        Instant now = clock.instant();
        return store.overdue(pool, caller.schoolId(), caller.subject(), now, ADVICE_LEAD_DAYS)
                .compose(rows -> store.due(pool, caller.schoolId(), caller.subject(), now, true)
                        .map(plans -> new JsonObject()
                                .put("items", new JsonArray(Sql.list(rows, this::json)))
                                .put("notScheduled", new JsonArray(Sql.list(plans, AnnualReviews::dueJson)))));
    }

    /** Every EHC plan's review clock, soonest due first (SENCO, admin). */
    /** The plans due a review at the school named (a trust's SEND lead names one of the trust's), else the caller's. */
    Future<JsonObject> due(Caller caller, UUID schoolId) {
        caller.requireStaff(Role.SENCO, Role.ADMIN, Role.TRUST_SEND_LEAD);
        UUID school = caller.school(schoolId);
        return store.due(pool, school, caller.subject(), clock.instant(), false)
                .map(rows -> new JsonObject().put("items", new JsonArray(Sql.list(rows, AnnualReviews::dueJson))));
    }

    /**
     * Pushes the SENCO (content-free), once each, about every plan with no review arranged that has
     * reached two months before its due date, or the date itself. Returns how many pushes it queued.
     */
    Future<Integer> alertDue() {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> store.noteAlerts(tx, now)
                .compose(alerts -> Outbox.toStaff(tx, alerts, Access.Action.CHASE_ANNUAL_REVIEW, now)));
    }

    /** The review, when the caller may follow it (class teacher, SENCO, admin); 404 otherwise. */
    private Future<Row> visible(Caller caller, UUID reviewId) {
        caller.requireStaff();
        return store.one(pool, reviewId, caller.schoolId()).compose(r -> {
            if (r == null) return Future.failedFuture(Problem.notFound());
            return access.require(caller, r.getUUID("pupil_id"), Access.Action.FOLLOW_ANNUAL_REVIEW)
                    .map(p -> r);
        });
    }

    private static LocalDate meetingDay(Row r) {
        return r.getOffsetDateTime("meeting_at")
                .toInstant()
                .atZone(ZoneId.of(r.getString("time_zone")))
                .toLocalDate();
    }

    private static JsonObject dueJson(Row r) {
        JsonObject json = new JsonObject()
                .put("pupil", Json.named(r.getUUID("pupil_id"), r.getString("pupil_name")))
                .put("state", r.getString("state"))
                .put("scheduled", r.getUUID("review_id") != null);
        putDate(json, "planIssuedOn", r.getLocalDate("plan_issued_on"));
        putDate(json, "lastReviewOn", r.getLocalDate("held_on"));
        putDate(json, "dueOn", r.getLocalDate("due_on"));
        if (r.getUUID("review_id") != null) {
            json.put("reviewId", r.getUUID("review_id").toString())
                    .put(
                            "meetingAt",
                            r.getOffsetDateTime("meeting_at").toInstant().toString());
        }
        return json;
    }

    private static void putDate(JsonObject json, String field, LocalDate date) {
        if (date != null) json.put(field, date.toString());
    }

    private JsonObject json(Row r) {
        JsonObject json = new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("pupil", Json.named(r.getUUID("pupil_id"), r.getString("pupil_name")))
                .put("meetingAt", r.getOffsetDateTime("meeting_at").toInstant().toString())
                .put("place", r.getString("place"))
                .put("cancelled", r.getBoolean("cancelled"))
                .put("invitees", Json.array(r.getValue("invitees")))
                .put("adviceReplies", Json.array(r.getValue("advice_replies")))
                .put("sent", Json.array(r.getValue("sent")))
                .put("steps", steps(r));
        if (r.getUUID("meeting_id") != null)
            json.put("meetingId", r.getUUID("meeting_id").toString());
        if (r.getLocalDate("previous_review_on") != null)
            json.put("previousReviewOn", r.getLocalDate("previous_review_on").toString());
        if (r.getString("short_notice_reason") != null)
            json.put("shortNoticeReason", r.getString("short_notice_reason"));
        if (r.getString("late_reason") != null) json.put("lateReason", r.getString("late_reason"));
        return json;
    }

    /**
     * The statutory steps in the order they fall due, on the school's dates. A step whose date had
     * passed when the review was scheduled (at short notice, with its reason) is due from that day.
     */
    private JsonArray steps(Row r) {
        ZoneId zone = ZoneId.of(r.getString("time_zone"));
        LocalDate meeting = meetingDay(r);
        LocalDate scheduled = SchoolTime.today(r.getOffsetDateTime("created_at").toInstant(), zone);
        LocalDate today = SchoolTime.today(clock.instant(), zone);
        List<JsonObject> steps = new ArrayList<>(List.of(
                step("advice-requested", meeting.minusDays(ADVICE_LEAD_DAYS), r.getLocalDate("advice_requested_on")),
                step("invitations-sent", meeting.minusDays(14), r.getLocalDate("invitations_sent_on")),
                step("advice-circulated", meeting.minusDays(14), r.getLocalDate("advice_circulated_on")),
                // The pupil's views (getViewsForReview) are part of the advice circulated before the meeting.
                step("views-gathered", meeting.minusDays(14), r.getLocalDate("views_gathered_on")),
                step("report-sent", meeting.plusDays(14), r.getLocalDate("report_sent_on")),
                step("appeal-rights-told", meeting.plusDays(14), r.getLocalDate("appeal_rights_on"))));
        for (JsonObject step : steps) {
            LocalDate due = LocalDate.parse(step.getString("dueOn"));
            if (due.isBefore(scheduled)) due = scheduled;
            step.put("dueOn", due.toString());
            if (!step.containsKey("doneOn")) step.put("state", today.isAfter(due) ? "overdue" : "due");
        }
        steps.sort(Comparator.comparing(step -> step.getString("dueOn")));
        return new JsonArray(steps);
    }

    private static JsonObject step(String name, LocalDate due, LocalDate done) {
        JsonObject step = new JsonObject().put("step", name).put("dueOn", due.toString());
        if (done != null) step.put("doneOn", done.toString()).put("state", "done");
        return step;
    }
}
