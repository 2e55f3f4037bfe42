package app.tandem.testing;

import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Review rounds and bookings for meetings tests, made over HTTP as the app would. */
public final class Rounds {
    public static final String TEACHER2_ID = "0d000000-0000-4000-8000-000000000104";

    private Rounds() {}

    public static JsonArray slots(TestServer server, String token, String pupilId) {
        HttpResponse<Buffer> response = server.get("/v1/pupils/" + pupilId + "/slots", token);
        assertResponse("listBookableSlots", response);
        return response.bodyAsJsonObject().getJsonArray("items");
    }

    public static HttpResponse<Buffer> book(TestServer server, String token, String pupilId, String slotId) {
        HttpResponse<Buffer> response = server.post(
                "/v1/meetings",
                new JsonObject()
                        .put("pupilId", pupilId)
                        .put("slotId", slotId)
                        .put("note", "Could we talk about reading?"),
                token);
        assertResponse("bookMeeting", response);
        return response;
    }

    /** Puts pupils in a round, each to meet teacher2. */
    public static void addPupils(TestServer server, String senco, String roundId, String... pupilIds) {
        JsonArray pupils = new JsonArray();
        for (String pupilId : pupilIds)
            pupils.add(new JsonObject().put("pupilId", pupilId).put("staffIds", new JsonArray().add(TEACHER2_ID)));
        assertResponse(
                "addRoundPupils",
                server.post("/v1/review-rounds/" + roundId + "/pupils", new JsonObject().put("pupils", pupils), senco));
    }

    /** A round for 2 Willow with teacher2 free for `slots` half hours, `days` days ahead (so tests never share times). */
    public static String willowRound(TestServer server, String senco, int days, int slots) {
        HttpResponse<Buffer> round = server.post(
                "/v1/review-rounds",
                new JsonObject()
                        .put("name", "Willow reviews " + days)
                        .put(
                                "bookingOpensAt",
                                server.clock()
                                        .instant()
                                        .minus(Duration.ofHours(1))
                                        .toString())
                        .put(
                                "bookingClosesAt",
                                server.clock()
                                        .instant()
                                        .plus(Duration.ofDays(days))
                                        .toString()),
                senco);
        assertResponse("createReviewRound", round);
        String roundId = round.bodyAsJsonObject().getString("id");
        Instant starts = server.clock()
                .instant()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(days))
                .plus(Duration.ofHours(15));
        HttpResponse<Buffer> available = server.post(
                "/v1/review-rounds/" + roundId + "/availability",
                new JsonObject()
                        .put("staffId", TEACHER2_ID)
                        .put("startsAt", starts.toString())
                        .put(
                                "endsAt",
                                starts.plus(Duration.ofMinutes(30L * slots)).toString())
                        .put("place", "Willow room " + days)
                        .put("placeKind", "room"),
                senco);
        assertResponse("addAvailability", available);
        assertEquals(201, available.statusCode(), available.bodyAsString());
        return roundId;
    }

    /** Cancels the pupil's annual review meetings, so a test can arrange one afresh. */
    public static void cancelAnnualReviews(TestServer server, String pupilId) {
        server.sql(
                "UPDATE meeting_staff SET cancelled = true WHERE meeting_id IN (SELECT id FROM meeting WHERE pupil_id = '"
                        + pupilId
                        + "' AND kind = 'annual-review'); UPDATE meeting SET status = 'cancelled' WHERE pupil_id = '"
                        + pupilId + "' AND kind = 'annual-review'");
    }

    /**
     * A fresh annual review for the pupil (any standing one cancelled first), `days` ahead at
     * `hour`:00 UTC in Room 5, scheduled by the SENCO with these invitees ("name|role|email", the
     * email optional); the answer as the app gets it.
     */
    public static HttpResponse<Buffer> annualReview(
            TestServer server, String pupilId, int days, int hour, String... invitees) {
        cancelAnnualReviews(server, pupilId);
        Instant at = server.clock()
                .instant()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(days))
                .plus(Duration.ofHours(hour));
        JsonArray people = new JsonArray();
        for (String invitee : invitees) {
            String[] parts = invitee.split("\\|");
            JsonObject person = new JsonObject().put("name", parts[0]).put("role", parts[1]);
            if (parts.length > 2) person.put("email", parts[2]);
            people.add(person);
        }
        return server.post(
                "/v1/pupils/" + pupilId + "/annual-reviews",
                new JsonObject()
                        .put("meetingAt", at.toString())
                        .put("place", "Room 5")
                        .put("invitees", people),
                server.token(Demo.SENCO));
    }

    /** One step of an annual review as the API answers it, by the step's name. */
    public static JsonObject step(JsonObject review, String name) {
        return review.getJsonArray("steps").stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("step").equals(name))
                .findFirst()
                .orElseThrow();
    }
}
