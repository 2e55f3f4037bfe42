package app.tandem.voice;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff ask, pupils answer in every format, parents add their own view; who sees a view is the
 * access rule and the view's sharing state; a worrying view goes to the safeguarding lead.
 */
class VoiceTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String OAK = "0d000000-0000-4000-8000-000000000301";
    static final String AMARA_OUTCOME = "0d000000-0000-4000-8000-000000000801";
    private static String amara;
    private static String leo;

    @BeforeAll
    static void pairPupils() {
        amara = Callers.pupilToken(server, Demo.AMARA);
        leo = Callers.pupilToken(server, Demo.LEO);
    }

    static JsonObject ask(String staff, JsonObject body) {
        HttpResponse<Buffer> response = server.post("/v1/views-requests", body, server.token(staff));
        assertResponse("createViewsRequest", response);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    static JsonObject question(String text, JsonObject forWhom, String... formats) {
        JsonObject body = new JsonObject()
                .put("question", text)
                .put("formats", new JsonArray(List.of(formats)))
                .put("about", new JsonObject().put("kind", "general"))
                .put("for", forWhom);
        if (List.of(formats).contains("scale")) body.put("scalePoints", 5);
        if (List.of(formats).contains("talking-mat"))
            body.put(
                    "matCards",
                    new JsonArray()
                            .add(new JsonObject()
                                    .put("id", "reading")
                                    .put("label", "Reading")
                                    .put("symbolId", "openmoji:1F4DA"))
                            .add(new JsonObject().put("id", "lunch").put("label", "Lunch"))
                            .add(new JsonObject().put("id", "pe").put("label", "PE")));
        return body;
    }

    static JsonObject pupils(String... ids) {
        return new JsonObject().put("pupilIds", new JsonArray(List.of(ids)));
    }

    /** Asks Amara alone, in every format; the request's id. */
    static String askAmara(boolean inviteParents) {
        JsonObject body = question(
                        "How do you feel about reading?",
                        pupils(Demo.AMARA),
                        "symbols",
                        "scale",
                        "talking-mat",
                        "audio",
                        "drawing",
                        "text")
                .put("inviteParents", inviteParents);
        return ask(Demo.TEACHER, body).getJsonArray("items").getJsonObject(0).getString("id");
    }

    static HttpResponse<Buffer> answer(String requestId, JsonObject body, String token) {
        return server.post("/v1/views-requests/" + requestId + "/views", body, token);
    }

    static JsonObject answered(String requestId, JsonObject body, String token) {
        HttpResponse<Buffer> response = answer(requestId, body, token);
        assertResponse("submitPupilView", response);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    static JsonObject symbols(String... ids) {
        return new JsonObject().put("format", "symbols").put("symbols", new JsonArray(List.of(ids)));
    }

    static List<String> viewIds(String pupilId, String token) {
        HttpResponse<Buffer> response = server.get("/v1/pupils/" + pupilId + "/views", token);
        assertResponse("listPupilViews", response);
        return response.bodyAsJsonObject().getJsonArray("items").stream()
                .map(v -> ((JsonObject) v).getString("id"))
                .collect(Collectors.toList());
    }

    @Test
    void askingAClassMakesOneRequestPerPupilAndContentFreePushesToPupilsAndInvitedParents() {
        JsonObject batch = ask(
                Demo.TEACHER,
                question("What do you like about school?", new JsonObject().put("classId", OAK), "symbols", "text")
                        .put("inviteParents", true));
        assertEquals(3, batch.getInteger("count")); // Amara, Leo and Maya are in 5 Oak
        assertTrue(batch.getJsonObject("readability").getDouble("grade") < 5);
        String id = batch.getString("batchId");
        assertEquals(
                3,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'views-request' AND ref_id = '" + id
                        + "' AND user_id IN ('" + Demo.AMARA + "', '" + Demo.LEO + "', '" + Demo.MAYA + "')"));
        // Amara's parent and Leo's parent; not Leo's blocked parent, and Maya has none on the app.
        assertEquals(
                2,
                server.count(
                        "SELECT count(*) FROM notification_outbox WHERE kind = 'views-request-parent' AND ref_id = '"
                                + id + "'"));
        HttpResponse<Buffer> mine = server.get("/v1/me/views-requests", amara);
        assertResponse("listMyViewsRequests", mine);
        assertTrue(mine.bodyAsString().contains("What do you like about school?"));
        HttpResponse<Buffer> parents = server.get("/v1/me/views-requests", server.token(Demo.PARENT));
        assertResponse("listMyViewsRequests", parents);
        assertTrue(parents.bodyAsString().contains("What do you like about school?"));
        assertFalse(server.get("/v1/me/views-requests", server.token(Demo.BLOCKED))
                .bodyAsString()
                .contains("What do you like about school?"));
    }

    @Test
    void aTeacherAsksOnlyTheirOwnPupilsAndTheSencoTheWholeSenRegister() {
        JsonObject body = question("How was your week?", pupils(Demo.AMARA), "text");
        assertProblem(server.post("/v1/views-requests", body, server.token(Demo.TEACHER2)), 404, "not-found");
        assertProblem(
                server.post(
                        "/v1/views-requests",
                        question("How was your week?", pupils(Demo.AMARA, Demo.SAM), "text"),
                        server.token(Demo.TEACHER)),
                404,
                "not-found");
        assertProblem(server.post("/v1/views-requests", body, server.token(Demo.PARENT)), 403, "forbidden");
        long before = server.count("SELECT count(*) FROM views_request");
        JsonObject register =
                ask(Demo.SENCO, question("What helps you most?", new JsonObject().put("senRegister", true), "symbols"));
        // Amara (SEN support), Leo and Ellis (EHC plans) are on the register.
        assertEquals(3, register.getInteger("count"));
        assertEquals(before + 3, server.count("SELECT count(*) FROM views_request"));
    }

    @Test
    void aPupilAnswersInEveryFormatTheQuestionOffers() {
        String request = askAmara(false);
        JsonObject bySymbols = answered(request, symbols("openmoji:1F600", "openmoji:1F4DA"), amara);
        assertEquals(
                "happy",
                bySymbols
                        .getJsonObject("answer")
                        .getJsonArray("symbols")
                        .getJsonObject(0)
                        .getString("label"));
        assertEquals("pupil", bySymbols.getJsonObject("voice").getString("kind"));
        JsonObject byScale =
                answered(request, new JsonObject().put("format", "scale").put("scaleValue", 4), amara);
        assertEquals(
                "good", byScale.getJsonObject("answer").getJsonObject("scale").getString("word"));
        JsonObject byMat = answered(
                request,
                new JsonObject()
                        .put("format", "talking-mat")
                        .put(
                                "mat",
                                new JsonObject()
                                        .put(
                                                "like",
                                                new JsonArray().add("reading").add("lunch"))
                                        .put("dislike", new JsonArray().add("pe"))),
                amara);
        assertEquals(
                "Reading",
                byMat.getJsonObject("answer")
                        .getJsonObject("mat")
                        .getJsonArray("like")
                        .getJsonObject(0)
                        .getString("label"));
        JsonObject byText = answered(
                request, new JsonObject().put("format", "text").put("text", "I like the new book corner."), amara);
        assertEquals(
                "I like the new book corner.", byText.getJsonObject("answer").getString("text"));
        String audio = VoiceMediaTest.upload(server, "audio", VoiceMediaTest.fixture("spoken.m4a"), amara)
                .bodyAsJsonObject()
                .getString("id");
        JsonObject byVoice =
                answered(request, new JsonObject().put("format", "audio").put("mediaId", audio), amara);
        assertEquals(
                "audio/mp4",
                byVoice.getJsonObject("answer").getJsonObject("media").getString("mediaType"));
        String drawing = VoiceMediaTest.upload(server, "picture", VoiceMediaTest.jpeg(1, false), amara)
                .bodyAsJsonObject()
                .getString("id");
        answered(request, new JsonObject().put("format", "drawing").put("mediaId", drawing), amara);
        assertEquals(6, server.count("SELECT count(*) FROM pupil_view WHERE request_id = '" + request + "'"));
        // Answered: no longer waiting on Amara's device; staff can play her recording.
        assertFalse(server.get("/v1/me/views-requests", amara).bodyAsString().contains(request));
        assertEquals(
                200,
                server.get("/v1/voice/media/" + audio, server.token(Demo.TEACHER))
                        .statusCode());
    }

    @Test
    void aWrongAnswerIsRefusedNamingTheFieldAndNothingIsKept() {
        String request = ask(Demo.TEACHER, question("How do you feel today?", pupils(Demo.AMARA), "symbols", "scale"))
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        long before = server.count("SELECT count(*) FROM pupil_view");
        Object[][] cases = {
            {new JsonObject().put("format", "text").put("text", "hi"), "body.format"},
            {symbols("openmoji:1F600", "widgit:cat"), "body.symbols[1]"},
            {new JsonObject().put("format", "scale").put("scaleValue", 5).put("text", "x"), "body.text"},
            {new JsonObject().put("format", "scale"), "body.scaleValue"},
            {symbols("openmoji:1F600").put("voice", new JsonObject().put("kind", "observation")), "body.voice.kind"},
        };
        for (Object[] c : cases) {
            JsonObject problem = assertProblem(answer(request, (JsonObject) c[0], amara), 400, "validation");
            assertTrue(problem.encode().contains((String) c[1]), c[1] + ": " + problem.encode());
        }
        String three = ask(
                        Demo.TEACHER,
                        question("Happy?", pupils(Demo.AMARA), "scale").put("scalePoints", 3))
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        assertProblem(
                answer(three, new JsonObject().put("format", "scale").put("scaleValue", 4), amara), 400, "validation");
        // Leo cannot answer Amara's question; a recording someone else made cannot be used.
        assertProblem(answer(request, symbols("openmoji:1F600"), leo), 404, "not-found");
        assertEquals(before, server.count("SELECT count(*) FROM pupil_view"));
    }

    @Test
    void staffOnASchoolDeviceRecordWhoseVoiceItIsAndThemselvesAsMediator() {
        String request = askAmara(false);
        JsonObject observed = answered(
                request,
                new JsonObject()
                        .put("format", "text")
                        .put("text", "Amara smiled and pointed at the book corner.")
                        .put("voice", new JsonObject().put("kind", "observation")),
                server.token(Demo.TEACHER));
        assertEquals("observation", observed.getJsonObject("voice").getString("kind"));
        assertEquals(
                "Tom Hughes",
                observed.getJsonObject("voice").getJsonObject("mediatedBy").getString("displayName"));
        JsonObject helped = answered(
                request,
                symbols("openmoji:1F600")
                        .put(
                                "voice",
                                new JsonObject().put("kind", "pupil-supported").put("support", "physical-help")),
                server.token(Demo.TEACHER));
        assertEquals("physical-help", helped.getJsonObject("voice").getString("support"));
        // A teacher of another class cannot record for Amara.
        assertProblem(answer(request, symbols("openmoji:1F600"), server.token(Demo.TEACHER2)), 404, "not-found");
        // Amara sees what she said with help, not the adult's observation of her.
        List<String> hers = viewIds(Demo.AMARA, amara);
        assertTrue(hers.contains(helped.getString("id")));
        assertFalse(hers.contains(observed.getString("id")));
    }

    @Test
    void parentsSeeAViewOnceStaffShareItAndTheOtherFamilyNever() {
        String request = askAmara(false);
        String view = answered(request, symbols("openmoji:1F929"), amara).getString("id");
        String parent = server.token(Demo.PARENT);
        assertFalse(viewIds(Demo.AMARA, parent).contains(view));
        assertProblem(server.get("/v1/views/" + view, parent), 404, "not-found");
        HttpResponse<Buffer> shared = server.post("/v1/views/" + view + "/sharing", null, server.token(Demo.TEACHER));
        assertResponse("shareView", shared);
        assertTrue(shared.bodyAsJsonObject().getBoolean("shared"));
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'view-shared' AND ref_id = '" + view
                        + "'"));
        assertTrue(viewIds(Demo.AMARA, parent).contains(view));
        assertEquals(200, server.get("/v1/views/" + view, parent).statusCode());
        assertProblem(server.get("/v1/pupils/" + Demo.AMARA + "/views", server.token(Demo.PARENT2)), 404, "not-found");
        assertProblem(server.get("/v1/views/" + view, server.token(Demo.PARENT2)), 404, "not-found");
        assertProblem(server.get("/v1/views/" + view, server.token(Demo.TEACHER2)), 404, "not-found");
        assertProblem(server.post("/v1/views/" + view + "/sharing", null, parent), 404, "not-found");
    }

    @Test
    void whenTheSchoolSharesAtOnceParentsSeeNewViewsWithoutWaiting() {
        HttpResponse<Buffer> on = server.send(
                HttpMethod.PUT,
                "/v1/school/voice-settings",
                new JsonObject().put("shareAtOnce", true).toBuffer(),
                r -> r.putHeader("Content-Type", "application/json")
                        .bearerTokenAuthentication(server.token(Demo.SENCO)));
        assertResponse("updateVoiceSettings", on);
        try {
            String view =
                    answered(askAmara(false), symbols("openmoji:1F600"), amara).getString("id");
            assertTrue(viewIds(Demo.AMARA, server.token(Demo.PARENT)).contains(view));
        } finally {
            server.sql("UPDATE voice_settings SET share_at_once = false");
        }
    }

    @Test
    void aParentAddsTheirOwnViewKeptApartFromThePupils() {
        String notInvited = askAmara(false);
        String parent = server.token(Demo.PARENT);
        assertProblem(
                server.post(
                        "/v1/views-requests/" + notInvited + "/parent-views",
                        new JsonObject().put("text", "Hi"),
                        parent),
                409,
                "conflict");
        String invited = askAmara(true);
        HttpResponse<Buffer> response = server.post(
                "/v1/views-requests/" + invited + "/parent-views",
                new JsonObject().put("text", "She reads to her brother at bedtime now."),
                parent);
        assertResponse("submitParentView", response);
        JsonObject view = response.bodyAsJsonObject();
        assertEquals("parent", view.getJsonObject("voice").getString("kind"));
        assertFalse(view.getBoolean("shared"));
        assertTrue(viewIds(Demo.AMARA, parent).contains(view.getString("id")), "the parent sees what they wrote");
        assertFalse(viewIds(Demo.AMARA, amara).contains(view.getString("id")), "the pupil sees only her own");
        assertTrue(viewIds(Demo.AMARA, server.token(Demo.TEACHER)).contains(view.getString("id")));
        // A parent cannot answer as the pupil, and a blocked parent cannot add a view at all.
        assertProblem(answer(invited, symbols("openmoji:1F600"), parent), 403, "forbidden");
        String leosRequest = ask(
                        Demo.TEACHER,
                        question("Hello?", pupils(Demo.LEO), "text").put("inviteParents", true))
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        assertProblem(
                server.post(
                        "/v1/views-requests/" + leosRequest + "/parent-views",
                        new JsonObject().put("text", "Hi"),
                        server.token(Demo.BLOCKED)),
                404,
                "not-found");
    }

    @Test
    void aPupilTakesBackAViewTheSchoolKeepsItAndNobodyElseSeesIt() {
        String view =
                answered(askAmara(false), symbols("openmoji:1F622"), amara).getString("id");
        server.post("/v1/views/" + view + "/sharing", null, server.token(Demo.TEACHER));
        HttpResponse<Buffer> withdrawn = server.post("/v1/views/" + view + "/withdrawal", null, amara);
        assertResponse("withdrawView", withdrawn);
        assertTrue(withdrawn.bodyAsJsonObject().getBoolean("withdrawn"));
        assertFalse(viewIds(Demo.AMARA, amara).contains(view));
        assertFalse(viewIds(Demo.AMARA, server.token(Demo.PARENT)).contains(view));
        assertTrue(viewIds(Demo.AMARA, server.token(Demo.TEACHER)).contains(view), "kept for the school");
        assertProblem(server.post("/v1/views/" + view + "/sharing", null, server.token(Demo.TEACHER)), 409, "conflict");
        assertProblem(server.post("/v1/views/" + view + "/withdrawal", null, leo), 404, "not-found");
        // Only the pupil takes back what they said; not their teacher, not their parent.
        assertProblem(
                server.post("/v1/views/" + view + "/withdrawal", null, server.token(Demo.TEACHER)), 404, "not-found");
        assertProblem(
                server.post("/v1/views/" + view + "/withdrawal", null, server.token(Demo.PARENT)), 404, "not-found");
    }

    @Test
    void aWorryingViewGoesToTheSafeguardingLeadAndIsNeverSharedWithParents() {
        String view = answered(
                        askAmara(false),
                        new JsonObject().put("format", "text").put("text", "I don't want to go home."),
                        amara)
                .getString("id");
        server.post("/v1/views/" + view + "/sharing", null, server.token(Demo.TEACHER));
        // A parent, or a teacher of another class, cannot raise it (nor learn it exists).
        for (String other : List.of(Demo.PARENT, Demo.TEACHER2)) {
            assertProblem(
                    server.post(
                            "/v1/views/" + view + "/concerns", new JsonObject().put("note", "x"), server.token(other)),
                    404,
                    "not-found");
        }
        HttpResponse<Buffer> raised = server.post(
                "/v1/views/" + view + "/concerns",
                new JsonObject().put("note", "Amara said she does not want to go home."),
                server.token(Demo.TEACHER));
        assertResponse("flagViewConcern", raised);
        String concern = raised.bodyAsJsonObject().getString("id");
        assertEquals(view, raised.bodyAsJsonObject().getString("pupilViewId"));
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'concern' AND urgent AND ref_id = '"
                        + concern + "'"));
        assertFalse(viewIds(Demo.AMARA, server.token(Demo.PARENT)).contains(view), "taken back from the parents");
        assertProblem(server.post("/v1/views/" + view + "/sharing", null, server.token(Demo.SENCO)), 409, "conflict");
        String dsl = server.token(Demo.ADMIN);
        HttpResponse<Buffer> opened = server.get("/v1/concerns/" + concern, dsl);
        assertResponse("getConcern", opened);
        HttpResponse<Buffer> seen = server.get("/v1/views/" + view, dsl);
        assertResponse("getPupilView", seen);
        assertTrue(seen.bodyAsJsonObject().getBoolean("concernRaised"));
        assertProblem(
                server.post(
                        "/v1/views/" + view + "/concerns",
                        new JsonObject().put("note", "again"),
                        server.token(Demo.TEACHER)),
                409,
                "conflict");
    }

    @Test
    void theReviewPackGathersSharedViewsSinceTheLastReviewByOutcomeAndProfileHeading() {
        String teacher = server.token(Demo.TEACHER);
        String aboutOutcome = ask(
                        Demo.TEACHER,
                        question("How is your reading going?", pupils(Demo.AMARA), "symbols")
                                .put(
                                        "about",
                                        new JsonObject().put("kind", "outcome").put("outcomeId", AMARA_OUTCOME)))
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        String aboutProfile = ask(
                        Demo.TEACHER,
                        question("What is important to you?", pupils(Demo.AMARA), "text")
                                .put(
                                        "about",
                                        new JsonObject().put("kind", "profile").put("heading", "important-to-me")))
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        String reading = answered(aboutOutcome, symbols("openmoji:1F4DA", "openmoji:1F600"), amara)
                .getString("id");
        String important = answered(
                        aboutProfile, new JsonObject().put("format", "text").put("text", "My dog Biscuit."), amara)
                .getString("id");
        answered(aboutProfile, new JsonObject().put("format", "text").put("text", "Not shared yet."), amara);
        server.post("/v1/views/" + reading + "/sharing", null, teacher);
        server.post("/v1/views/" + important + "/sharing", null, teacher);
        HttpResponse<Buffer> response = server.get("/v1/pupils/" + Demo.AMARA + "/views/review-pack", teacher);
        assertResponse("getViewsForReview", response);
        JsonObject pack = response.bodyAsJsonObject();
        JsonObject outcome = pack.getJsonArray("byOutcome").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getJsonObject("outcome").getString("id").equals(AMARA_OUTCOME))
                .findFirst()
                .orElseThrow();
        assertTrue(outcome.encode().contains(reading));
        assertTrue(pack.getJsonArray("byProfileHeading").encode().contains(important));
        assertTrue(pack.getInteger("notYetShared") >= 1);
        // The outcome shows her latest shared view beside the staff's ratings, to her parent too.
        HttpResponse<Buffer> outcomes = server.get("/v1/pupils/" + Demo.AMARA + "/outcomes", server.token(Demo.PARENT));
        assertResponse("listOutcomes", outcomes);
        JsonObject shown = outcomes.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(AMARA_OUTCOME))
                .findFirst()
                .orElseThrow();
        assertEquals(reading, shown.getJsonObject("pupilView").getString("id"));
        // Only the class teacher and the SENCO gather the pack.
        assertProblem(
                server.get("/v1/pupils/" + Demo.AMARA + "/views/review-pack", server.token(Demo.PARENT)),
                404,
                "not-found");
        // After a review closes, the next pack starts afresh.
        server.sql("UPDATE review_cycle SET closed_at = now(), review_record = 'Reviewed.' WHERE pupil_id = '"
                + Demo.AMARA + "' AND closed_at IS NULL");
        JsonObject next = server.get("/v1/pupils/" + Demo.AMARA + "/views/review-pack", teacher)
                .bodyAsJsonObject();
        assertFalse(next.encode().contains(reading), next.encode());
        assertTrue(next.containsKey("from"));
    }

    @Test
    void thePupilsHomeShowsQuestionsWaitingAndWhatTheyHaveSaid() {
        String request = askAmara(false);
        JsonObject before = server.get("/v1/home/pupil", amara).bodyAsJsonObject();
        assertTrue(before.getInteger("questionsWaiting") >= 1);
        String view = answered(request, symbols("openmoji:1F3A8"), amara).getString("id");
        HttpResponse<Buffer> home = server.get("/v1/home/pupil", amara);
        assertResponse("getPupilHome", home);
        assertEquals(
                view,
                home.bodyAsJsonObject().getJsonArray("myViews").getJsonObject(0).getString("id"));
        assertEquals(
                before.getInteger("questionsWaiting") - 1,
                home.bodyAsJsonObject().getInteger("questionsWaiting"));
    }

    @Test
    void theBoardIsOpenMojiWithItsCreditUntilTheSchoolNamesItsOwnSet() {
        HttpResponse<Buffer> board = server.get("/v1/voice/board", amara);
        assertResponse("getSymbolBoard", board);
        JsonObject json = board.bodyAsJsonObject();
        assertTrue(json.getJsonArray("symbols").size() >= 60);
        assertTrue(json.getString("credit").contains("CC BY-SA 4.0"));
        assertEquals(5, json.getJsonObject("scales").getJsonArray("five").size());
        String senco = server.token(Demo.SENCO);
        JsonObject licensed = new JsonObject()
                .put(
                        "board",
                        new JsonObject()
                                .put("set", "widgit")
                                .put("credit", "Widgit Symbols © Widgit Software 2002-2026")
                                .put(
                                        "symbols",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("id", "widgit:happy")
                                                        .put("label", "happy")
                                                        .put("altText", "a smiling face")
                                                        .put("category", "feelings"))))
                .put(
                        "scaleWords",
                        new JsonObject()
                                .put(
                                        "three",
                                        new JsonArray().add("sad").add("okay").add("happy")));
        try {
            assertResponse("updateVoiceSettings", put(licensed, senco));
            String request = ask(
                            Demo.TEACHER,
                            question("Happy?", pupils(Demo.AMARA), "symbols", "scale")
                                    .put("scalePoints", 3))
                    .getJsonArray("items")
                    .getJsonObject(0)
                    .getString("id");
            assertEquals(
                    "happy",
                    answered(request, symbols("widgit:happy"), amara)
                            .getJsonObject("answer")
                            .getJsonArray("symbols")
                            .getJsonObject(0)
                            .getString("label"));
            assertProblem(answer(request, symbols("openmoji:1F600"), amara), 400, "validation");
            assertEquals(
                    "happy",
                    answered(request, new JsonObject().put("format", "scale").put("scaleValue", 3), amara)
                            .getJsonObject("answer")
                            .getJsonObject("scale")
                            .getString("word"));
            assertProblem(put(new JsonObject().put("shareAtOnce", true), server.token(Demo.TEACHER)), 403, "forbidden");
        } finally {
            put(new JsonObject().put("useDefaultBoard", true), senco);
        }
        assertEquals(
                "openmoji",
                server.get("/v1/voice/board", amara).bodyAsJsonObject().getString("set"));
    }

    @Test
    void aMeetingRecordCitesOnlyThePupilsOwnViews() {
        String leosView = answered(
                        ask(Demo.TEACHER, question("Hello?", pupils(Demo.LEO), "symbols"))
                                .getJsonArray("items")
                                .getJsonObject(0)
                                .getString("id"),
                        symbols("openmoji:1F600"),
                        leo)
                .getString("id");
        String amarasView =
                answered(askAmara(false), symbols("openmoji:1F600"), amara).getString("id");
        String meeting = "0d000000-0000-4000-8000-0000000009c1";
        server.sql(
                "INSERT INTO meeting (id, school_id, pupil_id, kind, during, place, place_kind, booked_by, created_at) VALUES ('"
                        + meeting + "', '" + Demo.SCHOOL + "', '" + Demo.AMARA
                        + "', 'review', tstzrange(now() - interval '2 hours', now() - interval '90 minutes'), 'Room 9', 'room',"
                        + " '0d000000-0000-4000-8000-000000000103', now())");
        String teacher = server.token(Demo.TEACHER);
        JsonObject record = new JsonObject().put("agreed", "Amara will choose her reading book.");
        assertProblem(
                server.post(
                        "/v1/meetings/" + meeting + "/record",
                        record.copy().put("citedViewIds", new JsonArray().add(leosView)),
                        teacher),
                400,
                "validation");
        HttpResponse<Buffer> recorded = server.post(
                "/v1/meetings/" + meeting + "/record",
                record.copy().put("citedViewIds", new JsonArray().add(amarasView)),
                teacher);
        assertResponse("recordMeetingOutcome", recorded);
        assertEquals(
                amarasView,
                recorded.bodyAsJsonObject().getJsonArray("citedViewIds").getString(0));
    }

    private static HttpResponse<Buffer> put(JsonObject body, String token) {
        return server.send(HttpMethod.PUT, "/v1/school/voice-settings", body.toBuffer(), r -> r.putHeader(
                        "Content-Type", "application/json")
                .bearerTokenAuthentication(token));
    }
}
