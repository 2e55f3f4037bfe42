package app.tandem.record;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SEND record: staff write, parents and the pupil read, nothing is overwritten, and the home views show it. */
class RecordTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String TAKE_TURNS = "0d000000-0000-4000-8000-000000000801";
    static final String READING_SUPPORT = "0d000000-0000-4000-8000-000000000811";

    private static String amara(String rest) {
        return "/v1/pupils/" + Demo.AMARA + rest;
    }

    private static JsonObject amaraAtHome(String parentToken) {
        HttpResponse<Buffer> home = server.get("/v1/home/parent", parentToken);
        assertResponse("getParentHome", home);
        return home.bodyAsJsonObject().getJsonArray("pupils").stream()
                .map(JsonObject.class::cast)
                .filter(p -> p.getString("id").equals(Demo.AMARA))
                .findFirst()
                .orElseThrow();
    }

    private static long sqlPoolUses() {
        return server.get("/metrics")
                .bodyAsString()
                .lines()
                .filter(l -> l.startsWith("vertx_pool_completed_total{") && l.contains("pool_name=\"tandem\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Database round trips one parent home takes (the fewest seen over a few tries, so background timers do not count). */
    /**
     * Round trips for one parent home: its data, plus the audit log's event (before it answers) and
     * outcome (after). The count is read through the same pool, so it waits for the outcome with a
     * pause rather than a query.
     */
    private static long queriesForParentHome(String token) {
        server.get("/v1/home/parent", token);
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = sqlPoolUses();
            server.get("/v1/home/parent", token);
            pause();
            fewest = Math.min(fewest, sqlPoolUses() - before);
        }
        return fewest;
    }

    /** Waits for the audit outcome written after the answer: the pool's count stops moving. */
    private static void pause() {
        app.tandem.testing.Await.steady(
                "the parent home's audit outcome is written",
                java.time.Duration.ofMillis(200),
                java.time.Duration.ofSeconds(10),
                () -> (int) sqlPoolUses());
    }

    private static HttpResponse<Buffer> put(String path, JsonObject body, String token) {
        return server.send(HttpMethod.PUT, path, body.toBuffer(), r -> r.putHeader("Content-Type", "application/json")
                .bearerTokenAuthentication(token));
    }

    @Test
    void theParentHomeShowsEachChildsCurrentOutcomesLatestProgressSupportAndWhatIsWaiting() {
        JsonObject amara = amaraAtHome(server.token(Demo.PARENT));
        assertEquals("sen-support", amara.getString("senStatus"));
        JsonObject turns = amara.getJsonArray("outcomes").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(TAKE_TURNS))
                .findFirst()
                .orElseThrow();
        assertEquals(
                3,
                turns.getJsonObject("latestProgress").getInteger("rating"),
                "the newest rating families may see, not the staff-only one");
        assertEquals(2, amara.getJsonArray("outcomes").size(), "closed outcomes are not current");
        JsonObject reading = amara.getJsonArray("provision").stream()
                .map(JsonObject.class::cast)
                .filter(p -> p.getString("id").equals(READING_SUPPORT))
                .findFirst()
                .orElseThrow();
        assertEquals(6, reading.getInteger("sessionsPlanned"));
        assertEquals(5, reading.getInteger("sessionsDelivered"));
        assertNotNull(amara.getString("nextReviewDate"));
        assertTrue(amara.getInteger("unreadMessages") >= 1);
        assertTrue(amara.getInteger("unacknowledgedNotices") >= 1);
        assertProblem(server.get("/v1/home/parent", server.token(Demo.TEACHER)), 403, "forbidden");
    }

    @Test
    void theParentHomeTakesOneQueryHoweverLongTheHistory() {
        String parent = server.token(Demo.PARENT);
        long before = queriesForParentHome(parent);
        assertTrue(
                before <= 3,
                "one round trip for every child at once, and the audit log's event and outcome: " + before);
        server.sql(
                """
        INSERT INTO outcome (school_id, pupil_id, area, title, pupil_title, symbol, agreed_with, starts_on, review_on, created_by, created_at)
        SELECT '%s', '%s', 'cognition-learning', 'Goal ' || g, 'My goal ' || g, 'goal', '{staff}', current_date - 400, current_date - 300,
               '0d000000-0000-4000-8000-000000000103', now() FROM generate_series(1, 200) g;
        UPDATE outcome SET closed_at = now(), result = 'achieved' WHERE title LIKE 'Goal %%';
        INSERT INTO progress (school_id, outcome_id, rating, recorded_on, recorded_by, created_at)
        SELECT '%s', '%s', 1 + g %% 4, current_date - g %% 300, '0d000000-0000-4000-8000-000000000103', now() FROM generate_series(1, 2000) g;
        ANALYZE outcome; ANALYZE progress;"""
                        .formatted(Demo.SCHOOL, Demo.AMARA, Demo.SCHOOL, TAKE_TURNS));
        long after = queriesForParentHome(parent);
        assertTrue(after <= 3, "the same round trips with 2,200 more rows of history: " + after);
    }

    private static JsonObject outcome(JsonObject pupil, String id) {
        return pupil.getJsonArray("outcomes").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aParentsHomeIsKeptAndServedUntilSomethingItShowsChanges() {
        String parent = server.token(Demo.PARENT);
        String before = outcome(amaraAtHome(parent), TAKE_TURNS).getString("title");
        // Changed behind the home's back (its trigger off): the kept copy is what is served.
        server.sql("ALTER TABLE outcome DISABLE TRIGGER outcome_home_update;"
                + " UPDATE outcome SET title = 'Take turns in a group of four' WHERE id = '" + TAKE_TURNS + "';"
                + " ALTER TABLE outcome ENABLE TRIGGER outcome_home_update");
        assertEquals(before, outcome(amaraAtHome(parent), TAKE_TURNS).getString("title"), "the kept copy");
        // A change the home shows, made as a teacher makes it, is seen on the very next read.
        HttpResponse<Buffer> rated = server.post(
                amara("/outcomes/" + TAKE_TURNS + "/progress"),
                new JsonObject().put("rating", 3).put("note", "Waited for his turn twice."),
                server.token(Demo.TEACHER));
        assertEquals(201, rated.statusCode(), rated.bodyAsString());
        JsonObject after = outcome(amaraAtHome(parent), TAKE_TURNS);
        assertEquals("Take turns in a group of four", after.getString("title"));
        assertEquals(
                rated.bodyAsJsonObject().getString("id"),
                after.getJsonObject("latestProgress").getString("id"));
        // A message from school: the unread count moves at once.
        long unread = amaraAtHome(parent).getLong("unreadMessages");
        HttpResponse<Buffer> sent = server.post(
                "/v1/conversations/0d000000-0000-4000-8000-000000000701/messages",
                new JsonObject().put("clientMessageId", "home-copy-1").put("text", "He did well today."),
                server.token(Demo.TEACHER));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        assertEquals(unread + 1, amaraAtHome(parent).getLong("unreadMessages"));
        // A meeting about to start: once it has, the copy that shows it as next is not served.
        java.time.Instant starts = server.clock().instant().plus(java.time.Duration.ofMinutes(5));
        server.sql(
                "INSERT INTO meeting (id, school_id, pupil_id, kind, during, place, place_kind, booked_by, created_at)"
                        + " VALUES ('0d000000-0000-4000-8000-0000000009c1', '" + Demo.SCHOOL + "', '" + Demo.AMARA
                        + "', 'review', tstzrange('" + starts + "', '" + starts.plusSeconds(1800)
                        + "'), 'Home copy room', 'room',"
                        + " '0d000000-0000-4000-8000-000000000102', now())");
        assertEquals(
                "0d000000-0000-4000-8000-0000000009c1",
                amaraAtHome(parent).getJsonObject("nextMeeting").getString("id"));
        server.clock().advance(java.time.Duration.ofMinutes(6));
        try {
            JsonObject next = amaraAtHome(parent).getJsonObject("nextMeeting");
            assertTrue(
                    next == null || !next.getString("id").equals("0d000000-0000-4000-8000-0000000009c1"),
                    "a meeting that has started is no longer next: " + next);
        } finally {
            server.clock().advance(java.time.Duration.ofMinutes(-6));
            server.sql("UPDATE meeting SET status = 'cancelled' WHERE id = '0d000000-0000-4000-8000-0000000009c1'");
        }
    }

    @Test
    void thePupilHomeUsesThePupilsOwnWordsAndShowsNoRatingsOrStaffNotes() {
        String pupil = Callers.pupilToken(server, Demo.AMARA);
        HttpResponse<Buffer> home = server.get("/v1/home/pupil", pupil);
        assertResponse("getPupilHome", home);
        JsonObject body = home.bodyAsJsonObject();
        assertEquals("Amara", body.getString("name"));
        assertTrue(body.getJsonArray("workingOn").stream()
                .map(JsonObject.class::cast)
                .anyMatch(o -> o.getString("text").equals("I am learning to take turns")
                        && o.getString("symbol").equals("take-turns")));
        assertTrue(body.getJsonArray("whatHelpsMe").stream()
                .map(JsonObject.class::cast)
                .anyMatch(p -> p.getString("text").equals("Picture cards help me read.")));
        assertFalse(body.encode().contains("rating"));
        assertFalse(body.encode().contains("worth watching"));
        assertProblem(server.get("/v1/home/pupil", server.token(Demo.PARENT)), 403, "forbidden");
        assertProblem(server.get(amara("/record"), pupil), 404, "not-found");
    }

    @Test
    void staffOnlyRatingsAreHiddenFromParentsAndParentsCommentOnTheRest() {
        String parent = server.token(Demo.PARENT);
        JsonObject turns = server.get(amara("/outcomes"), parent).bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(TAKE_TURNS))
                .findFirst()
                .orElseThrow();
        assertTrue(turns.getJsonArray("progress").stream()
                .map(JsonObject.class::cast)
                .noneMatch(p -> p.getBoolean("staffOnly")));
        assertTrue(
                turns.getJsonObject("readability").getJsonObject("pupilTitle").getDouble("grade") < 5);
        String progressId = turns.getJsonArray("progress").getJsonObject(0).getString("id");
        HttpResponse<Buffer> comment = server.post(
                amara("/outcomes/" + TAKE_TURNS + "/progress/" + progressId + "/comments"),
                new JsonObject().put("text", "She waited for her turn at Grandma's too!"),
                parent);
        assertResponse("commentOnProgress", comment);
        assertEquals(201, comment.statusCode());
        assertProblem(
                server.post(
                        amara("/outcomes/" + TAKE_TURNS + "/progress/0d000000-0000-4000-8000-000000000834/comments"),
                        new JsonObject().put("text", "What is this?"),
                        parent),
                404,
                "not-found");
        assertTrue(
                server
                        .get(amara("/outcomes"), server.token(Demo.TEACHER))
                        .bodyAsJsonObject()
                        .getJsonArray("items")
                        .stream()
                        .map(JsonObject.class::cast)
                        .filter(o -> o.getString("id").equals(TAKE_TURNS))
                        .findFirst()
                        .orElseThrow()
                        .getJsonArray("progress")
                        .stream()
                        .map(JsonObject.class::cast)
                        .anyMatch(p -> p.getBoolean("staffOnly")),
                "staff see the staff-only rating");
        assertProblem(
                server.post(
                        amara("/outcomes/" + TAKE_TURNS + "/progress/" + progressId + "/comments"),
                        new JsonObject().put("text", "Noted"),
                        server.token(Demo.TEACHER)),
                404,
                "not-found");
    }

    @Test
    void movingAPupilToSenSupportSendsTheParentsAFormalNoticeToAcknowledge() {
        String senco = server.token(Demo.SENCO);
        HttpResponse<Buffer> moved = put(
                "/v1/pupils/" + Demo.SAM + "/sen-status",
                new JsonObject().put("status", "sen-support").put("note", "Agreed at the meeting on Tuesday."),
                senco);
        assertResponse("setSenStatus", moved);
        assertEquals(200, moved.statusCode(), moved.bodyAsString());
        String noticeId = moved.bodyAsJsonObject().getString("formalNoticeId");
        assertNotNull(noticeId);
        JsonObject notice =
                server.get("/v1/notices/" + noticeId, server.token(Demo.PARENT)).bodyAsJsonObject();
        assertTrue(notice.getBoolean("requiresAcknowledgement"));
        assertEquals(
                "sen-support",
                moved.bodyAsJsonObject()
                        .getJsonArray("history")
                        .getJsonObject(0)
                        .getString("status"));
        assertProblem(
                put("/v1/pupils/" + Demo.SAM + "/sen-status", new JsonObject().put("status", "sen-support"), senco),
                409,
                "conflict");

        // An EHC plan without its local authority changes nothing.
        assertEquals(
                "body.localAuthority",
                assertProblem(
                                put(
                                        "/v1/pupils/" + Demo.MAYA + "/sen-status",
                                        new JsonObject()
                                                .put("status", "ehc-plan")
                                                .put("planIssuedOn", "2026-09-01"),
                                        senco),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
    }

    @Test
    void outcomesCloseWithAResultOnceAndKeepTheirHistory() {
        String teacher = server.token(Demo.TEACHER);
        HttpResponse<Buffer> added = server.post(
                amara("/outcomes"),
                new JsonObject()
                        .put("area", "cognition-learning")
                        .put("title", "Count to twenty")
                        .put("pupilTitle", "I am learning to count to twenty")
                        .put("symbol", "numbers")
                        .put("agreedWith", new JsonArray().add("parent").add("staff"))
                        .put("reviewOn", "2027-03-01"),
                teacher);
        assertResponse("addOutcome", added);
        String id = added.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> progress = server.post(
                amara("/outcomes/" + id + "/progress"),
                new JsonObject().put("rating", 2).put("note", "Counts to twelve."),
                teacher);
        assertResponse("addProgress", progress);
        assertProblem(
                server.post(amara("/outcomes/" + id + "/progress"), new JsonObject().put("rating", 5), teacher),
                400,
                "validation");
        assertProblem(
                server.post(amara("/outcomes"), added.bodyAsJsonObject().copy().put("startsOn", "2027-04-01"), teacher),
                400,
                "validation");
        assertProblem(
                server.post(amara("/outcomes/" + id + "/closure"), new JsonObject().put("result", "replaced"), teacher),
                400,
                "validation");
        HttpResponse<Buffer> closed = server.post(
                amara("/outcomes/" + id + "/closure"),
                new JsonObject().put("result", "partly-achieved").put("note", "Counts to fifteen."),
                teacher);
        assertResponse("closeOutcome", closed);
        assertFalse(closed.bodyAsJsonObject().getBoolean("open"));
        assertEquals(1, closed.bodyAsJsonObject().getJsonArray("progress").size(), "history stays");
        assertProblem(
                server.post(amara("/outcomes/" + id + "/closure"), new JsonObject().put("result", "achieved"), teacher),
                409,
                "conflict");
        assertProblem(
                server.post(amara("/outcomes/" + id + "/progress"), new JsonObject().put("rating", 3), teacher),
                409,
                "conflict");
        assertProblem(
                server.post(
                        amara("/outcomes/" + UUID.randomUUID() + "/progress"),
                        new JsonObject().put("rating", 3),
                        teacher),
                404,
                "not-found");
    }

    @Test
    void supportWithAPlanCountsPlannedSessionsFromThePlanSoParentsSeeWhatWasPromised() {
        String teacher = server.token(Demo.TEACHER);
        java.time.LocalDate today =
                server.clock().instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        String startsOn = today.minusDays(20).toString(); // 21 days including today: three weeks
        HttpResponse<Buffer> added = server.post(
                amara("/provision"),
                new JsonObject()
                        .put("name", "Reading with an adult")
                        .put("description", "One-to-one reading, twice a week.")
                        .put("pupilDescription", "I read with an adult.")
                        .put("frequency", "Twice a week")
                        .put("deliveredBy", "Teaching assistant")
                        .put("startsOn", startsOn)
                        .put("sessionsPerWeek", 2),
                teacher);
        assertResponse("addProvision", added);
        assertEquals(201, added.statusCode(), added.bodyAsString());
        JsonObject support = added.bodyAsJsonObject();
        assertEquals(6, support.getInteger("sessionsPlanned"), "two a week for three weeks, none logged yet");
        assertEquals(0, support.getInteger("sessionsDelivered"));
        JsonObject logged = server.post(
                        amara("/provision/" + support.getString("id") + "/sessions"),
                        new JsonObject().put("heldOn", today.toString()).put("delivered", true),
                        teacher)
                .bodyAsJsonObject();
        assertEquals(6, logged.getInteger("sessionsPlanned"), "one session logged does not make it 1 of 1");
        assertEquals(1, logged.getInteger("sessionsDelivered"));
        JsonObject atHome = amaraAtHome(server.token(Demo.PARENT)).getJsonArray("provision").stream()
                .map(JsonObject.class::cast)
                .filter(v -> v.getString("id").equals(support.getString("id")))
                .findFirst()
                .orElseThrow();
        assertEquals(6, atHome.getInteger("sessionsPlanned"));
        assertEquals(1, atHome.getInteger("sessionsDelivered"));
        JsonObject noPlan = new JsonObject()
                .put("name", "Reading with an adult")
                .put("description", "One-to-one reading.")
                .put("pupilDescription", "I read with an adult.")
                .put("frequency", "Never")
                .put("deliveredBy", "Teaching assistant")
                .put("startsOn", startsOn)
                .put("sessionsPerWeek", 0);
        JsonObject refused = assertProblem(server.post(amara("/provision"), noPlan, teacher), 400, "validation");
        assertEquals(
                "body.sessionsPerWeek",
                refused.getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void aParentCommentsOnTheProgressTheirHomeShowsByItsId() {
        String parent = server.token(Demo.PARENT);
        JsonObject outcome = amaraAtHome(parent).getJsonArray("outcomes").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.containsKey("latestProgress"))
                .findFirst()
                .orElseThrow();
        String progressId = outcome.getJsonObject("latestProgress").getString("id");
        HttpResponse<Buffer> comment = server.post(
                amara("/outcomes/" + outcome.getString("id") + "/progress/" + progressId + "/comments"),
                new JsonObject().put("text", "She read this to us at home too."),
                parent);
        assertResponse("commentOnProgress", comment);
        assertEquals(201, comment.statusCode(), comment.bodyAsString());
    }

    @Test
    void theDeliveryLogCountsSessionsDeliveredAgainstPlannedOncePerDay() {
        String teacher = server.token(Demo.TEACHER);
        HttpResponse<Buffer> added = server.post(
                amara("/provision"),
                new JsonObject()
                        .put("name", "Sensory break")
                        .put("description", "Five minutes in the quiet room.")
                        .put("pupilDescription", "I have a calm break.")
                        .put("frequency", "Daily")
                        .put("deliveredBy", "Class team")
                        .put("startsOn", "2026-11-02")
                        .put("outcomeIds", new JsonArray().add(TAKE_TURNS)),
                teacher);
        assertResponse("addProvision", added);
        String id = added.bodyAsJsonObject().getString("id");
        String sessions = amara("/provision/" + id + "/sessions");
        assertResponse(
                "logProvisionSession",
                server.post(
                        sessions, new JsonObject().put("heldOn", "2026-11-16").put("delivered", true), teacher));
        JsonObject after = server.post(
                        sessions,
                        new JsonObject()
                                .put("heldOn", "2026-11-17")
                                .put("delivered", false)
                                .put("note", "Trip day"),
                        teacher)
                .bodyAsJsonObject();
        assertEquals(2, after.getInteger("sessionsPlanned"));
        assertEquals(1, after.getInteger("sessionsDelivered"));
        assertProblem(
                server.post(
                        sessions, new JsonObject().put("heldOn", "2026-11-17").put("delivered", true), teacher),
                409,
                "conflict");
        assertProblem(
                server.post(
                        sessions, new JsonObject().put("heldOn", "2026-10-01").put("delivered", true), teacher),
                400,
                "validation");
        assertProblem(
                server.post(
                        sessions, new JsonObject().put("heldOn", "2099-01-01").put("delivered", true), teacher),
                400,
                "validation");
        JsonObject now = server.get(amara("/provision"), teacher).bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(p -> p.getString("id").equals(id))
                .findFirst()
                .orElseThrow();
        assertEquals(2, now.getInteger("sessionsPlanned"), "refused sessions changed nothing");
    }

    /** A cycle's review rating both of Amara's open outcomes. */
    private static JsonObject review(String record) {
        return new JsonObject()
                .put("reviewRecord", record)
                .put("nextSteps", "Keep the timer game; add a book club at home.")
                .put(
                        "ratings",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("outcomeId", TAKE_TURNS)
                                        .put("rating", 3))
                                .add(new JsonObject()
                                        .put("outcomeId", "0d000000-0000-4000-8000-000000000802")
                                        .put("rating", 2)));
    }

    @Test
    void oneCycleIsOpenAtATimeAndEveryChangeIsLoggedWithItsAuthor() {
        String senco = server.token(Demo.SENCO);
        assertProblem(
                server.post(
                        amara("/cycles"),
                        new JsonObject()
                                .put("reviewOn", "2027-02-01")
                                .put("outcomeIds", new JsonArray().add(TAKE_TURNS)),
                        senco),
                409,
                "conflict");
        JsonObject open = server.get(amara("/cycles"), senco)
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0);
        assertTrue(open.getBoolean("open"));
        HttpResponse<Buffer> closed = server.post(
                amara("/cycles/" + open.getString("id") + "/closure"),
                review("Amara takes turns in small groups now."),
                senco);
        assertResponse("closeCycle", closed);
        assertProblem(
                server.post(amara("/cycles/" + open.getString("id") + "/closure"), review("again"), senco),
                409,
                "conflict");
        HttpResponse<Buffer> opened = server.post(
                amara("/cycles"),
                new JsonObject().put("reviewOn", "2027-02-01").put("outcomeIds", new JsonArray().add(TAKE_TURNS)),
                senco);
        assertResponse("openCycle", opened);
        assertProblem(
                server.post(
                        amara("/cycles"),
                        new JsonObject()
                                .put("reviewOn", "2027-02-01")
                                .put("outcomeIds", new JsonArray().add("0d000000-0000-4000-8000-000000000804")),
                        senco),
                400,
                "validation");

        HttpResponse<Buffer> changes = server.get(amara("/record/changes"), senco);
        assertResponse("listRecordChanges", changes);
        JsonObject latest = changes.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertEquals("cycle", latest.getString("entity"));
        assertEquals("opened", latest.getString("action"));
        assertEquals("Ruth Adeyemi", latest.getString("changedBy"));
        assertProblem(server.get(amara("/record/changes"), server.token(Demo.PARENT)), 404, "not-found");

        HttpResponse<Buffer> record = server.get(amara("/record"), server.token(Demo.PARENT));
        assertResponse("getSendRecord", record);
        assertEquals(2, record.bodyAsJsonObject().getJsonArray("needs").size());
    }
}
