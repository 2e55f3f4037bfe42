package app.tandem.assessment;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Before a plan: Sam's request for an EHC needs assessment waits for the local authority with the
 * school's information due; Maya's is prepared and sent; each step reaches the family; issuing the
 * plan starts the annual review clock; Leo's draft plan takes the family's and the school's views
 * within its 15 days. In order: they follow the demo school's requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssessmentTest {
    static final String SAMS_REQUEST = "0d000000-0000-4000-8000-000000000c01";
    static final String LEOS_DRAFT = "0d000000-0000-4000-8000-000000000b05";
    static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static LocalDate today() {
        return LocalDate.now(server.clock().withZone(ZoneId.of("Europe/London")));
    }

    private static JsonArray requests(String who) {
        HttpResponse<Buffer> list = server.get("/v1/assessment-requests", server.token(who));
        assertResponse("listAssessmentRequests", list);
        return list.bodyAsJsonObject().getJsonArray("items");
    }

    private static HttpResponse<Buffer> step(String request, JsonObject body) {
        return server.post("/v1/assessment-requests/" + request + "/steps", body, server.token(Demo.SENCO));
    }

    private static JsonObject stepOk(String request, JsonObject body) {
        HttpResponse<Buffer> r = step(request, body);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertResponse("recordAssessmentStep", r);
        return r.bodyAsJsonObject();
    }

    private static long pushes(String kind, String toEmail) {
        return server.count("SELECT count(*) FROM notification_outbox o JOIN app_user u ON u.id = o.user_id"
                + " WHERE o.kind = '" + kind + "' AND u.email = '" + toEmail + "'");
    }

    private static int checkClocks() {
        return server.app().capability(Assessments.class).checkClocks().await();
    }

    private static String upload(String pupil, String kind, String query) {
        HttpResponse<Buffer> r = server.send(
                HttpMethod.POST,
                "/v1/pupils/" + pupil + "/documents?kind=" + kind + "&title="
                        + URLEncoder.encode("A " + kind, StandardCharsets.UTF_8) + "&fileName=letter.pdf" + query,
                Buffer.buffer(PDF),
                h -> h.putHeader("Content-Type", "application/pdf")
                        .bearerTokenAuthentication(server.token(Demo.SENCO)));
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getString("id");
    }

    private static List<String> formalNoticeTitles(String pupil, String parent) {
        HttpResponse<Buffer> r = server.get("/v1/pupils/" + pupil + "/formal-notices", server.token(parent));
        assertResponse("listFormalNotices", r);
        return r.bodyAsJsonObject().getJsonArray("items").stream()
                .map(n -> ((JsonObject) n).getString("title"))
                .toList();
    }

    @Test
    @Order(1)
    void samsRequestWaitsForTheLocalAuthorityWithTheSchoolsInformationDueAndOnlyHisPeopleSeeIt() {
        JsonObject sam = requests(Demo.SENCO).getJsonObject(0);
        assertEquals(SAMS_REQUEST, sam.getString("id"));
        assertEquals("information-requested", sam.getString("state"));
        assertEquals(today().plusDays(28).toString(), sam.getString("informationDueOn"));
        assertEquals(today().plusDays(21).toString(), sam.getString("decisionExpectedBy"), "six weeks from sending");
        assertFalse(sam.getBoolean("informationOverdue"));
        assertTrue(sam.containsKey("viewIds"), "staff see the views attached");
        assertTrue(requests(Demo.TEACHER2).encode().contains(SAMS_REQUEST), "his class teacher");
        assertFalse(requests(Demo.TEACHER).encode().contains(SAMS_REQUEST), "another class's teacher");
        JsonObject forParent = requests(Demo.PARENT).getJsonObject(0);
        assertEquals(SAMS_REQUEST, forParent.getString("id"), "his mother");
        assertFalse(forParent.containsKey("viewIds"), "the views attached are the staff's to see");
        assertTrue(requests(Demo.PARENT2).isEmpty(), "another family");

        HttpResponse<Buffer> one = server.get("/v1/assessment-requests/" + SAMS_REQUEST, server.token(Demo.PARENT));
        assertResponse("getAssessmentRequest", one);
        assertEquals(3, one.bodyAsJsonObject().getJsonArray("steps").size());
        for (String outsider : List.of(Demo.PARENT2, Demo.TEACHER, Demo.BLOCKED))
            assertProblem(
                    server.get("/v1/assessment-requests/" + SAMS_REQUEST, server.token(outsider)), 404, "not-found");
    }

    @Test
    @Order(2)
    void aRequestIsPreparedWithTheFamilysViewsAndADecisionBeforeItWasSentIsRefusedChangingNothing() {
        long asked = server.count("SELECT count(*) FROM views_request WHERE pupil_id = '" + Demo.MAYA + "'");
        JsonObject body = new JsonObject()
                .put("requestedBy", "school")
                .put("localAuthority", "Northshire County Council")
                .put("reason", "Maya's reading has not moved in a year of daily support.");
        HttpResponse<Buffer> created =
                server.post("/v1/pupils/" + Demo.MAYA + "/assessment-requests", body, server.token(Demo.SENCO));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertResponse("createAssessmentRequest", created);
        String maya = created.bodyAsJsonObject().getString("id");
        assertEquals("being-prepared", created.bodyAsJsonObject().getString("state"));
        assertEquals(
                asked + 1,
                server.count("SELECT count(*) FROM views_request WHERE pupil_id = '" + Demo.MAYA + "'"),
                "Maya and her parents are asked for their views");

        long steps = server.count("SELECT count(*) FROM assessment_step WHERE request_id = '" + maya + "'");
        assertProblem(step(maya, new JsonObject().put("step", "decided-to-assess")), 409, "conflict");
        assertProblem(step(maya, new JsonObject().put("step", "information-sent")), 409, "conflict");
        assertEquals(steps, server.count("SELECT count(*) FROM assessment_step WHERE request_id = '" + maya + "'"));
        assertEquals(
                "body.on",
                assertProblem(
                                step(
                                        maya,
                                        new JsonObject()
                                                .put("step", "sent")
                                                .put("on", today().plusDays(1).toString())),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertEquals(
                "being-prepared",
                server.get("/v1/assessment-requests/" + maya, server.token(Demo.SENCO))
                        .bodyAsJsonObject()
                        .getString("state"),
                "nothing changed");
        assertProblem(
                server.post(
                        "/v1/assessment-requests/" + maya + "/steps",
                        new JsonObject().put("step", "sent"),
                        server.token(Demo.TEACHER)),
                404,
                "not-found");

        assertEquals("sent", stepOk(maya, new JsonObject().put("step", "sent")).getString("state"));
        assertProblem(
                server.post("/v1/pupils/" + Demo.MAYA + "/assessment-requests", body, server.token(Demo.SENCO)),
                409,
                "conflict");
        assertProblem(
                server.post("/v1/pupils/" + Demo.MAYA + "/assessment-requests", body, server.token(Demo.TEACHER)),
                404,
                "not-found");
    }

    @Test
    @Order(3)
    void aFamilysOwnRequestNeedsTheDayTheySentIt() {
        JsonObject body = new JsonObject()
                .put("requestedBy", "parents")
                .put("localAuthority", "Northshire County Council")
                .put("reason", "We asked ourselves.");
        assertEquals(
                "body.sentOn",
                assertProblem(
                                server.post(
                                        "/v1/pupils/" + Demo.AMARA + "/assessment-requests",
                                        body,
                                        server.token(Demo.SENCO)),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        HttpResponse<Buffer> recorded = server.post(
                "/v1/pupils/" + Demo.AMARA + "/assessment-requests",
                body.put("sentOn", today().minusDays(2).toString()),
                server.token(Demo.SENCO));
        assertEquals(201, recorded.statusCode(), recorded.bodyAsString());
        assertEquals("sent", recorded.bodyAsJsonObject().getString("state"));
        assertTrue(
                formalNoticeTitles(Demo.AMARA, Demo.PARENT).stream().anyMatch(t -> t.contains("your request")),
                "Amara's mother is told the school noted it");
    }

    @Test
    @Order(4)
    void theSencoIsPushedOnceAWeekBeforeTheSchoolsInformationIsDue() {
        checkClocks();
        assertEquals(0, pushes("assessment-information-due", Demo.SENCO), "four weeks away");
        server.clock().advance(Duration.ofDays(21));
        try {
            assertTrue(checkClocks() >= 1);
            assertEquals(1, pushes("assessment-information-due", Demo.SENCO));
            checkClocks();
            assertEquals(1, pushes("assessment-information-due", Demo.SENCO), "once");
            for (String other : List.of(Demo.TEACHER2, Demo.PARENT, Demo.ADMIN))
                assertEquals(0, pushes("assessment-information-due", other), other);
        } finally {
            server.clock().advance(Duration.ofDays(-21));
        }
    }

    @Test
    @Order(5)
    void eachStepReachesSamsMotherAndIssuingThePlanStartsHisAnnualReviewClock() {
        int notices = formalNoticeTitles(Demo.SAM, Demo.PARENT).size();
        JsonObject sent = stepOk(SAMS_REQUEST, new JsonObject().put("step", "information-sent"));
        assertEquals(today().toString(), sent.getString("informationSentOn"));
        assertProblem(step(SAMS_REQUEST, new JsonObject().put("step", "information-sent")), 409, "conflict");

        String letter = upload(Demo.SAM, "la-decision", "");
        String plan = upload(Demo.SAM, "ehc-plan", "");
        assertEquals(
                "body.documentId",
                assertProblem(
                                step(
                                        SAMS_REQUEST,
                                        new JsonObject()
                                                .put("step", "decided-to-assess")
                                                .put("documentId", plan)),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"),
                "the decision names the LA's letter, not any document");
        JsonObject assessing = stepOk(
                SAMS_REQUEST, new JsonObject().put("step", "decided-to-assess").put("documentId", letter));
        assertEquals("assessing", assessing.getString("state"));
        assertEquals(letter, assessing.getString("decisionLetterId"));

        assertProblem(step(SAMS_REQUEST, new JsonObject().put("step", "plan-drafted")), 400, "validation");
        String draft = upload(Demo.SAM, "draft-ehc-plan", "&sendToParents=true");
        assertEquals(
                "plan-drafted",
                stepOk(
                                SAMS_REQUEST,
                                new JsonObject().put("step", "plan-drafted").put("documentId", draft))
                        .getString("state"));
        String reviewDue = today().plusMonths(6).toString();
        JsonObject issued =
                stepOk(SAMS_REQUEST, new JsonObject().put("step", "plan-issued").put("planReviewDue", reviewDue));
        assertEquals("plan-issued", issued.getString("state"));
        assertEquals(today().toString(), issued.getString("finishedOn"));
        assertProblem(step(SAMS_REQUEST, new JsonObject().put("step", "plan-not-issued")), 409, "conflict");

        JsonObject status = server.get("/v1/pupils/" + Demo.SAM + "/record", server.token(Demo.PARENT))
                .bodyAsJsonObject()
                .getJsonObject("senStatus");
        assertEquals("ehc-plan", status.getString("status"));
        assertEquals(today().toString(), status.getString("planIssuedOn"));
        assertEquals("Northshire County Council", status.getString("localAuthority"));
        assertTrue(
                server.get("/v1/annual-reviews/due", server.token(Demo.SENCO))
                        .bodyAsString()
                        .contains(Demo.SAM),
                "his plan's first review is on the annual review clock");

        List<String> titles = formalNoticeTitles(Demo.SAM, Demo.PARENT);
        assertEquals(notices + 4, titles.size(), titles.toString());
        assertTrue(
                titles.stream().anyMatch(t -> t.equals("Sam's EHC needs assessment: the plan is issued")),
                titles.toString());
        assertFalse(requests(Demo.PARENT).encode().contains(SAMS_REQUEST), "finished: not in progress");
        assertTrue(server.get("/v1/assessment-requests?inProgress=false", server.token(Demo.PARENT))
                .bodyAsString()
                .contains(SAMS_REQUEST));
    }

    @Test
    @Order(6)
    void leosFatherGivesHisViewsOnTheDraftWithinItsFifteenDaysAndTheSchoolAddsItsOwn() {
        String father = server.token(Demo.PARENT2);
        HttpResponse<Buffer> list = server.get("/v1/documents/" + LEOS_DRAFT + "/draft-views", father);
        assertResponse("listDraftPlanViews", list);
        assertTrue(list.bodyAsJsonObject().getBoolean("open"));
        assertEquals(
                today().plusDays(12).toString(),
                list.bodyAsJsonObject().getJsonObject("draft").getString("viewsDueOn"));

        String othersFile = server.send(
                        HttpMethod.POST, "/v1/attachments?fileName=note.pdf", Buffer.buffer(PDF), h -> h.putHeader(
                                        "Content-Type", "application/pdf")
                                .bearerTokenAuthentication(server.token(Demo.PARENT)))
                .bodyAsJsonObject()
                .getString("id");
        String ownFile = server.send(
                        HttpMethod.POST,
                        "/v1/attachments?fileName=our-letter.pdf",
                        Buffer.buffer(PDF),
                        h -> h.putHeader("Content-Type", "application/pdf").bearerTokenAuthentication(father))
                .bodyAsJsonObject()
                .getString("id");
        long kept = server.count("SELECT count(*) FROM draft_plan_views");
        JsonObject views = new JsonObject()
                .put("views", "Section F should keep the speech therapy at weekly.")
                .put("preferredSchool", "Oakfield Primary School");
        assertEquals(
                "body.attachmentId",
                assertProblem(
                                server.post(
                                        "/v1/documents/" + LEOS_DRAFT + "/draft-views",
                                        views.copy().put("attachmentId", othersFile),
                                        father),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertProblem(
                server.post(
                        "/v1/documents/" + LEOS_DRAFT + "/draft-views", new JsonObject().put("views", "  "), father),
                400,
                "validation");
        assertEquals(kept, server.count("SELECT count(*) FROM draft_plan_views"), "nothing kept");
        for (String outsider : List.of(Demo.PARENT, Demo.BLOCKED))
            assertProblem(
                    server.post("/v1/documents/" + LEOS_DRAFT + "/draft-views", views, server.token(outsider)),
                    404,
                    "not-found");
        assertProblem(
                server.post("/v1/documents/" + LEOS_DRAFT + "/draft-views", views, server.token(Demo.TEACHER)),
                403,
                "forbidden");

        HttpResponse<Buffer> given =
                server.post("/v1/documents/" + LEOS_DRAFT + "/draft-views", views.put("attachmentId", ownFile), father);
        assertEquals(201, given.statusCode(), given.bodyAsString());
        assertResponse("submitDraftPlanViews", given);
        assertEquals("parent", given.bodyAsJsonObject().getString("givenAs"));
        assertEquals(1, pushes("draft-views", Demo.SENCO), "the SENCO is told");
        assertEquals(
                200,
                server.get("/v1/attachments/" + ownFile, server.token(Demo.SENCO))
                        .statusCode());
        assertProblem(server.get("/v1/attachments/" + ownFile, server.token(Demo.PARENT)), 404, "not-found");

        assertProblem(
                server.post(
                        "/v1/documents/" + LEOS_DRAFT + "/school-views",
                        new JsonObject().put("views", "We agree."),
                        server.token(Demo.TEACHER)),
                404,
                "not-found");
        HttpResponse<Buffer> school = server.post(
                "/v1/documents/" + LEOS_DRAFT + "/school-views",
                new JsonObject().put("views", "The school can meet Leo's needs with the provision in section F."),
                server.token(Demo.SENCO));
        assertEquals(201, school.statusCode(), school.bodyAsString());
        assertResponse("submitSchoolDraftViews", school);
        assertEquals(1, pushes("draft-views", Demo.PARENT2), "the family is told the school's views are there");
        assertEquals(0, pushes("draft-views", Demo.BLOCKED));

        JsonArray both = server.get("/v1/documents/" + LEOS_DRAFT + "/draft-views", father)
                .bodyAsJsonObject()
                .getJsonArray("items");
        assertEquals(2, both.size());
        assertEquals("Oakfield Primary School", both.getJsonObject(0).getString("preferredSchool"));
        assertEquals("school", both.getJsonObject(1).getString("givenAs"));
        assertProblem(
                server.get("/v1/documents/" + LEOS_DRAFT + "/draft-views", server.token(Demo.PARENT)),
                404,
                "not-found");

        server.clock().advance(Duration.ofDays(13));
        try {
            String later = server.token(Demo.PARENT2);
            assertProblem(server.post("/v1/documents/" + LEOS_DRAFT + "/draft-views", views, later), 409, "conflict");
            assertProblem(
                    server.post(
                            "/v1/documents/" + LEOS_DRAFT + "/school-views",
                            new JsonObject().put("views", "Late."),
                            server.token(Demo.SENCO)),
                    409,
                    "conflict");
            assertFalse(server.get("/v1/documents/" + LEOS_DRAFT + "/draft-views", later)
                    .bodyAsJsonObject()
                    .getBoolean("open"));
        } finally {
            server.clock().advance(Duration.ofDays(-13));
        }
    }

    @Test
    @Order(7)
    void aFamilyThatHasSentNothingIsRemindedOnceOnDayTen() {
        String draft = upload(Demo.LEO, "draft-ehc-plan", "&sendToParents=true");
        checkClocks();
        assertEquals(0, pushes("draft-views-reminder", Demo.PARENT2), "day 0");
        server.clock().advance(Duration.ofDays(10));
        try {
            checkClocks();
            checkClocks();
            assertEquals(1, pushes("draft-views-reminder", Demo.PARENT2), "once, for the new draft only");
            assertEquals(
                    1,
                    server.count(
                            "SELECT count(*) FROM notification_outbox WHERE kind = 'draft-views-reminder' AND ref_id = '"
                                    + draft + "'"));
            assertEquals(0, pushes("draft-views-reminder", Demo.BLOCKED));
        } finally {
            server.clock().advance(Duration.ofDays(-10));
        }
        assertNull(server
                .get("/v1/documents/" + draft + "/draft-views", server.token(Demo.SENCO))
                .bodyAsJsonObject()
                .getJsonArray("items")
                .stream()
                .findFirst()
                .orElse(null));
    }

    private static JsonObject sharedWithTheLocalAuthority(String basis) {
        HttpResponse<Buffer> created = server.post(
                "/v1/pupils/" + Demo.LEO + "/shares",
                new JsonObject()
                        .put("versionIds", new JsonArray().add("0d000000-0000-4000-8000-000000000b15"))
                        .put("recipientName", "Jo Marsh")
                        .put("recipientOrganisation", "Northshire County Council SEN team")
                        .put("purpose", "The family's and the school's views on Leo's draft plan")
                        .put("statutoryBasis", basis)
                        .put("basisReference", "Northshire SEN team's request of 4 December"),
                server.token(Demo.SENCO));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        String link = created.bodyAsJsonObject().getString("link");
        HttpResponse<Buffer> opened = server.send(
                HttpMethod.GET,
                "/v1/shared/" + link.substring(link.lastIndexOf('/') + 1),
                null,
                h -> h.putHeader(
                        "Tandem-Access-Code", created.bodyAsJsonObject().getString("code")));
        assertResponse("openSharedDocuments", opened);
        return opened.bodyAsJsonObject();
    }

    @Test
    @Order(8)
    void theLocalAuthoritysOfficerReadsTheViewsKeptWithTheDraftOnItsRequestAndOnlyThen() {
        JsonArray views = sharedWithTheLocalAuthority("local-authority-request").getJsonArray("draftViews");
        assertEquals(2, views.size(), views.encode());
        assertEquals("parent", views.getJsonObject(0).getString("givenAs"));
        assertEquals("Oakfield Primary School", views.getJsonObject(0).getString("preferredSchool"));
        assertEquals("school", views.getJsonObject(1).getString("givenAs"));
        assertFalse(
                sharedWithTheLocalAuthority("tribunal").containsKey("draftViews"),
                "a link on another basis shares the draft, not the views");
    }
}
