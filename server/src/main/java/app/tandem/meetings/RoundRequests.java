package app.tandem.meetings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What staff ask of a review round, typed from the request's JSON (already checked against the
 * contract): the service sees records, never JSON.
 */
final class RoundRequests {
    private RoundRequests() {}

    /** A round to open: its name, slot length, and when families may book. */
    record NewRound(String name, int slotMinutes, Instant bookingOpensAt, Instant bookingClosesAt) {}

    /** A break inside a window of availability. */
    record Break(Instant startsAt, Instant endsAt) {}

    /** A member of staff's window of availability (null staff: the caller's own), less its breaks. */
    record Availability(
            UUID staffId, Instant startsAt, Instant endsAt, List<Break> breaks, String place, String placeKind) {}

    /** A pupil expected in the round, with the staff who must attend (null: the defaults). */
    record ExpectedPupil(UUID pupilId, List<UUID> staffIds, boolean separateMeetings) {}

    static NewRound newRound(JsonObject body) {
        return new NewRound(
                body.getString("name"),
                body.getInteger("slotMinutes", 30),
                Instant.parse(body.getString("bookingOpensAt")),
                Instant.parse(body.getString("bookingClosesAt")));
    }

    static Availability availability(JsonObject body) {
        JsonArray breaks = body.getJsonArray("breaks", new JsonArray());
        return new Availability(
                body.getString("staffId") == null ? null : UUID.fromString(body.getString("staffId")),
                Instant.parse(body.getString("startsAt")),
                Instant.parse(body.getString("endsAt")),
                breaks.stream()
                        .map(JsonObject.class::cast)
                        .map(b ->
                                new Break(Instant.parse(b.getString("startsAt")), Instant.parse(b.getString("endsAt"))))
                        .toList(),
                body.getString("place"),
                body.getString("placeKind"));
    }

    static List<ExpectedPupil> expectedPupils(JsonObject body) {
        return body.getJsonArray("pupils").stream()
                .map(JsonObject.class::cast)
                .map(p -> new ExpectedPupil(
                        UUID.fromString(p.getString("pupilId")),
                        p.getJsonArray("staffIds") == null
                                ? null
                                : p.getJsonArray("staffIds").stream()
                                        .map(o -> UUID.fromString(o.toString()))
                                        .toList(),
                        p.getBoolean("separateMeetings", false)))
                .toList();
    }
}
