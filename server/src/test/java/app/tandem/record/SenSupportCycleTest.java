package app.tandem.record;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SEN support on its own clock: reviews due are listed and the class teacher is pushed; a cycle's
 * opening asks the family and the pupil; its closing rates each outcome and tells the family, who
 * read the summary; the year's summary. The tests run in order: they follow Amara's cycles.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SenSupportCycleTest {
    static final String OPEN_CYCLE = "0d000000-0000-4000-8000-000000000822";
    static final String TAKE_TURNS = "0d000000-0000-4000-8000-000000000801";
    static final String READING = "0d000000-0000-4000-8000-000000000802";

    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static String amara(String rest) {
        return "/v1/pupils/" + Demo.AMARA + rest;
    }

    private static JsonArray due(String who, int weeks) {
        HttpResponse<Buffer> due = server.get("/v1/cycles/due?weeks=" + weeks, server.token(who));
        assertResponse("listDueReviews", due);
        return due.bodyAsJsonObject().getJsonArray("items");
    }

    private static long pushes(String kind, String toEmail) {
        return server.count("SELECT count(*) FROM notification_outbox o JOIN app_user u ON u.id = o.user_id"
                + " WHERE o.kind = '" + kind + "' AND u.email = '" + toEmail + "'");
    }

    private static int alert() {
        return server.app().capability(SendRecord.class).alertCycleReviewsDue().await();
    }

    @Test
    @Order(1)
    void theSencoAndTheClassTeacherSeeAmarasReviewDueAndNoOneElseDoes() {
        JsonArray senco = due(Demo.SENCO, 4);
        JsonObject amara = senco.stream()
                .map(JsonObject.class::cast)
                .filter(d -> d.getString("cycleId").equals(OPEN_CYCLE))
                .findFirst()
                .orElseThrow(() -> new AssertionError(senco.encode()));
        assertEquals("due", amara.getString("state"));
        assertNotNull(amara.getString("lastReviewedAt"), "her cycle before this one was reviewed");
        assertEquals(Demo.AMARA, amara.getJsonObject("pupil").getString("id"));
        assertTrue(due(Demo.TEACHER, 4).encode().contains(OPEN_CYCLE), "her class teacher");
        assertFalse(due(Demo.TEACHER2, 4).encode().contains(OPEN_CYCLE), "another class's teacher");
        assertFalse(due(Demo.SENCO, 1).encode().contains(OPEN_CYCLE), "ten days is not within a week");
        assertProblem(server.get("/v1/cycles/due", server.token(Demo.PARENT)), 403, "forbidden");
        assertProblem(server.get("/v1/cycles/due?weeks=0", server.token(Demo.SENCO)), 400, "validation");
    }

    @Test
    @Order(2)
    void theClassTeacherIsPushedOnceAWeekBeforeAndOnceOnTheDay() {
        alert();
        assertEquals(0, pushes("cycle-review-due", Demo.TEACHER), "ten days away: nothing yet");
        server.clock().advance(Duration.ofDays(4));
        try {
            assertEquals(1, alert());
            assertEquals(0, alert(), "once");
            assertEquals(1, pushes("cycle-review-due", Demo.TEACHER));
            server.clock().advance(Duration.ofDays(7));
            try {
                assertEquals(1, alert());
                assertEquals(0, alert(), "once");
                assertEquals(2, pushes("cycle-review-due", Demo.TEACHER));
                assertEquals(
                        "overdue",
                        due(Demo.TEACHER, 1).stream()
                                .map(JsonObject.class::cast)
                                .filter(d -> d.getString("cycleId").equals(OPEN_CYCLE))
                                .findFirst()
                                .orElseThrow()
                                .getString("state"),
                        "the day after, it is overdue");
            } finally {
                server.clock().advance(Duration.ofDays(-7));
            }
        } finally {
            server.clock().advance(Duration.ofDays(-4));
        }
        for (String other : List.of(Demo.SENCO, Demo.TEACHER2, Demo.PARENT, Demo.ADMIN))
            assertEquals(0, pushes("cycle-review-due", other), other);
    }

    @Test
    @Order(3)
    void closingRatesEveryOpenOutcomeOrChangesNothing() {
        String teacher = server.token(Demo.TEACHER);
        long progress = server.count("SELECT count(*) FROM progress");
        JsonObject onlyOne = closure()
                .put(
                        "ratings",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("outcomeId", TAKE_TURNS)
                                        .put("rating", 3)));
        assertEquals(
                "body.ratings",
                assertProblem(
                                server.post(amara("/cycles/" + OPEN_CYCLE + "/closure"), onlyOne, teacher),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        JsonObject notHers = closure();
        notHers.getJsonArray("ratings").getJsonObject(0).put("outcomeId", "0d000000-0000-4000-8000-000000000804");
        assertEquals(
                "body.ratings[0].outcomeId",
                assertProblem(
                                server.post(amara("/cycles/" + OPEN_CYCLE + "/closure"), notHers, teacher),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertEquals(progress, server.count("SELECT count(*) FROM progress"), "no rating kept");
        assertEquals(
                1,
                server.count(
                        "SELECT count(*) FROM review_cycle WHERE id = '" + OPEN_CYCLE + "' AND closed_at IS NULL"));
        assertProblem(
                server.post(amara("/cycles/" + OPEN_CYCLE + "/closure"), closure(), server.token(Demo.PARENT)),
                404,
                "not-found");
    }

    @Test
    @Order(4)
    void closingTellsTheFamilyWhoReadWhatTheReviewFound() {
        long before = pushes("cycle-reviewed", Demo.PARENT);
        HttpResponse<Buffer> closed =
                server.post(amara("/cycles/" + OPEN_CYCLE + "/closure"), closure(), server.token(Demo.TEACHER));
        assertResponse("closeCycle", closed);
        assertEquals(200, closed.statusCode(), closed.bodyAsString());
        assertEquals(before + 1, pushes("cycle-reviewed", Demo.PARENT));
        assertEquals(0, pushes("cycle-reviewed", Demo.PARENT2), "another family");
        assertEquals(0, pushes("cycle-reviewed", Demo.BLOCKED), "a blocked parent");

        HttpResponse<Buffer> summary =
                server.get(amara("/cycles/" + OPEN_CYCLE + "/summary"), server.token(Demo.PARENT));
        assertResponse("getCycleSummary", summary);
        JsonObject read = summary.bodyAsJsonObject();
        assertEquals(
                "Keep the timer game; read a picture book at bedtime.",
                read.getJsonObject("cycle").getString("nextSteps"));
        JsonObject turns = outcome(read, TAKE_TURNS);
        assertEquals(3, turns.getJsonObject("atReview").getInteger("rating"));
        assertEquals(
                "Takes turns with a timer.", turns.getJsonObject("atReview").getString("note"));
        assertEquals(
                2,
                read.getJsonArray("provision").size(),
                "the support planned with the cycle, with what was delivered");
        assertEquals(
                5,
                read.getJsonArray("provision").stream()
                        .map(JsonObject.class::cast)
                        .filter(p -> p.getString("name").equals("Picture card reading"))
                        .findFirst()
                        .orElseThrow()
                        .getInteger("sessionsDelivered"));
        for (String outsider : List.of(Demo.PARENT2, Demo.BLOCKED, Demo.TEACHER2))
            assertProblem(
                    server.get(amara("/cycles/" + OPEN_CYCLE + "/summary"), server.token(outsider)), 404, "not-found");
    }

    @Test
    @Order(5)
    void openingAsksTheParentsAndThePupilAndTheReviewFallsAtTheTermsEnd() {
        String teacher = server.token(Demo.TEACHER);
        long parentPushes = pushes("views-request-parent", Demo.PARENT);
        HttpResponse<Buffer> opened = server.post(
                amara("/cycles"),
                new JsonObject()
                        .put("outcomeIds", new JsonArray().add(TAKE_TURNS).add(READING))
                        .put("atHome", "Play a turn-taking game at the weekend with a sand timer."),
                teacher);
        assertResponse("openCycle", opened);
        assertEquals(201, opened.statusCode(), opened.bodyAsString());
        JsonObject cycle = opened.bodyAsJsonObject();
        assertEquals(
                1,
                server.count("SELECT count(*) FROM school_term WHERE ends_on = '" + cycle.getString("reviewOn")
                        + "' AND ends_on >= '" + cycle.getString("openedOn") + "'::date + 42"
                        + " AND NOT EXISTS (SELECT 1 FROM school_term e WHERE e.ends_on >= '"
                        + cycle.getString("openedOn")
                        + "'::date + 42 AND e.ends_on < school_term.ends_on)"),
                "the end of the first term that leaves six weeks to work in");

        assertEquals(parentPushes + 1, pushes("views-request-parent", Demo.PARENT));
        HttpResponse<Buffer> asked = server.get("/v1/me/views-requests", server.token(Demo.PARENT));
        assertResponse("listMyViewsRequests", asked);
        JsonObject request = asked.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(r ->
                        cycle.getString("id").equals(r.getJsonObject("about").getString("cycleId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(asked.bodyAsString()));
        assertEquals("cycle", request.getJsonObject("about").getString("kind"));
        String pupil = Callers.pupilToken(server, Demo.AMARA);
        HttpResponse<Buffer> mine = server.get("/v1/me/views-requests", pupil);
        assertTrue(mine.bodyAsString().contains(request.getString("id")), "Amara is asked too");

        // Both are outstanding until they answer; the parent's answer is then hers in the summary.
        JsonObject listed = dueFor(cycle.getString("id"), 26);
        assertEquals(new JsonArray().add("parents").add("pupil"), listed.getJsonArray("viewsOutstanding"));
        HttpResponse<Buffer> view = server.post(
                "/v1/views-requests/" + request.getString("id") + "/parent-views",
                new JsonObject().put("text", "She loves the sand timer game."),
                server.token(Demo.PARENT));
        assertEquals(201, view.statusCode(), view.bodyAsString());
        assertEquals(
                new JsonArray().add("pupil"), dueFor(cycle.getString("id"), 26).getJsonArray("viewsOutstanding"));
        HttpResponse<Buffer> summary =
                server.get(amara("/cycles/" + cycle.getString("id") + "/summary"), server.token(Demo.PARENT));
        assertResponse("getCycleSummary", summary);
        assertTrue(summary.bodyAsString().contains("She loves the sand timer game."), summary.bodyAsString());
        assertEquals(
                "Play a turn-taking game at the weekend with a sand timer.",
                server.get(amara("/cycles"), server.token(Demo.PARENT))
                        .bodyAsJsonObject()
                        .getJsonArray("items")
                        .getJsonObject(0)
                        .getString("atHome"),
                "parents read what they can do at home");
    }

    @Test
    @Order(6)
    void withoutTermDatesAReviewDateIsNeededAndTermsAreTheSchoolsToSet() {
        String admin = server.token(Demo.ADMIN);
        HttpResponse<Buffer> terms = server.get("/v1/school/terms", server.token(Demo.PARENT));
        assertResponse("listTerms", terms);
        assertFalse(terms.bodyAsJsonObject().getJsonArray("items").isEmpty());
        assertProblem(
                server.put("/v1/school/terms", terms(2030, "2030-09-02", "2030-12-18"), server.token(Demo.TEACHER)),
                403,
                "forbidden");
        assertEquals(
                "body.terms[0].endsOn",
                assertProblem(
                                server.put("/v1/school/terms", terms(2030, "2030-09-02", "2030-09-01"), admin),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        HttpResponse<Buffer> set = server.put("/v1/school/terms", terms(2030, "2030-09-02", "2030-12-18"), admin);
        assertResponse("setTerms", set);
        assertEquals(200, set.statusCode(), set.bodyAsString());

        // Leo has no open cycle; opened after every term the school has, the date must be given.
        server.sql("UPDATE review_cycle SET closed_at = now(), review_record = 'closed' WHERE pupil_id = '" + Demo.LEO
                + "' AND closed_at IS NULL");
        long cycles = server.count("SELECT count(*) FROM review_cycle");
        assertEquals(
                "body.reviewOn",
                assertProblem(
                                server.post(
                                        "/v1/pupils/" + Demo.LEO + "/cycles",
                                        new JsonObject()
                                                .put("openedOn", "2031-01-10")
                                                .put("outcomeIds", new JsonArray()),
                                        server.token(Demo.SENCO)),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertEquals(cycles, server.count("SELECT count(*) FROM review_cycle"), "nothing opened");
        assertEquals(
                0,
                server.count(
                        "SELECT count(*) FROM views_request WHERE pupil_id = '" + Demo.LEO + "' AND about = 'cycle'"));
    }

    @Test
    @Order(7)
    void theYearSummaryChartsAmarasRatingsAndKeepsTheSchoolsOwnNotesFromHerParents() {
        HttpResponse<Buffer> parents = server.get(amara("/year-summary"), server.token(Demo.PARENT));
        assertResponse("getYearSummary", parents);
        JsonObject year = parents.bodyAsJsonObject();
        JsonArray turns = outcome(year, TAKE_TURNS).getJsonArray("ratings");
        List<Integer> series = turns.stream()
                .map(JsonObject.class::cast)
                .map(r -> r.getInteger("rating"))
                .toList();
        assertTrue(series.containsAll(List.of(1, 2, 3)), series.toString());
        List<String> days = turns.stream()
                .map(JsonObject.class::cast)
                .map(r -> r.getString("recordedOn"))
                .toList();
        assertEquals(days.stream().sorted().toList(), days, "in date order");
        assertFalse(parents.bodyAsString().contains("Harder on days after PE"), "a staff-only rating");
        assertTrue(server.get(amara("/year-summary"), server.token(Demo.SENCO))
                .bodyAsString()
                .contains("Harder on days after PE"));
        assertTrue(year.getJsonObject("views").getInteger("byParents") >= 1, year.encode());
        assertFalse(year.getJsonArray("cycles").isEmpty());
        assertNull(outcome(year, TAKE_TURNS).getString("result"));
        assertEquals(
                0,
                server.get(amara("/year-summary?year=2001"), server.token(Demo.PARENT))
                        .bodyAsJsonObject()
                        .getJsonArray("outcomes")
                        .size(),
                "another year");
        for (String outsider : List.of(Demo.PARENT2, Demo.BLOCKED))
            assertProblem(server.get(amara("/year-summary"), server.token(outsider)), 404, "not-found");
    }

    @Test
    @Order(8)
    void twoChangesToTheTermsAtOnceLeaveOneOfThemWholeAndABlankNameIsRefused() throws Exception {
        String admin = server.token(Demo.ADMIN);
        String senco = server.token(Demo.SENCO);
        assertEquals(
                "body.terms[0].name",
                assertProblem(
                                server.put(
                                        "/v1/school/terms",
                                        new JsonObject()
                                                .put(
                                                        "terms",
                                                        new JsonArray()
                                                                .add(new JsonObject()
                                                                        .put("name", "   ")
                                                                        .put("startsOn", "2031-09-02")
                                                                        .put("endsOn", "2031-12-18"))),
                                        admin),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        for (int round = 0; round < 5; round++) {
            var first = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> server.put("/v1/school/terms", terms(2031, "2031-09-02", "2031-12-18"), admin));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> server.put("/v1/school/terms", terms(2031, "2031-09-02", "2031-12-19"), senco));
            assertEquals(200, first.get().statusCode(), first.get().bodyAsString());
            assertEquals(200, second.get().statusCode(), second.get().bodyAsString());
            assertEquals(
                    1,
                    server.count("SELECT count(*) FROM school_term WHERE starts_on >= '2031-09-02'"),
                    "one of the two, whole");
        }
    }

    @Test
    @Order(9)
    void theStaffMayAskTheirOwnQuestionWhenACycleOpensAndAScaleNeedsItsPoints() {
        server.sql("UPDATE review_cycle SET closed_at = now(), review_record = 'closed' WHERE pupil_id = '" + Demo.LEO
                + "' AND closed_at IS NULL");
        String senco = server.token(Demo.SENCO);
        long requests = server.count("SELECT count(*) FROM views_request");
        JsonObject noPoints = leoCycle(new JsonObject()
                .put("question", "What helps you when you feel worried?")
                .put("formats", new JsonArray().add("scale")));
        assertEquals(
                "body.views.scalePoints",
                assertProblem(server.post("/v1/pupils/" + Demo.LEO + "/cycles", noPoints, senco), 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        JsonObject mat = leoCycle(new JsonObject()
                .put("question", "What helps you when you feel worried?")
                .put("formats", new JsonArray().add("talking-mat")));
        assertEquals(
                "body.views.formats",
                assertProblem(server.post("/v1/pupils/" + Demo.LEO + "/cycles", mat, senco), 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertEquals(requests, server.count("SELECT count(*) FROM views_request"), "nothing asked");
        assertEquals(
                0,
                server.count(
                        "SELECT count(*) FROM review_cycle WHERE pupil_id = '" + Demo.LEO + "' AND closed_at IS NULL"));

        HttpResponse<Buffer> opened = server.post(
                "/v1/pupils/" + Demo.LEO + "/cycles",
                leoCycle(new JsonObject()
                        .put("question", "What helps you when you feel worried?")
                        .put("formats", new JsonArray().add("scale").add("text"))
                        .put("scalePoints", 3)),
                senco);
        assertResponse("openCycle", opened);
        assertEquals(201, opened.statusCode(), opened.bodyAsString());
        assertEquals(
                1,
                server.count("SELECT count(*) FROM views_request WHERE cycle_id = '"
                        + opened.bodyAsJsonObject().getString("id")
                        + "' AND question = 'What helps you when you feel worried?' AND formats = '{scale,text}'"
                        + " AND scale_points = 3 AND invite_parents"));
    }

    private static JsonObject leoCycle(JsonObject views) {
        return new JsonObject()
                .put("reviewOn", "2027-03-26")
                .put("openedOn", "2027-01-06")
                .put("outcomeIds", new JsonArray())
                .put("views", views);
    }

    private static JsonObject dueFor(String cycleId, int weeks) {
        return due(Demo.SENCO, weeks).stream()
                .map(JsonObject.class::cast)
                .filter(d -> d.getString("cycleId").equals(cycleId))
                .findFirst()
                .orElseThrow();
    }

    private static JsonObject outcome(JsonObject withOutcomes, String id) {
        return withOutcomes.getJsonArray("outcomes").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(withOutcomes.encode()));
    }

    private static JsonObject closure() {
        return new JsonObject()
                .put("reviewRecord", "Amara waits for her turn with the timer; reading is coming on.")
                .put("nextSteps", "Keep the timer game; read a picture book at bedtime.")
                .put(
                        "ratings",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("outcomeId", TAKE_TURNS)
                                        .put("rating", 3)
                                        .put("note", "Takes turns with a timer."))
                                .add(new JsonObject().put("outcomeId", READING).put("rating", 2)));
    }

    private static JsonObject terms(int year, String starts, String ends) {
        return new JsonObject()
                .put(
                        "terms",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "Autumn term " + year)
                                        .put("startsOn", starts)
                                        .put("endsOn", ends)));
    }
}
