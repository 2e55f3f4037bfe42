package app.tandem.meetings;

import app.tandem.platform.Answer;
import app.tandem.platform.Json;
import app.tandem.platform.Named;
import app.tandem.platform.SchoolTime;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** What the annual review answers with, typed, read from its rows; each is its JSON, field by field. */
final class AnnualReviewAnswers {
    private AnnualReviewAnswers() {}

    /** One statutory step: when it falls due on the school's dates, and when it was done. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(String step, LocalDate dueOn, LocalDate doneOn, String state) {}

    /** An annual review and its timeline. Invitees, advice and what was sent are as PostgreSQL lists them. */
    record Review(
            UUID id,
            Named pupil,
            Instant meetingAt,
            String place,
            boolean cancelled,
            JsonArray invitees,
            JsonArray adviceReplies,
            JsonArray sent,
            List<Step> steps,
            @JsonInclude(JsonInclude.Include.NON_NULL) UUID meetingId,
            @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate previousReviewOn,
            @JsonInclude(JsonInclude.Include.NON_NULL) String shortNoticeReason,
            @JsonInclude(JsonInclude.Include.NON_NULL) String lateReason)
            implements Answer {
        static Review of(Row r, Instant now) {
            return new Review(
                    r.getUUID("id"),
                    new Named(r.getUUID("pupil_id"), r.getString("pupil_name")),
                    r.getOffsetDateTime("meeting_at").toInstant(),
                    r.getString("place"),
                    r.getBoolean("cancelled"),
                    Json.array(r.getValue("invitees")),
                    Json.array(r.getValue("advice_replies")),
                    Json.array(r.getValue("sent")),
                    steps(r, now),
                    r.getUUID("meeting_id"),
                    r.getLocalDate("previous_review_on"),
                    r.getString("short_notice_reason"),
                    r.getString("late_reason"));
        }

        /**
         * The statutory steps in the order they fall due, on the school's dates. A step whose date had
         * passed when the review was scheduled (at short notice, with its reason) is due from that day.
         */
        private static List<Step> steps(Row r, Instant now) {
            ZoneId zone = ZoneId.of(r.getString("time_zone"));
            LocalDate meeting =
                    r.getOffsetDateTime("meeting_at").toInstant().atZone(zone).toLocalDate();
            LocalDate scheduled =
                    SchoolTime.today(r.getOffsetDateTime("created_at").toInstant(), zone);
            LocalDate today = SchoolTime.today(now, zone);
            int lead = AnnualReviews.ADVICE_LEAD_DAYS;
            return Stream.of(
                            step("advice-requested", meeting.minusDays(lead), r, "advice_requested_on"),
                            step("invitations-sent", meeting.minusDays(14), r, "invitations_sent_on"),
                            step("advice-circulated", meeting.minusDays(14), r, "advice_circulated_on"),
                            // The pupil's views (getViewsForReview) are part of the advice circulated before the
                            // meeting.
                            step("views-gathered", meeting.minusDays(14), r, "views_gathered_on"),
                            step("report-sent", meeting.plusDays(14), r, "report_sent_on"),
                            step("appeal-rights-told", meeting.plusDays(14), r, "appeal_rights_on"))
                    .map(s -> {
                        LocalDate due = s.dueOn().isBefore(scheduled) ? scheduled : s.dueOn();
                        String state = s.doneOn() != null ? "done" : today.isAfter(due) ? "overdue" : "due";
                        return new Step(s.step(), due, s.doneOn(), state);
                    })
                    .sorted(Comparator.comparing(Step::dueOn))
                    .toList();
        }

        private static Step step(String name, LocalDate due, Row r, String doneColumn) {
            return new Step(name, due, r.getLocalDate(doneColumn), null);
        }
    }

    /** An EHC plan's review clock: when it was issued and last reviewed, when the next review is due. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PlanDue(
            Named pupil,
            String state,
            LocalDate planIssuedOn,
            LocalDate lastReviewOn,
            LocalDate dueOn,
            UUID reviewId,
            Instant meetingAt)
            implements Answer {
        static PlanDue of(Row r) {
            UUID review = r.getUUID("review_id");
            return new PlanDue(
                    new Named(r.getUUID("pupil_id"), r.getString("pupil_name")),
                    r.getString("state"),
                    r.getLocalDate("plan_issued_on"),
                    r.getLocalDate("held_on"),
                    r.getLocalDate("due_on"),
                    review,
                    review == null ? null : r.getOffsetDateTime("meeting_at").toInstant());
        }

        @JsonProperty
        boolean scheduled() {
            return reviewId != null;
        }
    }

    /** Reviews with a step past its date, and plans past their review date with no review arranged. */
    record Overdue(List<Review> items, List<PlanDue> notScheduled) implements Answer {}
}
