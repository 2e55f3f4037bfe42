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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Booking review meetings: only slots where everyone is free, never a double booking, and the annual review's timeline. */
class MeetingsTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String TEACHER2_ID = "0d000000-0000-4000-8000-000000000104";
    static final String WILLOW = "0d000000-0000-4000-8000-000000000302";

    private static JsonArray slots(String token, String pupilId) {
        return Rounds.slots(server, token, pupilId);
    }

    private static HttpResponse<Buffer> book(String token, String pupilId, String slotId) {
        return Rounds.book(server, token, pupilId, slotId);
    }

    private static long count(String sql) {
        return server.count(sql);
    }

    private static String willowRound(String senco, int days, int slots) {
        return Rounds.willowRound(server, senco, days, slots);
    }

    @Test
    void aParentBooksATimeWhenEveryoneIsFreeAndGetsACalendarFileAndReminders() {
        String parent = server.token(Demo.PARENT);
        JsonArray free = slots(parent, Demo.AMARA);
        assertFalse(free.isEmpty());
        JsonObject slot = free.getJsonObject(0);
        HttpResponse<Buffer> booked = book(parent, Demo.AMARA, slot.getString("slotId"));
        assertEquals(201, booked.statusCode(), booked.bodyAsString());
        String meetingId = booked.bodyAsJsonObject().getString("id");
        assertEquals(2, booked.bodyAsJsonObject().getJsonArray("staff").size());
        assertTrue(slots(parent, Demo.AMARA).stream()
                .noneMatch(s -> ((JsonObject) s).getString("startsAt").equals(slot.getString("startsAt"))));
        assertTrue(
                slots(server.token(Demo.PARENT2), Demo.LEO).stream()
                        .noneMatch(s -> ((JsonObject) s).getString("startsAt").equals(slot.getString("startsAt"))),
                "Leo needs the same teacher and SENCO, who are now busy then");
        assertEquals(
                2,
                count("SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-reminder' AND ref_id = '"
                        + meetingId + "'"));
        HttpResponse<Buffer> home = server.get("/v1/home/parent", parent);
        assertResponse("getParentHome", home);
        assertEquals(
                meetingId,
                home.bodyAsJsonObject().getJsonArray("pupils").stream()
                        .map(JsonObject.class::cast)
                        .filter(p -> p.getString("id").equals(Demo.AMARA))
                        .findFirst()
                        .orElseThrow()
                        .getJsonObject("nextMeeting")
                        .getString("id"),
                "the parent home shows the next booked meeting");

        HttpResponse<Buffer> ics = server.get("/v1/meetings/" + meetingId + "/calendar", parent);
        assertResponse("getMeetingCalendar", ics);
        String calendar = ics.bodyAsString();
        assertTrue(calendar.contains("BEGIN:VEVENT") && calendar.contains("BEGIN:VTIMEZONE"), calendar);
        assertTrue(calendar.contains("DTSTART;TZID=Europe/London"), calendar);
        assertTrue(
                calendar.replace("\r\n ", "").contains("ORGANIZER;CN=Oakfield Primary School:mailto:"),
                "the school organises it (RFC 5546): " + calendar);
        assertTrue(
                server.get("/v1/meetings", server.token(Demo.TEACHER)).bodyAsJsonObject().getJsonArray("items").stream()
                        .anyMatch(m -> ((JsonObject) m).getString("id").equals(meetingId)));
        assertProblem(server.get("/v1/meetings/" + meetingId, server.token(Demo.PARENT2)), 404, "not-found");
        assertProblem(
                book(
                        server.token(Demo.PARENT2),
                        Demo.AMARA,
                        free.getJsonObject(1).getString("slotId")),
                404,
                "not-found");

        HttpResponse<Buffer> cancelled = server.post("/v1/meetings/" + meetingId + "/cancellation", null, parent);
        assertResponse("cancelMeeting", cancelled);
        assertEquals("cancelled", cancelled.bodyAsJsonObject().getString("status"));
        assertEquals(
                0,
                count("SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-reminder' AND ref_id = '"
                        + meetingId + "'"));
        assertTrue(
                slots(parent, Demo.AMARA).stream()
                        .anyMatch(s -> ((JsonObject) s).getString("startsAt").equals(slot.getString("startsAt"))),
                "a cancelled time is free again");
    }

    @Test
    void parentsRacingForTheSameSlotsNeverDoubleBookAndLosersGetAClear409() throws Exception {
        String senco = server.token(Demo.SENCO);
        String roundId = willowRound(senco, 20, 3);
        int families = 12;
        List<String> pupils = new ArrayList<>();
        for (int i = 0; i < families; i++) {
            String pupil = String.format("0d000000-0000-4000-8000-%012d", 5000 + i);
            String parent = String.format("0d000000-0000-4000-8000-%012d", 6000 + i);
            server.sql(
                    """
          INSERT INTO pupil (id, school_id, class_id, first_name, last_name, date_of_birth, year_group)
          VALUES ('%1$s', '%3$s', '%4$s', 'Racer', 'Number %5$d', '2019-01-01', 2);
          INSERT INTO app_user (id, school_id, kind, email, display_name, password_hash)
          SELECT '%2$s', '%3$s', 'parent', 'racer%5$d@example.org', 'Racer parent %5$d', password_hash FROM app_user WHERE email = 'parent@example.org';
          INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship) VALUES ('%3$s', '%2$s', '%1$s', 'mother');"""
                            .formatted(pupil, parent, Demo.SCHOOL, WILLOW, i));
            pupils.add(pupil);
        }
        JsonArray expected = new JsonArray();
        pupils.forEach(p ->
                expected.add(new JsonObject().put("pupilId", p).put("staffIds", new JsonArray().add(TEACHER2_ID))));
        assertResponse(
                "addRoundPupils",
                server.post(
                        "/v1/review-rounds/" + roundId + "/pupils", new JsonObject().put("pupils", expected), senco));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < families; i++) tokens.add(server.token("racer" + i + "@example.org"));
        List<String> offered = slots(tokens.get(0), pupils.get(0)).stream()
                .map(s -> ((JsonObject) s).getString("slotId"))
                .toList();
        assertEquals(3, offered.size());

        ExecutorService racers = Executors.newFixedThreadPool(families);
        try {
            List<Callable<HttpResponse<Buffer>>> calls = new ArrayList<>();
            for (int i = 0; i < families; i++) {
                int n = i;
                calls.add(() -> book(tokens.get(n), pupils.get(n), offered.get(n % offered.size())));
            }
            int won = 0;
            for (Future<HttpResponse<Buffer>> f : racers.invokeAll(calls)) {
                HttpResponse<Buffer> r = f.get();
                if (r.statusCode() == 201) won++;
                else assertProblem(r, 409, "conflict");
            }
            assertEquals(3, won, "each slot went to exactly one family");
        } finally {
            racers.shutdown();
        }
        assertEquals(3, count("SELECT count(*) FROM meeting WHERE round_id = '" + roundId + "' AND status = 'booked'"));
        assertEquals(
                3,
                count("SELECT count(*) FROM meeting_staff s JOIN meeting m ON m.id = s.meeting_id WHERE m.round_id = '"
                        + roundId + "'"),
                "nothing half-booked");
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM meeting_staff a JOIN meeting_staff b ON a.staff_id = b.staff_id AND a.meeting_id < b.meeting_id"
                                + " AND a.during && b.during AND NOT a.cancelled AND NOT b.cancelled"));
        assertTrue(slots(tokens.get(5), pupils.get(5)).isEmpty(), "no time left in this round");
        HttpResponse<Buffer> progress = server.get("/v1/review-rounds/" + roundId + "/progress", senco);
        assertResponse("getRoundProgress", progress);
        assertEquals(
                3,
                progress.bodyAsJsonObject().getJsonArray("items").stream()
                        .filter(i -> ((JsonObject) i).getBoolean("booked"))
                        .count());
        HttpResponse<Buffer> nudged = server.post("/v1/review-rounds/" + roundId + "/nudges", null, senco);
        assertResponse("nudgeUnbooked", nudged);
        assertEquals(families - 3, nudged.bodyAsJsonObject().getInteger("nudged"));
        assertEquals(
                0,
                server.post("/v1/review-rounds/" + roundId + "/nudges", null, senco)
                        .bodyAsJsonObject()
                        .getInteger("nudged"),
                "at most one nudge a day");
    }

    @Test
    void availabilityAndBookingsRefuseWhatCannotBe() {
        String senco = server.token(Demo.SENCO);
        String roundId = willowRound(senco, 30, 2);
        Instant starts = server.clock()
                .instant()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(30))
                .plus(Duration.ofHours(15));
        String path = "/v1/review-rounds/" + roundId + "/availability";
        assertProblem(
                server.post(
                        path,
                        new JsonObject()
                                .put("staffId", TEACHER2_ID)
                                .put(
                                        "startsAt",
                                        starts.plus(Duration.ofMinutes(15)).toString())
                                .put("endsAt", starts.plus(Duration.ofHours(2)).toString())
                                .put("place", "Hall")
                                .put("placeKind", "room"),
                        senco),
                409,
                "conflict");
        assertProblem(
                server.post(
                        path,
                        new JsonObject()
                                .put(
                                        "startsAt",
                                        starts.plus(Duration.ofHours(5)).toString())
                                .put("endsAt", starts.plus(Duration.ofHours(4)).toString())
                                .put("place", "Hall")
                                .put("placeKind", "room"),
                        senco),
                400,
                "validation");
        HttpResponse<Buffer> withBreak = server.post(
                path,
                new JsonObject()
                        .put("startsAt", starts.plus(Duration.ofHours(5)).toString())
                        .put("endsAt", starts.plus(Duration.ofHours(7)).toString())
                        .put("place", "SENCO office")
                        .put("placeKind", "room")
                        .put(
                                "breaks",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put(
                                                        "startsAt",
                                                        starts.plus(Duration.ofHours(6))
                                                                .toString())
                                                .put(
                                                        "endsAt",
                                                        starts.plus(Duration.ofMinutes(390))
                                                                .toString()))),
                senco);
        assertEquals(2, withBreak.bodyAsJsonObject().getJsonArray("items").size(), "a break splits the window");
        assertProblem(
                server.post(
                        path,
                        new JsonObject()
                                .put(
                                        "startsAt",
                                        starts.plus(Duration.ofHours(9)).toString())
                                .put("endsAt", starts.plus(Duration.ofHours(10)).toString())
                                .put("place", "x")
                                .put("placeKind", "room")
                                .put("staffId", TEACHER2_ID),
                        server.token(Demo.TEACHER)),
                403,
                "forbidden");

        String parent = server.token(Demo.PARENT);
        Rounds.addPupils(server, senco, roundId, Demo.SAM);
        String real = slots(parent, Demo.SAM).stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("roundId").equals(roundId))
                .findFirst()
                .orElseThrow()
                .getString("slotId");
        String offTheGrid = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        (roundId + ":" + starts.plus(Duration.ofMinutes(7)).getEpochSecond()).getBytes());
        assertEquals(
                "body.slotId",
                assertProblem(book(parent, Demo.SAM, offTheGrid), 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertProblem(book(parent, Demo.SAM, "not-a-slot"), 400, "validation");
        server.sql(
                "UPDATE review_round SET booking_closes_at = now() - interval '1 minute', booking_opens_at = now() - interval '2 days'"
                        + " WHERE id = '" + roundId + "'");
        assertProblem(book(parent, Demo.SAM, real), 409, "conflict");
        assertEquals(0, count("SELECT count(*) FROM meeting WHERE round_id = '" + roundId + "'"));
    }

    @Test
    void whatWasAgreedReachesTheParentsAndTheYearShowsWhoIsShortOfThreeMeetings() {
        String senco = server.token(Demo.SENCO);
        String teacher = server.token(Demo.TEACHER);
        server.sql(
                """
        INSERT INTO meeting (id, school_id, pupil_id, kind, during, place, place_kind, booked_by, created_at)
        VALUES ('0d000000-0000-4000-8000-000000000991', '%s', '%s', 'review',
                tstzrange(now() - interval '2 hours', now() - interval '90 minutes', '[)'), 'Room 5', 'room',
                '0d000000-0000-4000-8000-000000000201', now() - interval '7 days')"""
                        .formatted(Demo.SCHOOL, Demo.AMARA));
        HttpResponse<Buffer> recorded = server.post(
                "/v1/meetings/0d000000-0000-4000-8000-000000000991/record",
                new JsonObject()
                        .put("agreed", "Keep the picture cards; add a turn-taking game at home.")
                        .put("actions", "School sends the game home."),
                teacher);
        assertResponse("recordMeetingOutcome", recorded);
        assertEquals("held", recorded.bodyAsJsonObject().getString("status"));
        HttpResponse<Buffer> seen =
                server.get("/v1/meetings/0d000000-0000-4000-8000-000000000991", server.token(Demo.PARENT));
        assertResponse("getMeeting", seen);
        assertEquals(
                "Keep the picture cards; add a turn-taking game at home.",
                seen.bodyAsJsonObject().getString("agreed"));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-record' AND ref_id = '0d000000-0000-4000-8000-000000000991'"));
        assertProblem(
                server.post(
                        "/v1/meetings/0d000000-0000-4000-8000-000000000991/record",
                        new JsonObject().put("agreed", "x"),
                        server.token(Demo.PARENT)),
                403,
                "forbidden");

        HttpResponse<Buffer> coverage = server.get("/v1/school/review-coverage", senco);
        assertResponse("getReviewCoverage", coverage);
        JsonObject amara = coverage.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(i -> i.getJsonObject("pupil").getString("id").equals(Demo.AMARA))
                .findFirst()
                .orElseThrow();
        assertTrue(amara.getInteger("held") >= 1);
        assertEquals(
                Math.max(0, 3 - amara.getInteger("held") - amara.getInteger("booked")),
                amara.getInteger("stillNeeded"));
        assertTrue(coverage.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(i -> i.getJsonObject("pupil").getString("id").equals(Demo.LEO))
                .findFirst()
                .orElseThrow()
                .containsKey("annualReviewDueBy"));
        assertProblem(server.get("/v1/school/review-coverage", teacher), 403, "forbidden");
    }

    @Test
    void theAnnualReviewNeedsTwoWeeksNoticeAndAYearAtMostOrARecordedReason() {
        Rounds.cancelAnnualReviews(server, Demo.LEO);
        String senco = server.token(Demo.SENCO);
        String path = "/v1/pupils/" + Demo.LEO + "/annual-reviews";
        JsonObject invitees = new JsonObject()
                .put(
                        "invitees",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "Leo's parent")
                                        .put("role", "parent"))
                                .add(new JsonObject()
                                        .put("name", "Sam Patel")
                                        .put("role", "la-sen-officer")
                                        .put("email", "sam.patel@northshire.example.org")));
        // Early morning, ten days ahead: clear of every slot the other tests book (afternoons).
        Instant soon = server.clock()
                .instant()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(10))
                .plus(Duration.ofMinutes(450));
        assertEquals(
                "body.meetingAt",
                assertProblem(
                                server.post(
                                        path,
                                        invitees.copy()
                                                .put("meetingAt", soon.toString())
                                                .put("place", "Room 5"),
                                        senco),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        Instant late = server.clock().instant().plus(Duration.ofDays(60));
        assertProblem(
                server.post(
                        path,
                        invitees.copy()
                                .put("meetingAt", late.toString())
                                .put("place", "Room 5")
                                .put(
                                        "previousReviewOn",
                                        late.minus(Duration.ofDays(400))
                                                .toString()
                                                .substring(0, 10)),
                        senco),
                400,
                "validation");
        HttpResponse<Buffer> scheduled = server.post(
                path,
                invitees.copy()
                        .put("meetingAt", soon.toString())
                        .put("place", "Room 5")
                        .put("shortNoticeReason", "The LA officer can only come that week; parents agreed."),
                senco);
        assertResponse("scheduleAnnualReview", scheduled);
        assertEquals(201, scheduled.statusCode(), scheduled.bodyAsString());
        JsonObject review = scheduled.bodyAsJsonObject();
        JsonObject advice = review.getJsonArray("steps").stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("step").equals("advice-requested"))
                .findFirst()
                .orElseThrow();
        // Six weeks ahead had already passed when it was scheduled at short notice: due from today, not overdue.
        assertEquals("due", advice.getString("state"), "a short-notice review is not overdue the moment it is made");
        assertEquals(
                server.clock()
                        .instant()
                        .atZone(java.time.ZoneId.of("Europe/London"))
                        .toLocalDate()
                        .toString(),
                advice.getString("dueOn"));

        HttpResponse<Buffer> overdue = server.get("/v1/annual-reviews/overdue", senco);
        assertResponse("listOverdueAnnualReviews", overdue);
        assertTrue(overdue.bodyAsJsonObject().getJsonArray("items").stream()
                .noneMatch(r -> ((JsonObject) r).getString("id").equals(review.getString("id"))));

        HttpResponse<Buffer> invited = server.post(
                "/v1/annual-reviews/" + review.getString("id") + "/steps",
                new JsonObject().put("step", "invitations-sent"),
                senco);
        assertResponse("recordAnnualReviewStep", invited);
        assertTrue(invited.bodyAsJsonObject().getJsonArray("invitees").stream()
                .allMatch(i -> ((JsonObject) i).containsKey("invitedOn")));
        assertEquals(
                "done",
                invited.bodyAsJsonObject().getJsonArray("steps").stream()
                        .map(JsonObject.class::cast)
                        .filter(step -> step.getString("step").equals("invitations-sent"))
                        .findFirst()
                        .orElseThrow()
                        .getString("state"));
        assertResponse("getAnnualReview", server.get("/v1/annual-reviews/" + review.getString("id"), senco));
        assertProblem(
                server.get("/v1/annual-reviews/" + review.getString("id"), server.token(Demo.PARENT2)),
                403,
                "forbidden");
    }

    @Test
    void anAnnualReviewIsAMeetingThatHoldsEveryonesTimeAndOnlyStaffCancel() {
        Rounds.cancelAnnualReviews(server, Demo.LEO);
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT2);
        String path = "/v1/pupils/" + Demo.LEO + "/annual-reviews";
        Instant at = server.clock()
                .instant()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(20))
                .plus(Duration.ofMinutes(450));
        JsonObject body = new JsonObject()
                .put("meetingAt", at.toString())
                .put("place", "Room 7")
                .put("durationMinutes", 90)
                .put(
                        "invitees",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "Leo's parent")
                                        .put("role", "parent")));
        HttpResponse<Buffer> scheduled = server.post(path, body, senco);
        assertResponse("scheduleAnnualReview", scheduled);
        assertEquals(201, scheduled.statusCode(), scheduled.bodyAsString());
        JsonObject review = scheduled.bodyAsJsonObject();
        String meetingId = review.getString("meetingId");
        assertFalse(review.getBoolean("cancelled"));

        // The parents see it with their other meetings, in their calendar, and are reminded of it.
        HttpResponse<Buffer> mine = server.get("/v1/meetings", parent);
        assertResponse("listMyMeetings", mine);
        JsonObject meeting = mine.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(m -> m.getString("id").equals(meetingId))
                .findFirst()
                .orElseThrow();
        assertEquals("annual-review", meeting.getString("kind"));
        assertEquals(at.plus(Duration.ofMinutes(90)).toString(), meeting.getString("endsAt"));
        assertEquals(2, meeting.getJsonArray("staff").size(), "Leo's class teacher and the SENCO");
        assertTrue(server.get("/v1/meetings/" + meetingId + "/calendar", parent)
                .bodyAsString()
                .contains("SUMMARY:Annual review meeting about Leo"));
        assertEquals(
                2,
                count("SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-reminder' AND ref_id = '"
                        + meetingId + "'"));

        // Nobody can be in two places: a second review overlapping it is refused and leaves nothing behind.
        long reviews = count("SELECT count(*) FROM annual_review");
        HttpResponse<Buffer> clash = server.post(
                path,
                body.copy()
                        .put("meetingAt", at.plus(Duration.ofMinutes(60)).toString())
                        .put("place", "Hall"),
                senco);
        assertResponse("scheduleAnnualReview", clash);
        assertProblem(clash, 409, "conflict");
        assertEquals(reviews, count("SELECT count(*) FROM annual_review"));

        // Parents cannot cancel or move it; staff cancel it, and it leaves the timeline's to-do list.
        assertProblem(
                server.post("/v1/meetings/" + meetingId + "/cancellation", new JsonObject(), parent), 409, "conflict");
        HttpResponse<Buffer> cancelled =
                server.post("/v1/meetings/" + meetingId + "/cancellation", new JsonObject(), senco);
        assertResponse("cancelMeeting", cancelled);
        assertEquals("cancelled", cancelled.bodyAsJsonObject().getString("status"));
        HttpResponse<Buffer> after = server.get("/v1/annual-reviews/" + review.getString("id"), senco);
        assertResponse("getAnnualReview", after);
        assertTrue(after.bodyAsJsonObject().getBoolean("cancelled"));
        assertEquals(
                0,
                count("SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-reminder' AND ref_id = '"
                        + meetingId + "' AND sent_at IS NULL"));

        // The time is free again: the SENCO arranges it anew in the same place.
        HttpResponse<Buffer> again = server.post(path, body, senco);
        assertEquals(201, again.statusCode(), again.bodyAsString());
        String againId = again.bodyAsJsonObject().getString("meetingId");
        HttpResponse<Buffer> coverage = server.get("/v1/school/review-coverage", senco);
        JsonObject leo = coverage.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(i -> i.getJsonObject("pupil").getString("id").equals(Demo.LEO))
                .findFirst()
                .orElseThrow();
        assertTrue(leo.getInteger("booked") >= 1, "the annual review counts towards the three meetings");
        String anySlot = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((java.util.UUID.randomUUID() + ":" + at.getEpochSecond()).getBytes());
        assertProblem(
                server.post("/v1/meetings/" + againId + "/reschedule", new JsonObject().put("slotId", anySlot), senco),
                409,
                "conflict");
    }

    @Test
    void reschedulingIsOneStepThatKeepsTheOldTimeWhenTheNewOneIsTaken() {
        String senco = server.token(Demo.SENCO);
        String roundId = willowRound(senco, 40, 3);
        Rounds.addPupils(server, senco, roundId, Demo.SAM, Demo.LEO);
        String parent = server.token(Demo.PARENT);
        String parent2 = server.token(Demo.PARENT2);
        List<JsonObject> offered = slots(parent, Demo.SAM).stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("roundId").equals(roundId))
                .toList();
        assertEquals(3, offered.size());
        String meetingId = book(parent, Demo.SAM, offered.get(0).getString("slotId"))
                .bodyAsJsonObject()
                .getString("id");
        assertEquals(
                201, book(parent2, Demo.LEO, offered.get(1).getString("slotId")).statusCode());

        String reschedule = "/v1/meetings/" + meetingId + "/reschedule";
        assertProblem(
                server.post(
                        reschedule,
                        new JsonObject().put("slotId", offered.get(1).getString("slotId")),
                        parent),
                409,
                "conflict");
        JsonObject kept = server.get("/v1/meetings/" + meetingId, parent).bodyAsJsonObject();
        assertEquals("booked", kept.getString("status"), "the old time is kept");
        assertEquals(offered.get(0).getString("startsAt"), kept.getString("startsAt"));

        HttpResponse<Buffer> moved = server.post(
                reschedule, new JsonObject().put("slotId", offered.get(2).getString("slotId")), parent);
        assertResponse("rescheduleMeeting", moved);
        assertEquals(
                offered.get(2).getString("startsAt"), moved.bodyAsJsonObject().getString("startsAt"));
        assertTrue(
                slots(parent, Demo.SAM).stream().anyMatch(s -> ((JsonObject) s)
                        .getString("startsAt")
                        .equals(offered.get(0).getString("startsAt"))),
                "the old time is free again");
        assertEquals(
                1,
                count("SELECT count(*) FROM meeting WHERE round_id = '" + roundId + "' AND pupil_id = '" + Demo.SAM
                        + "' AND status = 'booked'"));
        String movedId = moved.bodyAsJsonObject().getString("id");
        assertProblem(
                server.post(
                        "/v1/meetings/" + movedId + "/record",
                        new JsonObject().put("agreed", "Too early"),
                        server.token(Demo.TEACHER2)),
                409,
                "conflict");
    }
}
