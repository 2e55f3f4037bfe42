package app.tandem.platform;

import static app.tandem.testing.ApiContract.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input gets a 400 naming the field and changes nothing, never a 500 from the database: NUL
 * and other control characters, line breaks where one line is expected (JSON Schema's `$` does not
 * match before a trailing newline, Java's does), and requests HTTP itself cannot read.
 */
class BadInputTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static String field(HttpResponse<Buffer> response) {
        return assertProblem(response, 400, "validation")
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field");
    }

    @Test
    void aNulCharacterInAnyTextIsRefusedNamingTheFieldAndNothingIsStored() {
        String teacher = server.token(Demo.TEACHER);
        long needs = server.count("SELECT count(*) FROM need");
        assertEquals(
                "body.description",
                field(server.post(
                        "/v1/pupils/" + Demo.AMARA + "/needs",
                        new JsonObject().put("area", "cognition-learning").put("description", "Reads\u0000slowly"),
                        teacher)));
        assertEquals(needs, server.count("SELECT count(*) FROM need"));
        assertEquals(
                "body.reviewRecord",
                field(server.post(
                        "/v1/pupils/" + Demo.AMARA + "/cycles/" + UUID.randomUUID() + "/closure",
                        new JsonObject()
                                .put("reviewRecord", "\u0000")
                                .put("nextSteps", "More of the same.")
                                .put("ratings", new JsonArray()),
                        teacher)));
        String parent = server.token(Demo.PARENT);
        String conversation = "0d000000-0000-4000-8000-000000000701";
        long messages = server.count("SELECT count(*) FROM message");
        assertEquals(
                "body.text",
                field(server.post(
                        "/v1/conversations/" + conversation + "/messages",
                        new JsonObject()
                                .put("clientMessageId", UUID.randomUUID().toString())
                                .put("text", "Hi\u0000"),
                        parent)));
        assertEquals(messages, server.count("SELECT count(*) FROM message"));
        HttpResponse<Buffer> multiLine = server.post(
                "/v1/conversations/" + conversation + "/messages",
                new JsonObject()
                        .put("clientMessageId", UUID.randomUUID().toString())
                        .put("text", "Thank you.\n\tSee you on Monday."),
                parent);
        assertEquals(201, multiLine.statusCode(), "long text keeps its line breaks and tabs");
    }

    @Test
    void aTrailingNewlineOrOtherControlCharacterIsRefusedWhereOneLineIsExpected() {
        String admin = server.token(Demo.ADMIN);
        long staff = server.count("SELECT count(*) FROM app_user");
        assertEquals(
                "body.email",
                field(server.post(
                        "/v1/staff",
                        new JsonObject()
                                .put("email", "nl3@example.test\n")
                                .put("displayName", "New Teacher")
                                .put("roles", new JsonArray().add("teacher")),
                        admin)));
        assertEquals(
                "body.displayName",
                field(server.post(
                        "/v1/staff",
                        new JsonObject()
                                .put("email", "nl4@example.test")
                                .put("displayName", "New\tTeacher")
                                .put("roles", new JsonArray().add("teacher")),
                        admin)));
        assertEquals(staff, server.count("SELECT count(*) FROM app_user"));
        assertEquals(
                "body.symbol",
                field(server.post(
                        "/v1/pupils/" + Demo.AMARA + "/outcomes",
                        new JsonObject()
                                .put("area", "cognition-learning")
                                .put("title", "Read a short book")
                                .put("pupilTitle", "I am learning to read a short book")
                                .put("symbol", "reading\n")
                                .put("agreedWith", new JsonArray().add("staff"))
                                .put("reviewOn", "2027-03-01"),
                        server.token(Demo.TEACHER))));
        assertEquals(
                "body.token",
                field(server.post(
                        "/v1/devices",
                        new JsonObject().put("token", "fcm-token\u0007").put("platform", "android"),
                        server.token(Demo.PARENT))));
        assertEquals("query.cursor", field(server.get("/v1/staff?cursor=%00", admin)));
    }

    @Test
    void aMalformedIdIsADeclaredFourHundredSignedInOrNot() {
        HttpResponse<Buffer> signedIn = server.get("/v1/meetings/not-a-meeting", server.token(Demo.PARENT));
        app.tandem.testing.ApiContract.assertResponse("getMeeting", signedIn);
        assertEquals("path.meetingId", field(signedIn));
        HttpResponse<Buffer> anonymous = server.get("/v1/meetings/not-a-meeting");
        assertEquals("path.meetingId", field(anonymous), "malformed input is refused before sign-in is checked");
        HttpResponse<Buffer> staffAcknowledging = server.post(
                "/v1/notices/" + UUID.randomUUID() + "/acknowledgement", new JsonObject(), server.token(Demo.SENCO));
        app.tandem.testing.ApiContract.assertResponse("acknowledgeNotice", staffAcknowledging);
        assertEquals(403, staffAcknowledging.statusCode());
    }

    @Test
    void validationMessagesSayWhatIsAllowed() {
        String teacher = server.token(Demo.TEACHER);
        assertEquals(
                "must be between 1 and 4.",
                message(server.post(
                        "/v1/pupils/" + Demo.AMARA + "/outcomes/0d000000-0000-4000-8000-000000000801/progress",
                        new JsonObject().put("rating", 5),
                        teacher)));
        assertTrue(message(server.post(
                        "/v1/pupils/" + Demo.AMARA + "/needs",
                        new JsonObject().put("area", "reading").put("description", "Reads slowly"),
                        teacher))
                .startsWith("must be one of communication-interaction, "));
        JsonArray errors = assertProblem(
                        server.post(
                                "/v1/pupils/" + Demo.AMARA + "/cycles",
                                new JsonObject().put("reviewOn", "31/12/2026"),
                                teacher),
                        400,
                        "validation")
                .getJsonArray("errors");
        assertTrue(
                errors.stream()
                        .map(JsonObject.class::cast)
                        .anyMatch(e -> e.getString("field").equals("body.reviewOn")
                                && e.getString("message").equals("must be a date like 2026-12-31.")),
                errors.encode());
        assertEquals(
                "must be at most 500 characters.",
                message(server.post(
                        "/v1/meetings/" + UUID.randomUUID() + "/cancellation",
                        new JsonObject().put("reason", "x".repeat(501)),
                        teacher)));
        assertEquals(
                "must be between 1 and 100.", message(server.get("/v1/staff?limit=1000", server.token(Demo.ADMIN))));
    }

    private static String message(HttpResponse<Buffer> response) {
        return assertProblem(response, 400, "validation")
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("message");
    }

    @Test
    void requestsHttpCannotReadAreAnsweredAsProblemJson() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject longUri = answer(
                    vertx.createHttpClient(new HttpClientOptions().setMaxInitialLineLength(100_000)),
                    new RequestOptions().setURI("/v1/" + "a".repeat(20_000)));
            assertEquals(414, longUri.getInteger("status"));
            assertEquals("application/problem+json", longUri.getString("contentType"));
            assertEquals(
                    "urn:tandem:problem:uri-too-long",
                    longUri.getJsonObject("body").getString("type"));

            JsonObject bigHeaders = answer(
                    vertx.createHttpClient(),
                    new RequestOptions().setURI("/health/live").putHeader("X-Padding", "p".repeat(20_000)));
            assertEquals(431, bigHeaders.getInteger("status"));
            assertEquals("application/problem+json", bigHeaders.getString("contentType"));
            assertEquals(
                    "urn:tandem:problem:headers-too-large",
                    bigHeaders.getJsonObject("body").getString("type"));
        } finally {
            vertx.close().await();
        }
    }

    /** Status, content type and body of a raw request, read together before the server closes the connection. */
    private static JsonObject answer(HttpClient client, RequestOptions options) {
        return client.request(
                        options.setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.port()))
                .compose(req -> req.send())
                .compose(response -> response.body().map(body -> new JsonObject()
                        .put("status", response.statusCode())
                        .put("contentType", response.getHeader("Content-Type"))
                        .put("body", body.toJsonObject())))
                .await();
    }

    @Test
    void aPupilsTokenIsRefusedByConversationsAndOfficeHoursAsByEveryOtherAdultOperation() {
        String pupil = Callers.pupilToken(server, Demo.AMARA);
        assertProblem(server.get("/v1/conversations", pupil), 403, "forbidden");
        assertProblem(server.get("/v1/school/office-hours", pupil), 403, "forbidden");
    }

    @Test
    void aDateTimeWithoutItsOffsetIsA400NamingTheFieldNeverA500() {
        String senco = server.token(Demo.SENCO);
        long reviews = server.count("SELECT count(*) FROM annual_review");
        JsonObject review = new JsonObject()
                .put(
                        "invitees",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "Leo's parent")
                                        .put("role", "parent")))
                .put("meetingAt", "2027-03-01T09:30:00")
                .put("place", "Room 5");
        assertEquals("body.meetingAt", field(server.post("/v1/pupils/" + Demo.LEO + "/annual-reviews", review, senco)));
        assertEquals(reviews, server.count("SELECT count(*) FROM annual_review"));
        JsonObject notice = new JsonObject()
                .put("title", "Trip")
                .put("body", "Dear families")
                .put("audience", new JsonObject().put("type", "school"))
                .put("sendAt", "2027-03-01T09:30");
        assertEquals("body.sendAt", field(server.post("/v1/notices", notice, senco)));
        String dpo = server.token(Demo.ADMIN);
        assertEquals("query.from", field(server.get("/v1/audit/events?from=2026-12-01T00:00:00", dpo)));
        assertEquals("query.cursor", field(server.get("/v1/audit/events?cursor=notOneOfOurs", dpo)));
    }

    @Test
    void aPatternedTokenCannotEndInALineBreak() {
        String parent = server.token(Demo.PARENT);
        long devices = server.count("SELECT count(*) FROM device");
        assertEquals(
                "body.token",
                field(server.post(
                        "/v1/devices", new JsonObject().put("token", "x\n").put("platform", "android"), parent)));
        assertEquals(devices, server.count("SELECT count(*) FROM device"));
    }
}
