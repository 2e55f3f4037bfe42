package app.tandem.record;

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
                    date(b.getString("planIssuedOn")),
                    date(b.getString("planReviewDue")),
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

    /** A review cycle; `openedOn` null means today. */
    record NewCycle(
            LocalDate openedOn, LocalDate reviewOn, List<UUID> outcomeIds, List<UUID> provisionIds, JsonObject asSent) {
        static NewCycle from(JsonObject b) {
            return new NewCycle(
                    date(b.getString("openedOn")),
                    LocalDate.parse(b.getString("reviewOn")),
                    ids(b.getJsonArray("outcomeIds")),
                    ids(b.getJsonArray("provisionIds")),
                    b);
        }
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
                            date(b.getString("startsOn")),
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
                    date(b.getString("recordedOn")),
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
                            date(b.getString("endsOn")),
                            ids(b.getJsonArray("outcomeIds")),
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

    private static LocalDate date(String value) {
        return value == null ? null : LocalDate.parse(value);
    }

    private static List<UUID> ids(JsonArray array) {
        return array == null
                ? List.of()
                : array.stream().map(o -> UUID.fromString(o.toString())).toList();
    }
}
