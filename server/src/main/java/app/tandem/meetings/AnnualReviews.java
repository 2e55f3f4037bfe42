package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.meetings.AnnualReviewAnswers.PlanDue;
import app.tandem.meetings.AnnualReviewAnswers.Review;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Items;
import app.tandem.platform.Problem;
import app.tandem.platform.SchoolTime;
import app.tandem.platform.Sql;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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

    Future<Review> schedule(Caller caller, UUID pupilId, AnnualReviewRequests.Schedule body) {
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

    Future<Review> recordStep(Caller caller, UUID reviewId, AnnualReviewRequests.Step step) {
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

    /**
     * What goes out for a review: the advice kept for it, to everyone invited, at least two weeks
     * before the meeting; the report, to the local authority, everyone invited and the family,
     * within two weeks after.
     */
    enum Sent {
        ADVICE,
        REPORT
    }

    /**
     * Sends the advice (before the meeting) or the report (after it), on the statutory side of the
     * meeting; more than two weeks out of step needs the reason why it is late.
     */
    Future<Review> send(Caller caller, UUID reviewId, Sent what, String lateReason) {
        boolean report = what == Sent.REPORT;
        return sending(caller, reviewId, report)
                .compose(review -> {
                    Instant now = clock.instant();
                    LocalDate today = SchoolTime.today(now, review.zone());
                    LocalDate meeting = SchoolTime.today(review.startsAt(), review.zone());
                    if (report && now.isBefore(review.startsAt()))
                        return Future.failedFuture(
                                Problem.conflict("The report comes after the meeting on " + meeting + "."));
                    if (!report && !now.isBefore(review.startsAt()))
                        return Future.failedFuture(
                                Problem.conflict("The meeting has happened; advice is circulated before it."));
                    boolean late = report ? today.isAfter(meeting.plusDays(14)) : today.isAfter(meeting.minusDays(14));
                    if (late && lateReason == null)
                        return Future.failedFuture(
                                Problem.invalid(
                                        "body.lateReason",
                                        report
                                                ? "The report goes within two weeks of the meeting; say why it is later."
                                                : "Advice goes to everyone at least two weeks before the meeting; say why it is later."));
                    return pool.withTransaction(tx -> report
                            ? circulation.sendReport(tx, review, caller.subject(), lateReason, now)
                            : circulation.circulateAdvice(tx, review, caller.subject(), lateReason, now));
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

    Future<Review> get(Caller caller, UUID reviewId) {
        return visible(caller, reviewId).map(this::review);
    }

    /**
     * Reviews with a step past its due date, soonest meeting first, and the plans past their review
     * date with no review arranged at all.
     */
    Future<AnnualReviewAnswers.Overdue> overdue(Caller caller) {
        caller.requireStaff(Role.SENCO, Role.ADMIN);
        Instant now = clock.instant();
        return store.overdue(pool, caller.schoolId(), caller.subject(), now, ADVICE_LEAD_DAYS)
                .compose(rows -> store.due(pool, caller.schoolId(), caller.subject(), now, true)
                        .map(plans -> new AnnualReviewAnswers.Overdue(
                                Sql.list(rows, this::review), Sql.list(plans, PlanDue::of))));
    }

    /** Every EHC plan's review clock, soonest due first (SENCO, admin). */
    /** The plans due a review at the school named (a trust's SEND lead names one of the trust's), else the caller's. */
    Future<Items<PlanDue>> due(Caller caller, UUID schoolId) {
        caller.requireStaff(Role.SENCO, Role.ADMIN, Role.TRUST_SEND_LEAD);
        UUID school = caller.school(schoolId);
        return store.due(pool, school, caller.subject(), clock.instant(), false)
                .map(rows -> Items.of(Sql.list(rows, PlanDue::of)));
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

    private Review review(Row r) {
        return Review.of(r, clock.instant());
    }
}
