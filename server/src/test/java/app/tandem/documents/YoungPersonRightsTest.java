package app.tandem.documents;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.Rounds;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * From the transfer date the young person signs in as themselves, receives the formal notices and
 * annual review invitations about them, and may ask that their parents stop reading their record,
 * which the school records; before it, none of that is theirs yet.
 */
class YoungPersonRightsTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String EMAIL = "leo.whitfield@example.net";
    static final String PASSWORD = "kestrel lantern orchard 7";

    /** Leo turned 16 in the school year that ended last summer (transfer date 26 June 2026). */
    @BeforeEach
    void leoIsAYoungPerson() {
        server.sql("UPDATE pupil SET date_of_birth = '2010-08-31' WHERE id = '" + Demo.LEO + "'");
    }

    @AfterEach
    void parentsReadAgain() {
        server.sql("UPDATE parents_reading_withheld SET ended_on = current_date, ended_by = recorded_by,"
                + " ended_at = now() WHERE ended_at IS NULL");
        server.sql("NOTIFY tandem_directory");
    }

    /** Leo's own session through his own email and password, inviting him first if need be. */
    static String youngPerson() {
        if (server.count("SELECT count(*) FROM app_user WHERE id = '" + Demo.LEO + "'") == 0) join(Demo.LEO, EMAIL);
        return server.login(EMAIL, PASSWORD).getString("accessToken");
    }

    /** The SENCO invites the young person and they redeem the code as the app would. */
    static void join(String pupilId, String email) {
        HttpResponse<Buffer> invited = server.post(
                "/v1/pupils/" + pupilId + "/young-person-invitation",
                new JsonObject().put("email", email),
                server.token(Demo.SENCO));
        assertResponse("inviteYoungPerson", invited);
        assertEquals(201, invited.statusCode(), invited.bodyAsString());
        HttpResponse<Buffer> joined = server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject()
                        .put("code", invited.bodyAsJsonObject().getString("code"))
                        .put("email", email)
                        .put("password", PASSWORD),
                null);
        assertResponse("redeemInvitation", joined);
        assertEquals(201, joined.statusCode(), joined.bodyAsString());
    }

    @Test
    void aYoungPersonsAccountStoppedEndsEveryOneOfItsSessionsAtOnce() {
        leoIsAYoungPerson();
        String own = youngPerson();
        assertEquals(200, server.get("/v1/me", own).statusCode());
        try {
            // Stopped behind the API's back (SQL by the operator): the database revokes the sessions and
            // tells every replica, whose cached session state goes when the notification arrives.
            server.sql("UPDATE app_user SET active = false WHERE id = '" + Demo.LEO + "'");
            Await.until(
                    "the young person's session ends",
                    Duration.ofSeconds(5),
                    () -> server.get("/v1/me", own).statusCode() == 401);
            assertProblem(server.get("/v1/me", own), 401, "unauthorized");
            assertEquals(
                    0,
                    server.count(
                            "SELECT count(*) FROM session WHERE pupil_id = '" + Demo.LEO + "' AND revoked_at IS NULL"));
        } finally {
            server.sql("UPDATE app_user SET active = true WHERE id = '" + Demo.LEO + "'");
        }
    }

    @Test
    void aYoungPersonIsInvitedFromTheirTransferDateAndSignsInAsThemselves() {
        String senco = server.token(Demo.SENCO);
        String path = "/v1/pupils/" + Demo.MAYA + "/young-person-invitation";
        String email = "maya@example.net";
        JsonObject body = new JsonObject().put("email", email);
        server.sql("UPDATE pupil SET date_of_birth = '2012-01-01' WHERE id = '" + Demo.MAYA + "'");
        assertTrue(assertProblem(server.post(path, body, senco), 409, "conflict")
                .getString("detail")
                .contains("2028-06-30"));
        server.sql("UPDATE pupil SET date_of_birth = '2010-08-31' WHERE id = '" + Demo.MAYA + "'");
        assertProblem(server.post(path, body, server.token(Demo.PARENT)), 404, "not-found");
        assertProblem(server.post(path, body, server.token(Demo.TEACHER)), 404, "not-found");
        assertProblem(server.post(path, new JsonObject().put("email", Demo.PARENT), senco), 400, "validation");

        join(Demo.MAYA, email);
        String token = server.login(email, PASSWORD).getString("accessToken");
        HttpResponse<Buffer> me = server.get("/v1/me", token);
        assertResponse("getMe", me);
        assertEquals("pupil", me.bodyAsJsonObject().getString("kind"));
        assertEquals(Demo.MAYA, me.bodyAsJsonObject().getString("id"));
        assertResponse("getPupilHome", server.get("/v1/home/pupil", token));
        assertProblem(server.get("/v1/pupils/" + Demo.AMARA + "/parents-reading", token), 404, "not-found");
        assertProblem(server.post(path, body, senco), 409, "conflict");
        assertProblem(
                server.post(
                        "/v1/auth/login",
                        new JsonObject().put("email", email).put("password", "not the password at all"),
                        null),
                401,
                "unauthorized");
    }

    @Test
    void aYoungPersonReadsTheirOwnPlanFromTheTransferDateButNotTheProfessionalAdvice() {
        String token = youngPerson();
        String senco = server.token(Demo.SENCO);
        HttpResponse<Buffer> advice = server.send(
                io.vertx.core.http.HttpMethod.POST,
                "/v1/pupils/" + Demo.LEO + "/documents?kind=professional-advice&title=Advice&fileName=advice.pdf",
                Buffer.buffer("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
                r -> r.putHeader("Content-Type", "application/pdf").bearerTokenAuthentication(senco));
        assertEquals(201, advice.statusCode(), advice.bodyAsString());
        HttpResponse<Buffer> list = server.get("/v1/pupils/" + Demo.LEO + "/documents", token);
        assertResponse("listPupilDocuments", list);
        assertEquals(200, list.statusCode(), list.bodyAsString());
        JsonArray items = list.bodyAsJsonObject().getJsonArray("items");
        JsonObject plan = items.stream()
                .map(JsonObject.class::cast)
                .filter(d -> d.getString("kind").equals("ehc-plan"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(list.bodyAsString()));
        assertTrue(
                items.stream().map(JsonObject.class::cast).noneMatch(d -> d.getString("kind")
                        .equals("professional-advice")),
                "advice about them is the school's to share, not in their list");
        String version = plan.getJsonArray("versions").getJsonObject(0).getString("id");
        HttpResponse<Buffer> file = server.get("/v1/documents/" + plan.getString("id") + "/versions/" + version, token);
        assertEquals(200, file.statusCode(), file.bodyAsString());
        assertTrue(file.bodyAsString().startsWith("%PDF"));

        // Before the transfer date the same pupil reads none.
        server.sql("UPDATE pupil SET date_of_birth = '2015-11-23' WHERE id = '" + Demo.LEO + "'");
        assertProblem(server.get("/v1/pupils/" + Demo.LEO + "/documents", token), 404, "not-found");
        assertProblem(
                server.get("/v1/documents/" + plan.getString("id") + "/versions/" + version, token), 404, "not-found");
    }

    @Test
    void formalNoticesAndTheAnnualReviewInvitationReachTheYoungPersonAndTheParentsWhoRead() {
        String token = youngPerson();
        String senco = server.token(Demo.SENCO);
        HttpResponse<Buffer> sent = server.post(
                "/v1/pupils/" + Demo.LEO + "/formal-notices",
                new JsonObject()
                        .put("title", "Your support from September")
                        .put("body", "Your plan now includes a weekly session with the careers adviser."),
                senco);
        assertResponse("sendFormalNotice", sent);
        String noticeId = sent.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> mine = server.get("/v1/notices", token);
        assertResponse("listMyNotices", mine);
        assertTrue(mine.bodyAsString().contains(noticeId), mine.bodyAsString());
        HttpResponse<Buffer> ack = server.post("/v1/notices/" + noticeId + "/acknowledgement", new JsonObject(), token);
        assertResponse("acknowledgeNotice", ack);
        assertEquals(200, ack.statusCode(), ack.bodyAsString());
        assertTrue(server.get("/v1/notices", server.token(Demo.PARENT2))
                .bodyAsString()
                .contains(noticeId));
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'notice' AND user_id = '" + Demo.LEO
                        + "' AND ref_id = '" + noticeId + "'"),
                "pushed to the young person's devices");

        HttpResponse<Buffer> review = Rounds.annualReview(server, Demo.LEO, 21, 7, "Leo Whitfield|pupil");
        assertResponse("scheduleAnnualReview", review);
        assertEquals(201, review.statusCode(), review.bodyAsString());
        String invitations = server.get("/v1/notices", token).bodyAsString();
        assertTrue(invitations.contains("Invitation to your annual review"), invitations);
        assertTrue(server.get("/v1/notices", server.token(Demo.PARENT2))
                .bodyAsString()
                .contains("Invitation to your annual review"));
        assertFalse(
                server.get("/v1/notices", server.token(Demo.BLOCKED))
                        .bodyAsString()
                        .contains("Invitation to your annual review"),
                "not the parent whose contact is blocked");
        Rounds.cancelAnnualReviews(server, Demo.LEO);
    }

    @Test
    void parentsStopReadingTheRecordOnlyWhenTheYoungPersonAsksAndTheSchoolRecordsIt() {
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT2);
        String path = "/v1/pupils/" + Demo.LEO + "/parents-reading";
        String today = LocalDate.now(server.clock()).toString();
        JsonObject withhold = new JsonObject()
                .put("parentsRead", false)
                .put("requestedOn", today)
                .put("note", "Leo asked at his review that his parents no longer see his plan.");
        assertEquals(
                200, server.get("/v1/pupils/" + Demo.LEO + "/record", parent).statusCode());

        server.sql("UPDATE pupil SET date_of_birth = '2012-01-01' WHERE id = '" + Demo.LEO + "'");
        assertProblem(server.put(path, withhold, senco), 409, "conflict");
        leoIsAYoungPerson();
        assertProblem(server.put(path, withhold, server.token(Demo.TEACHER)), 404, "not-found");
        assertProblem(server.put(path, withhold, parent), 404, "not-found");
        assertProblem(server.put(path, withhold.copy().put("requestedOn", "2999-01-01"), senco), 400, "validation");
        HttpResponse<Buffer> recorded = server.put(path, withhold, senco);
        assertResponse("recordParentsReading", recorded);
        assertFalse(recorded.bodyAsJsonObject().getBoolean("parentsRead"));
        assertProblem(server.put(path, withhold, senco), 409, "conflict");

        // At once, for the parent: the record, its documents and views are gone; the home says why.
        assertProblem(server.get("/v1/pupils/" + Demo.LEO + "/record", parent), 404, "not-found");
        assertProblem(server.get("/v1/pupils/" + Demo.LEO + "/documents", parent), 404, "not-found");
        assertProblem(server.get("/v1/pupils/" + Demo.LEO + "/outcomes", parent), 404, "not-found");
        assertProblem(server.get(path, parent), 404, "not-found");
        HttpResponse<Buffer> home = server.get("/v1/home/parent", parent);
        assertResponse("getParentHome", home);
        JsonObject leo = home.bodyAsJsonObject().getJsonArray("pupils").getJsonObject(0);
        assertEquals(Demo.LEO, leo.getString("id"));
        assertFalse(leo.getBoolean("recordShared"));
        assertTrue(leo.getJsonArray("outcomes").isEmpty()
                && leo.getJsonArray("provision").isEmpty());
        // Nor do pushes about the record reach them: a draft plan sent for their views reaches none.
        assertEquals(0, pushesToLeosParent(draftSentToParents(senco)));
        // The class teacher and the young person see the choice and who recorded it.
        HttpResponse<Buffer> seen = server.get(path, server.token(Demo.TEACHER));
        assertResponse("getParentsReading", seen);
        assertEquals(
                "Leo asked at his review that his parents no longer see his plan.",
                seen.bodyAsJsonObject().getJsonArray("history").getJsonObject(0).getString("note"));
        assertEquals(200, server.get(path, youngPerson()).statusCode());

        HttpResponse<Buffer> again =
                server.put(path, new JsonObject().put("parentsRead", true).put("requestedOn", today), senco);
        assertResponse("recordParentsReading", again);
        assertTrue(again.bodyAsJsonObject().getBoolean("parentsRead"));
        assertEquals(
                today,
                again.bodyAsJsonObject()
                        .getJsonArray("history")
                        .getJsonObject(0)
                        .getString("endedOn"));
        assertEquals(
                200, server.get("/v1/pupils/" + Demo.LEO + "/record", parent).statusCode());
        assertEquals(1, pushesToLeosParent(draftSentToParents(senco)));
    }

    /** The SENCO uploads a draft plan and sends it to the parents for their views; its id. */
    private static String draftSentToParents(String senco) {
        HttpResponse<Buffer> draft = server.send(
                io.vertx.core.http.HttpMethod.POST,
                "/v1/pupils/" + Demo.LEO
                        + "/documents?kind=draft-ehc-plan&title=Draft%20plan&fileName=plan.pdf&sendToParents=true",
                Buffer.buffer(DocumentsTest.PDF),
                r -> r.putHeader("Content-Type", "application/pdf").bearerTokenAuthentication(senco));
        assertEquals(201, draft.statusCode(), draft.bodyAsString());
        return draft.bodyAsJsonObject().getString("id");
    }

    private static long pushesToLeosParent(String documentId) {
        return server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'document' AND ref_id = '"
                + documentId + "' AND user_id = '0d000000-0000-4000-8000-000000000202'");
    }
}
