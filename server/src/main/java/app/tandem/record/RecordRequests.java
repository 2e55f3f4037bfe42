package app.tandem.record;

import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import app.tandem.voice.Voice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The SEND record's requests as typed values, made from bodies the contract has already checked.
 * Each keeps `asSent`, the request as the person sent it: the record's history (`record_change`)
 * keeps exactly that, so staff see what was asked, not Tandem's reading of it.
 */
final class RecordRequests {
    private RecordRequests() {}

    /** A decision on the pupil's SEN status, deciding a class teacher's proposal when it names one. */
    record StatusChange(
            SenStatus status,
            LocalDate planIssuedOn,
            LocalDate planReviewDue,
            String localAuthority,
            String note,
            String noticeText,
            UUID proposalId) {
        static StatusChange from(JsonObject b) {
            return new StatusChange(
                    SenStatus.of(b.getString("status")),
                    Requests.date(b, "planIssuedOn"),
                    Requests.date(b, "planReviewDue"),
                    b.getString("localAuthority"),
                    b.getString("note"),
                    b.getString("noticeText"),
                    b.getString("proposalId") == null ? null : UUID.fromString(b.getString("proposalId")));
        }
    }

    /** A class teacher's proposal of a SEN status, with what they have seen and tried. */
    record Proposal(SenStatus status, String evidence, JsonObject asSent) {
        static Proposal from(JsonObject b) {
            return new Proposal(
                    SenStatus.of(b.getString("status")), b.getString("evidence").strip(), b);
        }
    }

    record NewNeed(String area, String description, JsonObject asSent) {
        static NewNeed from(JsonObject b) {
            return new NewNeed(b.getString("area"), b.getString("description").strip(), b);
        }
    }

    /**
     * A review cycle; `openedOn` null means today, `reviewOn` null the end of its term, `views` null
     * the plain question every pupil and parent is asked.
     */
    record NewCycle(
            LocalDate openedOn,
            LocalDate reviewOn,
            String atHome,
            Voice.CycleQuestion views,
            List<UUID> outcomeIds,
            List<UUID> provisionIds,
            JsonObject asSent) {
        static NewCycle from(JsonObject b) {
            JsonObject views = b.getJsonObject("views");
            return new NewCycle(
                    Requests.date(b, "openedOn"),
                    Requests.date(b, "reviewOn"),
                    text(b.getString("atHome"), "body.atHome"),
                    views == null ? Voice.CycleQuestion.PLAIN : question(views),
                    Requests.ids(b, "outcomeIds"),
                    Requests.ids(b, "provisionIds"),
                    b);
        }

        private static Voice.CycleQuestion question(JsonObject v) {
            List<String> formats =
                    v.getJsonArray("formats").stream().map(String.class::cast).toList();
            Integer points = v.getInteger("scalePoints");
            if (formats.contains("scale") != (points != null))
                throw Problem.invalid("body.views.scalePoints", "is needed with the scale format, and only with it.");
            if (formats.contains("talking-mat"))
                throw Problem.invalid(
                        "body.views.formats", "A talking mat needs its cards: ask with createViewsRequest instead.");
            return new Voice.CycleQuestion(text(v.getString("question"), "body.views.question"), formats, points);
        }
    }

    /** A cycle's review: its record, what changes next, and each open outcome's rating. */
    record Closure(String reviewRecord, String nextSteps, List<Rating> ratings) {
        record Rating(UUID outcomeId, int rating, String note) {}

        static Closure from(JsonObject b) {
            List<Rating> ratings = new java.util.ArrayList<>();
            JsonArray given = b.getJsonArray("ratings");
            for (int i = 0; i < given.size(); i++) {
                JsonObject r = given.getJsonObject(i);
                ratings.add(new Rating(
                        UUID.fromString(r.getString("outcomeId")),
                        r.getInteger("rating"),
                        text(r.getString("note"), "body.ratings[" + i + "].note")));
            }
            return new Closure(
                    text(b.getString("reviewRecord"), "body.reviewRecord"),
                    text(b.getString("nextSteps"), "body.nextSteps"),
                    ratings);
        }
    }

    /** Text stripped of surrounding space; null stays null, and nothing but space is refused. */
    private static String text(String s, String field) {
        if (s == null) return null;
        if (s.isBlank()) throw Problem.invalid(field, "must not be blank.");
        return s.strip();
    }

    /** An outcome; its `startsOn` null means today. */
    record NewOutcome(OutcomeStore.NewOutcome outcome, JsonObject asSent) {
        static NewOutcome from(JsonObject b) {
            return new NewOutcome(
                    new OutcomeStore.NewOutcome(
                            b.getString("area"),
                            b.getString("title").strip(),
                            b.getString("pupilTitle").strip(),
                            b.getString("symbol"),
                            b.getJsonArray("agreedWith").stream()
                                    .map(Object::toString)
                                    .toArray(String[]::new),
                            Requests.date(b, "startsOn"),
                            LocalDate.parse(b.getString("reviewOn"))),
                    b);
        }
    }

    record CloseOutcome(String result, UUID replacedBy, String note, JsonObject asSent) {
        static CloseOutcome from(JsonObject b) {
            return new CloseOutcome(
                    b.getString("result"),
                    b.getString("replacedBy") == null ? null : UUID.fromString(b.getString("replacedBy")),
                    b.getString("note"),
                    b);
        }
    }

    /** A progress rating; `recordedOn` null means today. */
    record NewProgress(Integer rating, String note, boolean staffOnly, LocalDate recordedOn, JsonObject asSent) {
        static NewProgress from(JsonObject b) {
            return new NewProgress(
                    b.getInteger("rating"),
                    b.getString("note"),
                    b.getBoolean("staffOnly", false),
                    Requests.date(b, "recordedOn"),
                    b);
        }
    }

    record NewProvision(ProvisionStore.NewProvision support, JsonObject asSent) {
        static NewProvision from(JsonObject b) {
            return new NewProvision(
                    new ProvisionStore.NewProvision(
                            b.getString("name"),
                            b.getString("description"),
                            b.getString("pupilDescription"),
                            b.getString("frequency"),
                            b.getString("deliveredBy"),
                            LocalDate.parse(b.getString("startsOn")),
                            Requests.date(b, "endsOn"),
                            Requests.ids(b, "outcomeIds"),
                            b.getDouble("sessionsPerWeek")),
                    b);
        }
    }

    record SessionLog(LocalDate heldOn, boolean delivered, String note, JsonObject asSent) {
        static SessionLog from(JsonObject b) {
            return new SessionLog(
                    LocalDate.parse(b.getString("heldOn")), b.getBoolean("delivered"), b.getString("note"), b);
        }
    }
}
