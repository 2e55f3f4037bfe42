package app.tandem.meetings;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.Rounds;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a family and a SENCO tripped over with meetings, each now as they would expect. */
class MeetingCorrectionsTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final String LEO_PARENT = "0d000000-0000-4000-8000-000000000202";

    @Test
    void aMovedMeetingKeepsItsIdAndCalendarUidAndACancelledOneCancelsTheCalendarEvent() throws Exception {
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT);
        String roundId = Rounds.willowRound(server, senco, 41, 3);
        expect(senco, roundId, Demo.SAM);
        List<JsonObject> offered = offeredIn(parent, Demo.SAM, roundId);
        String meetingId = Rounds.book(server, parent, Demo.SAM, offered.get(0).getString("slotId"))
                .bodyAsJsonObject()
                .getString("id");
        VEvent first = event(calendar(parent, meetingId));

        HttpResponse<Buffer> moved = server.post(
                "/v1/meetings/" + meetingId + "/reschedule",
                new JsonObject().put("slotId", offered.get(1).getString("slotId")),
                parent);
        assertResponse("rescheduleMeeting", moved);
        assertEquals(meetingId, moved.bodyAsJsonObject().getString("id"), "the same meeting, moved");
        assertEquals(
                offered.get(1).getString("startsAt"), moved.bodyAsJsonObject().getString("startsAt"));
        assertEquals(1, moved.bodyAsJsonObject().getInteger("sequence"));
        String movedFile = calendar(parent, meetingId);
        VEvent second = event(movedFile);
        assertEquals(value(first, Property.UID), value(second, Property.UID), "the phone updates the same event");
        assertEquals("0", value(first, Property.SEQUENCE));
        assertEquals("1", value(second, Property.SEQUENCE));
        assertEquals("CONFIRMED", value(second, Property.STATUS));
        assertEquals(
                0,
                server.count("SELECT count(*) FROM meeting WHERE pupil_id = '" + Demo.SAM + "' AND round_id = '"
                        + roundId + "' AND id <> '" + meetingId + "'"),
                "no second meeting");
        assertEquals(
                2,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-reminder' AND ref_id = '"
                        + meetingId + "' AND sent_at IS NULL"),
                "reminders for the new time only");

        for (String line : movedFile.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, "folded at 75 octets: " + line);
        }
        VTimeZone zone = (VTimeZone) parse(movedFile).getComponent("VTIMEZONE").orElseThrow();
        assertEquals(2, zone.getObservances().size(), "only the rules in force: GMT and BST");
        assertTrue(movedFile.length() < 1500, "no history since 1847: " + movedFile.length() + " characters");

        HttpResponse<Buffer> cancelled =
                server.post("/v1/meetings/" + meetingId + "/cancellation", new JsonObject(), parent);
        assertResponse("cancelMeeting", cancelled);
        Calendar cancelledFile = parse(calendar(parent, meetingId));
        VEvent gone = (VEvent) cancelledFile.getComponent("VEVENT").orElseThrow();
        assertEquals(
                "CANCEL",
                cancelledFile.getProperty(Property.METHOD).orElseThrow().getValue());
        assertEquals("CANCELLED", value(gone, Property.STATUS));
        assertEquals("2", value(gone, Property.SEQUENCE));
        assertEquals(value(first, Property.UID), value(gone, Property.UID));
    }

    @Test
    void aMeetingTheSchoolCancelsReachesTheFamilyWithItsReason() {
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT);
        String meetingId = samBooked(senco, parent, 43, 2);
        HttpResponse<Buffer> cancelled = server.post(
                "/v1/meetings/" + meetingId + "/cancellation",
                new JsonObject().put("reason", "Mrs Shah is on a course that day; please book another time."),
                server.token(Demo.TEACHER2));
        assertResponse("cancelMeeting", cancelled);
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-cancelled' AND ref_id = '"
                        + meetingId + "' AND user_id = '0d000000-0000-4000-8000-000000000201'"));
        HttpResponse<Buffer> mine = server.get("/v1/meetings", parent);
        assertResponse("listMyMeetings", mine);
        JsonObject seen = mine.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(m -> m.getString("id").equals(meetingId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("a cancelled meeting does not vanish"));
        assertEquals("cancelled", seen.getString("status"));
        assertEquals("Mrs Shah is on a course that day; please book another time.", seen.getString("cancelledReason"));
        assertProblem(
                server.post(
                        "/v1/meetings/" + meetingId + "/cancellation",
                        new JsonObject().put("reason", "x".repeat(501)),
                        senco),
                400,
                "validation");
    }

    @Test
    void aSecondBookingInARoundSaysThePupilAlreadyHasOneAndSlotsSaySoToo() {
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT);
        String roundId = Rounds.willowRound(server, senco, 45, 3);
        expect(senco, roundId, Demo.SAM);
        List<JsonObject> offered = offeredIn(parent, Demo.SAM, roundId);
        String meetingId = Rounds.book(server, parent, Demo.SAM, offered.get(0).getString("slotId"))
                .bodyAsJsonObject()
                .getString("id");
        HttpResponse<Buffer> again =
                Rounds.book(server, parent, Demo.SAM, offered.get(1).getString("slotId"));
        assertTrue(assertProblem(again, 409, "conflict")
                .getString("detail")
                .contains("already has a meeting in this round"));
        HttpResponse<Buffer> slots = server.get("/v1/pupils/" + Demo.SAM + "/slots?roundId=" + roundId, parent);
        assertResponse("listBookableSlots", slots);
        JsonArray booked = slots.bodyAsJsonObject().getJsonArray("booked");
        assertEquals(1, booked.size());
        assertEquals(meetingId, booked.getJsonObject(0).getString("meetingId"));
    }

    @Test
    void roundProgressNamesTheStaffAndANudgeSaysWhyFamiliesWereNotReminded() {
        String senco = server.token(Demo.SENCO);
        String roundId = Rounds.willowRound(server, senco, 47, 2);
        HttpResponse<Buffer> added = server.post(
                "/v1/review-rounds/" + roundId + "/pupils",
                new JsonObject()
                        .put(
                                "pupils",
                                new JsonArray()
                                        .add(pupil(Demo.SAM))
                                        .add(pupil(Demo.MAYA))
                                        .add(pupil(Demo.AMARA))),
                senco);
        assertResponse("addRoundPupils", added);
        JsonObject sam = added.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(i -> i.getJsonObject("pupil").getString("id").equals(Demo.SAM))
                .findFirst()
                .orElseThrow();
        assertEquals("Priya Shah", sam.getJsonArray("staff").getJsonObject(0).getString("displayName"));
        String parent = server.token(Demo.PARENT);
        Rounds.book(
                server,
                parent,
                Demo.SAM,
                offeredIn(parent, Demo.SAM, roundId).get(0).getString("slotId"));

        HttpResponse<Buffer> nudged = server.post("/v1/review-rounds/" + roundId + "/nudges", null, senco);
        assertResponse("nudgeUnbooked", nudged);
        assertEquals(
                new JsonObject()
                        .put("nudged", 1)
                        .put("alreadyBooked", 1)
                        .put("nudgedToday", 0)
                        .put("noParentOnTandem", 1),
                nudged.bodyAsJsonObject(),
                "Amara's mother reminded; Sam booked; Maya has no parent on Tandem");
        HttpResponse<Buffer> again = server.post("/v1/review-rounds/" + roundId + "/nudges", null, senco);
        assertEquals(
                new JsonObject()
                        .put("nudged", 0)
                        .put("alreadyBooked", 1)
                        .put("nudgedToday", 1)
                        .put("noParentOnTandem", 1),
                again.bodyAsJsonObject());
    }

    @Test
    void correctingWhatWasAgreedKeepsTheEarlierVersion() {
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT);
        String meetingId = samBooked(senco, parent, 49, 1);
        server.clock().advance(Duration.ofDays(50));
        try {
            String teacher = server.token(Demo.TEACHER2);
            String path = "/v1/meetings/" + meetingId + "/record";
            HttpResponse<Buffer> first =
                    server.post(path, new JsonObject().put("agreed", "Sam reads with an adult daily."), teacher);
            assertResponse("recordMeetingOutcome", first);
            assertFalse(first.bodyAsJsonObject().getBoolean("corrected"));
            HttpResponse<Buffer> fixed = server.post(
                    path, new JsonObject().put("agreed", "Sam reads with an adult three times a week."), teacher);
            assertResponse("recordMeetingOutcome", fixed);
            JsonObject meeting = fixed.bodyAsJsonObject();
            assertTrue(meeting.getBoolean("corrected"));
            assertEquals("Sam reads with an adult three times a week.", meeting.getString("agreed"));
            JsonObject earlier = meeting.getJsonArray("earlierRecords").getJsonObject(0);
            assertEquals("Sam reads with an adult daily.", earlier.getString("agreed"));
            assertEquals("Priya Shah", earlier.getJsonObject("recordedBy").getString("displayName"));
            JsonObject seen = server.get("/v1/meetings/" + meetingId, server.token(Demo.PARENT))
                    .bodyAsJsonObject();
            assertTrue(seen.getBoolean("corrected"), "the family sees it was corrected");
        } finally {
            server.clock().advance(Duration.ofDays(-50));
        }
    }

    @Test
    void onlyTheSencoOrAnAdminArrangesOneOpenAnnualReviewAndItsLaterStepsWaitForTheMeeting() {
        Rounds.cancelAnnualReviews(server, Demo.LEO);
        String path = "/v1/pupils/" + Demo.LEO + "/annual-reviews";
        Instant at = server.clock()
                .instant()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(60))
                .plus(Duration.ofHours(8));
        JsonObject body = new JsonObject()
                .put("meetingAt", at.toString())
                .put("place", "Room 9")
                .put(
                        "invitees",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "Leo's father")
                                        .put("role", "parent")));
        assertProblem(server.post(path, body, server.token(Demo.TEACHER)), 404, "not-found");

        HttpResponse<Buffer> byAdmin = server.post(path, body, server.token(Demo.ADMIN));
        assertResponse("scheduleAnnualReview", byAdmin);
        assertEquals(201, byAdmin.statusCode(), byAdmin.bodyAsString());
        JsonObject review = byAdmin.bodyAsJsonObject();
        String senco = server.token(Demo.SENCO);
        JsonObject meeting = server.get("/v1/meetings/" + review.getString("meetingId"), senco)
                .bodyAsJsonObject();
        assertTrue(
                meeting.getJsonArray("staff").stream()
                        .anyMatch(s -> ((JsonObject) s).getString("displayName").equals("Ruth Adeyemi")),
                "the SENCO attends");
        List<String> dueDates = review.getJsonArray("steps").stream()
                .map(s -> ((JsonObject) s).getString("dueOn"))
                .toList();
        assertEquals(dueDates.stream().sorted().toList(), dueDates, "steps in date order");

        long reviews = server.count("SELECT count(*) FROM annual_review");
        HttpResponse<Buffer> second = server.post(
                path, body.copy().put("meetingAt", at.plus(Duration.ofDays(3)).toString()), senco);
        assertResponse("scheduleAnnualReview", second);
        assertProblem(second, 409, "conflict");
        assertEquals(reviews, server.count("SELECT count(*) FROM annual_review"), "one open review at a time");

        HttpResponse<Buffer> early = server.post(
                "/v1/annual-reviews/" + review.getString("id") + "/steps",
                new JsonObject().put("step", "report-sent"),
                senco);
        assertResponse("recordAnnualReviewStep", early);
        assertProblem(early, 409, "conflict");
        assertEquals(
                0,
                server.count("SELECT count(*) FROM annual_review WHERE report_sent_on IS NOT NULL AND id = '"
                        + review.getString("id") + "'"));
    }

    /** Sam's parent books the first slot of a new Willow round `days` ahead; the meeting's id. */
    private static String samBooked(String senco, String parent, int days, int slots) {
        String roundId = Rounds.willowRound(server, senco, days, slots);
        expect(senco, roundId, Demo.SAM);
        return Rounds.book(
                        server,
                        parent,
                        Demo.SAM,
                        offeredIn(parent, Demo.SAM, roundId).get(0).getString("slotId"))
                .bodyAsJsonObject()
                .getString("id");
    }

    @Test
    void anAnnualReviewWithNoSencoToAttendIsRefusedAndLeavesNothing() {
        Rounds.cancelAnnualReviews(server, Demo.LEO);
        server.sql(
                "UPDATE app_user SET roles = '{teacher}' WHERE email = '" + Demo.SENCO + "'; NOTIFY tandem_directory");
        try {
            long reviews = server.count("SELECT count(*) FROM annual_review");
            HttpResponse<Buffer> refused = server.post(
                    "/v1/pupils/" + Demo.LEO + "/annual-reviews",
                    new JsonObject()
                            .put(
                                    "meetingAt",
                                    server.clock()
                                            .instant()
                                            .plus(Duration.ofDays(70))
                                            .toString())
                            .put("place", "Room 9")
                            .put(
                                    "invitees",
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put("name", "Dad")
                                                    .put("role", "parent"))),
                    server.token(Demo.ADMIN));
            assertResponse("scheduleAnnualReview", refused);
            assertTrue(
                    assertProblem(refused, 409, "conflict").getString("detail").contains("no SENCO"));
            assertEquals(reviews, server.count("SELECT count(*) FROM annual_review"));
        } finally {
            server.sql("UPDATE app_user SET roles = '{senco,teacher}' WHERE email = '" + Demo.SENCO
                    + "'; NOTIFY tandem_directory");
        }
    }

    private static JsonObject pupil(String id) {
        return new JsonObject().put("pupilId", id).put("staffIds", new JsonArray().add(Rounds.TEACHER2_ID));
    }

    private static void expect(String senco, String roundId, String pupilId) {
        assertResponse(
                "addRoundPupils",
                server.post(
                        "/v1/review-rounds/" + roundId + "/pupils",
                        new JsonObject().put("pupils", new JsonArray().add(pupil(pupilId))),
                        senco));
    }

    private static List<JsonObject> offeredIn(String token, String pupilId, String roundId) {
        return Rounds.slots(server, token, pupilId).stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("roundId").equals(roundId))
                .toList();
    }

    private static String calendar(String token, String meetingId) {
        HttpResponse<Buffer> response = server.get("/v1/meetings/" + meetingId + "/calendar", token);
        assertResponse("getMeetingCalendar", response);
        return response.bodyAsString();
    }

    private static Calendar parse(String ics) {
        try {
            return new CalendarBuilder().build(new StringReader(ics));
        } catch (Exception ex) {
            throw new AssertionError("not a calendar ical4j can read: " + ex.getMessage() + "\n" + ics, ex);
        }
    }

    private static VEvent event(String ics) {
        return (VEvent) parse(ics).getComponent("VEVENT").orElseThrow();
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).orElseThrow().getValue();
    }
}
