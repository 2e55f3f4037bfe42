package app.tandem.meetings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;

/** The annual review's requests as typed values, made from bodies the contract has already checked. */
final class AnnualReviewRequests {
    private AnnualReviewRequests() {}

    /** Scheduling a review: when, where, for how long, the interval it keeps, reasons, who is invited. */
    record Schedule(
            Instant meetingAt,
            String place,
            String placeKind,
            int durationMinutes,
            LocalDate previousReviewOn,
            int intervalMonths,
            String shortNoticeReason,
            String lateReason,
            JsonArray invitees) {
        static Schedule from(JsonObject b) {
            return new Schedule(
                    Instant.parse(b.getString("meetingAt")),
                    b.getString("place"),
                    b.getString("placeKind", "room"),
                    b.getInteger("durationMinutes", 60),
                    b.getString("previousReviewOn") == null ? null : LocalDate.parse(b.getString("previousReviewOn")),
                    b.getInteger("intervalMonths", 12),
                    b.getString("shortNoticeReason"),
                    b.getString("lateReason"),
                    b.getJsonArray("invitees"));
        }
    }

    /** A step recorded as done, on a date (today when not given). */
    record Step(String column, LocalDate doneOn) {
        static Step from(JsonObject b) {
            String column =
                    switch (b.getString("step")) {
                        case "invitations-sent" -> "invitations_sent_on";
                        case "advice-requested" -> "advice_requested_on";
                        case "advice-circulated" -> "advice_circulated_on";
                        case "report-sent" -> "report_sent_on";
                        case "views-gathered" -> "views_gathered_on";
                        default -> "appeal_rights_on";
                    };
            return new Step(column, b.getString("doneOn") == null ? null : LocalDate.parse(b.getString("doneOn")));
        }

        boolean afterTheMeeting() {
            return column.equals("report_sent_on") || column.equals("appeal_rights_on");
        }
    }
}
