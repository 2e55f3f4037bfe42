package app.tandem.meetings;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.Rounds;
import app.tandem.testing.Smtp;
import app.tandem.testing.TestServer;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The annual review's advice goes to everyone invited before the meeting, and its report after it
 * with the family's right of appeal (SEND Regulations 2014, regulation 20), over HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // both use Leo: the whole path first, on a file with no advice
class AnnualReviewCirculationTest {
    static final int SMTP_PORT = Smtp.freePort();
    static final GreenMail smtp = Smtp.start(SMTP_PORT);
    static final String LEO_PLAN_V2 = "0d000000-0000-4000-8000-000000000b12";

    @RegisterExtension
    static TestServer server = new TestServer().withDemoData().withSmtp(SMTP_PORT);

    private static HttpResponse<Buffer> upload(String kind, String title) {
        String senco = server.token(Demo.SENCO); // a fresh sign-in, whatever the clock says
        return server.send(
                HttpMethod.POST,
                "/v1/pupils/" + Demo.LEO + "/documents?kind=" + kind + "&title=" + title + "&fileName=file.pdf",
                Buffer.buffer("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
                r -> r.putHeader("Content-Type", "application/pdf").bearerTokenAuthentication(senco));
    }

    private static boolean parentSees(String documentId) {
        HttpResponse<Buffer> list = server.get("/v1/pupils/" + Demo.LEO + "/documents", server.token(Demo.PARENT2));
        assertEquals(200, list.statusCode(), list.bodyAsString());
        return list.bodyAsString().contains(documentId);
    }

    private static long sharesOnTheReviewsBasis(String purpose) {
        return server.count("SELECT count(*) FROM document_share WHERE statutory_basis = 'annual-review-circulation'"
                + " AND purpose = '" + purpose + "' AND pupil_id = '" + Demo.LEO + "'");
    }

    @Test
    @Order(1)
    void adviceIsAskedForCirculatedToEveryoneInvitedAndTheReportGoesWithTheRightOfAppeal() {
        String senco = server.token(Demo.SENCO);
        String teacher = server.token(Demo.TEACHER);
        HttpResponse<Buffer> scheduled = Rounds.annualReview(
                server,
                Demo.LEO,
                30,
                10,
                "Jo Bell|la-sen-officer|jo.bell@northshire.example",
                "Dr Sam Lee|educational-psychologist|sam.lee@ep.example");
        assertEquals(201, scheduled.statusCode(), scheduled.bodyAsString());
        String review = "/v1/annual-reviews/" + scheduled.bodyAsJsonObject().getString("id");

        // Nothing kept yet: nothing to circulate.
        assertProblem(server.post(review + "/circulation", new JsonObject(), senco), 409, "conflict");

        // Asking the psychologist for advice through a link is the advice-requested step.
        HttpResponse<Buffer> asked = server.post(
                "/v1/pupils/" + Demo.LEO + "/shares",
                new JsonObject()
                        .put("versionIds", new JsonArray().add(LEO_PLAN_V2))
                        .put("recipientName", "Dr Sam Lee")
                        .put("recipientOrganisation", "Northshire Educational Psychology Service")
                        .put("purpose", "professional-assessment")
                        .put("acceptsAdvice", true),
                senco);
        assertEquals(201, asked.statusCode(), asked.bodyAsString());
        JsonObject now = server.get(review, senco).bodyAsJsonObject();
        assertEquals("done", Rounds.step(now, "advice-requested").getString("state"));

        HttpResponse<Buffer> advice = upload("professional-advice", "EP%20advice");
        assertEquals(201, advice.statusCode(), advice.bodyAsString());
        String adviceId = advice.bodyAsJsonObject().getString("id");
        assertFalse(parentSees(adviceId), "advice is the school's until it is circulated");

        assertProblem(server.post(review + "/circulation", new JsonObject(), teacher), 403, "forbidden");
        HttpResponse<Buffer> circulated = server.post(review + "/circulation", new JsonObject(), senco);
        assertResponse("circulateAnnualReviewAdvice", circulated);
        assertEquals(200, circulated.statusCode(), circulated.bodyAsString());
        assertEquals(
                "done",
                Rounds.step(circulated.bodyAsJsonObject(), "advice-circulated").getString("state"));
        JsonArray sent = circulated.bodyAsJsonObject().getJsonArray("sent");
        assertEquals(3, sent.size(), sent.encode()); // the family and both invitees
        assertTrue(parentSees(adviceId), "the family read circulated advice in the app");
        assertEquals(2, sharesOnTheReviewsBasis("annual-review-advice"), "a link for each invitee, on regulation 20");
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox o JOIN app_user u ON u.id = o.user_id"
                        + " WHERE u.email = 'parent2@example.org' AND o.kind = 'document' AND o.ref_id = '" + adviceId
                        + "'"));
        assertEquals(
                0,
                server.count("SELECT count(*) FROM notification_outbox o JOIN app_user u ON u.id = o.user_id"
                        + " WHERE u.email = 'blocked@example.org' AND o.ref_id = '" + adviceId + "'"));

        // The report comes after the meeting, once uploaded, and once.
        assertProblem(server.post(review + "/report", new JsonObject(), senco), 409, "conflict");
        server.clock().advance(Duration.ofDays(50));
        try {
            // Sessions have expired by then: sign in again, as the SENCO and teacher would.
            senco = server.token(Demo.SENCO);
            teacher = server.token(Demo.TEACHER);
            assertProblem(
                    server.post(review + "/report", new JsonObject().put("lateReason", "Waiting for the LA."), senco),
                    409,
                    "conflict"); // no report uploaded since the meeting
            HttpResponse<Buffer> report = upload("annual-review-report", "Review%20report");
            assertEquals(201, report.statusCode(), report.bodyAsString());
            // Twenty days after the meeting: later than the regulations' two weeks, so a reason.
            assertEquals(
                    "body.lateReason",
                    assertProblem(server.post(review + "/report", new JsonObject(), senco), 400, "validation")
                            .getJsonArray("errors")
                            .getJsonObject(0)
                            .getString("field"));
            assertProblem(
                    server.post(review + "/report", new JsonObject().put("lateReason", "x"), teacher),
                    403,
                    "forbidden");
            HttpResponse<Buffer> sentReport = server.post(
                    review + "/report",
                    new JsonObject().put("lateReason", "The local authority officer sent corrections late."),
                    senco);
            assertResponse("sendAnnualReviewReport", sentReport);
            assertEquals(200, sentReport.statusCode(), sentReport.bodyAsString());
            JsonObject done = sentReport.bodyAsJsonObject();
            assertEquals("done", Rounds.step(done, "report-sent").getString("state"));
            assertEquals("done", Rounds.step(done, "appeal-rights-told").getString("state"));
            assertTrue(done.getJsonArray("sent").stream()
                    .map(JsonObject.class::cast)
                    .filter(s -> s.getString("what").equals("report"))
                    .allMatch(s -> s.getString("lateReason") != null));
            assertEquals(2, sharesOnTheReviewsBasis("annual-review-report"));

            JsonObject notice =
                    server
                            .get("/v1/notices", server.token(Demo.PARENT2))
                            .bodyAsJsonObject()
                            .getJsonArray("items")
                            .stream()
                            .map(JsonObject.class::cast)
                            .filter(n -> n.getString("title").equals("The report from Leo's annual review"))
                            .findFirst()
                            .orElseThrow();
            String letter = server.get("/v1/notices/" + notice.getString("id"), server.token(Demo.PARENT2))
                    .bodyAsJsonObject()
                    .getString("body");
            for (String words : new String[] {"appeal", "First-tier Tribunal", "mediation", "SENDIASS"})
                assertTrue(letter.contains(words), words + " in: " + letter);

            assertProblem(
                    server.post(review + "/report", new JsonObject().put("lateReason", "again"), senco),
                    409,
                    "conflict");
        } finally {
            server.clock().advance(Duration.ofDays(-50));
        }
    }

    @Test
    @Order(2)
    void adviceLaterThanTwoWeeksBeforeNeedsAReasonAndACancelledReviewSendsNothing() {
        String senco = server.token(Demo.SENCO);
        Rounds.cancelAnnualReviews(server, Demo.LEO);
        Instant at = server.clock()
                .instant()
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(10))
                .plus(Duration.ofHours(13));
        HttpResponse<Buffer> scheduled = server.post(
                "/v1/pupils/" + Demo.LEO + "/annual-reviews",
                new JsonObject()
                        .put("meetingAt", at.toString())
                        .put("place", "Room 5")
                        .put("shortNoticeReason", "The plan needs changing before the move to secondary.")
                        .put(
                                "invitees",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "Jo Bell")
                                                .put("role", "la-sen-officer")
                                                .put("email", "jo.bell@northshire.example"))),
                senco);
        assertEquals(201, scheduled.statusCode(), scheduled.bodyAsString());
        JsonObject review = scheduled.bodyAsJsonObject();
        String path = "/v1/annual-reviews/" + review.getString("id");
        assertEquals(201, upload("professional-advice", "OT%20advice").statusCode());

        // Ten days before: later than the regulations' two weeks, so a reason, kept with what was sent.
        assertEquals(
                "body.lateReason",
                assertProblem(server.post(path + "/circulation", new JsonObject(), senco), 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        HttpResponse<Buffer> late = server.post(
                path + "/circulation",
                new JsonObject().put("lateReason", "The review was brought forward at the family's request."),
                senco);
        assertResponse("circulateAnnualReviewAdvice", late);
        assertTrue(late.bodyAsJsonObject().getJsonArray("sent").stream()
                .map(JsonObject.class::cast)
                .allMatch(s -> s.getString("lateReason") != null));

        // Once the review's meeting is cancelled, nothing more goes out for it.
        assertEquals(
                200,
                server.post("/v1/meetings/" + review.getString("meetingId") + "/cancellation", new JsonObject(), senco)
                        .statusCode());
        assertProblem(
                server.post(path + "/circulation", new JsonObject().put("lateReason", "again"), senco),
                409,
                "conflict");
        assertProblem(
                server.post(path + "/report", new JsonObject().put("lateReason", "again"), senco), 409, "conflict");
    }
}
