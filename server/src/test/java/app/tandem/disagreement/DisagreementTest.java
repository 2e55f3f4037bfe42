package app.tandem.disagreement;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a family disagrees: Leo's father raises a disagreement, the SENCO and the headteacher are
 * told and answer by the school's date in school days (weekends and the holidays between terms do
 * not count), each step reaches him; where families can turn is always on the parent home and the
 * record, and never on a young child's screens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisagreementTest {
    static final String HEAD = "head@example.org";

    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static String disagreement;

    @BeforeAll
    static void theSchoolHasAHeadteacher() {
        HttpResponse<Buffer> created = server.post(
                "/v1/staff",
                new JsonObject()
                        .put("email", HEAD)
                        .put("displayName", "Helen Carter")
                        .put("roles", new JsonArray().add("teacher").add("headteacher")),
                server.token(Demo.ADMIN));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        HttpResponse<Buffer> joined = server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject()
                        .put("code", created.bodyAsJsonObject().getString("setupCode"))
                        .put("email", HEAD)
                        .put("password", "tandem-demo-1"),
                null);
        assertEquals(201, joined.statusCode(), joined.bodyAsString());
    }

    private static long pushes(String kind, String toEmail) {
        return server.count("SELECT count(*) FROM notification_outbox o JOIN app_user u ON u.id = o.user_id"
                + " WHERE o.kind = '" + kind + "' AND u.email = '" + toEmail + "'");
    }

    private static String field(HttpResponse<Buffer> problem) {
        return assertProblem(problem, 400, "validation")
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field");
    }

    private static HttpResponse<Buffer> raise(String pupil, String token) {
        return server.post(
                "/v1/pupils/" + pupil + "/disagreements",
                new JsonObject()
                        .put("about", "provision")
                        .put("summary", "Leo's speech therapy was cut to fortnightly without asking us."),
                token);
    }

    @Test
    @Order(1)
    void familiesAndStaffReadWhereToTurnAndAYoungChildDoesNot() {
        HttpResponse<Buffer> help = server.get("/v1/school/where-to-turn", server.token(Demo.PARENT2));
        assertResponse("getWhereToTurn", help);
        JsonObject where = help.bodyAsJsonObject();
        assertEquals("Northshire SENDIASS", where.getJsonObject("sendiass").getString("name"));
        assertEquals(10, where.getInteger("responseSchoolDays"));
        assertEquals(4, where.getJsonArray("guide").size());
        assertTrue(where.getJsonArray("guide").encode().contains("First-tier Tribunal"));
        assertProblem(server.get("/v1/school/where-to-turn", Callers.pupilToken(server, Demo.AMARA)), 403, "forbidden");

        JsonObject home = server.get("/v1/home/parent", server.token(Demo.PARENT2))
                .bodyAsJsonObject()
                .getJsonArray("pupils")
                .getJsonObject(0);
        assertEquals(
                "https://northshire.example.org/local-offer",
                home.getJsonObject("whereToTurn").getString("localOfferUrl"),
                "on the parent home, always");
        HttpResponse<Buffer> record = server.get("/v1/pupils/" + Demo.LEO + "/record", server.token(Demo.PARENT2));
        assertResponse("getSendRecord", record);
        assertEquals(
                "https://oakfield.example.org/send/information-report",
                record.bodyAsJsonObject().getJsonObject("whereToTurn").getString("senInformationReportUrl"));
    }

    @Test
    @Order(2)
    void theSencoSetsTheLinksAndTheResponseTimeAndBadLinksChangeNothing() {
        JsonObject links = new JsonObject()
                .put("localOfferUrl", "https://northshire.example.org/local-offer")
                .put(
                        "sendiass",
                        new JsonObject().put("name", "Northshire SENDIASS").put("phone", "01632 960 123"))
                .put("responseSchoolDays", 5);
        assertProblem(server.put("/v1/school/where-to-turn", links, server.token(Demo.TEACHER)), 403, "forbidden");
        assertProblem(server.put("/v1/school/where-to-turn", links, server.token(Demo.PARENT)), 403, "forbidden");
        assertEquals(
                "body.localOfferUrl",
                field(server.put(
                        "/v1/school/where-to-turn",
                        links.copy().put("localOfferUrl", "http://northshire.example.org/local-offer"),
                        server.token(Demo.SENCO))));
        assertEquals(
                "body.sendiass.name",
                field(server.put(
                        "/v1/school/where-to-turn",
                        links.copy().put("sendiass", new JsonObject().put("name", " ")),
                        server.token(Demo.SENCO))));
        assertEquals(
                10,
                server.get("/v1/school/where-to-turn", server.token(Demo.PARENT))
                        .bodyAsJsonObject()
                        .getInteger("responseSchoolDays"),
                "nothing changed");

        HttpResponse<Buffer> set = server.put("/v1/school/where-to-turn", links, server.token(Demo.SENCO));
        assertResponse("setWhereToTurn", set);
        assertEquals(5, set.bodyAsJsonObject().getInteger("responseSchoolDays"));
        assertFalse(set.bodyAsJsonObject().containsKey("senInformationReportUrl"), "replaced, not merged");
        assertTrue(set.bodyAsJsonObject()
                .getJsonArray("guide")
                .getJsonObject(0)
                .getString("text")
                .contains("5 school days"));
    }

    @Test
    @Order(3)
    void leosFatherRaisesADisagreementAnsweredWithinFiveSchoolDaysSkippingTheHolidays() {
        assertEquals(
                200,
                server.put(
                                "/v1/school/terms",
                                new JsonObject()
                                        .put(
                                                "terms",
                                                new JsonArray()
                                                        .add(new JsonObject()
                                                                .put("name", "Autumn 2030")
                                                                .put("startsOn", "2030-09-02")
                                                                .put("endsOn", "2030-12-18"))
                                                        .add(new JsonObject()
                                                                .put("name", "Spring 2031")
                                                                .put("startsOn", "2031-01-06")
                                                                .put("endsOn", "2031-03-28"))),
                                server.token(Demo.SENCO))
                        .statusCode());
        // Monday 16 December 2030, mid-morning in London: two days of term, the holidays, three more.
        Duration ahead = Duration.between(server.clock().instant(), Instant.parse("2030-12-16T10:00:00Z"));
        server.clock().advance(ahead);
        try {
            HttpResponse<Buffer> raised = raise(Demo.LEO, server.token(Demo.PARENT2));
            assertEquals(201, raised.statusCode(), raised.bodyAsString());
            assertResponse("raiseDisagreement", raised);
            JsonObject d = raised.bodyAsJsonObject();
            disagreement = d.getString("id");
            assertEquals("2031-01-08", d.getString("responseDueOn"));
            assertEquals("raised", d.getString("state"));
            assertEquals("parent", d.getString("raisedAs"));
            assertEquals("Daniel Whitfield", d.getJsonObject("raisedBy").getString("displayName"));
        } finally {
            server.clock().advance(ahead.negated());
        }
        assertEquals(1, pushes("disagreement", Demo.SENCO));
        assertEquals(1, pushes("disagreement", HEAD));
        for (String other : List.of(Demo.TEACHER, Demo.ADMIN, Demo.PARENT2, Demo.BLOCKED))
            assertEquals(0, pushes("disagreement", other), other);
    }

    @Test
    @Order(4)
    void onlyTheFamilyRaisesAndOnlyTheFamilyTheSencoAndTheHeadteacherRead() {
        long before = server.count("SELECT count(*) FROM disagreement");
        assertProblem(raise(Demo.LEO, server.token(Demo.BLOCKED)), 404, "not-found");
        assertProblem(raise(Demo.LEO, server.token(Demo.PARENT)), 404, "not-found");
        assertProblem(raise(Demo.LEO, Callers.pupilToken(server, Demo.LEO)), 404, "not-found");
        assertProblem(raise(Demo.LEO, server.token(Demo.TEACHER)), 403, "forbidden");
        assertEquals(
                "body.summary",
                field(server.post(
                        "/v1/pupils/" + Demo.LEO + "/disagreements",
                        new JsonObject().put("about", "plan").put("summary", "   "),
                        server.token(Demo.PARENT2))));
        assertEquals(before, server.count("SELECT count(*) FROM disagreement"));

        for (String reader : List.of(Demo.PARENT2, Demo.SENCO, HEAD)) {
            HttpResponse<Buffer> list = server.get("/v1/pupils/" + Demo.LEO + "/disagreements", server.token(reader));
            assertResponse("listDisagreements", list);
            assertEquals(
                    disagreement,
                    list.bodyAsJsonObject()
                            .getJsonArray("items")
                            .getJsonObject(0)
                            .getString("id"));
        }
        for (String outsider : List.of(Demo.TEACHER, Demo.PARENT, Demo.BLOCKED))
            assertProblem(
                    server.get("/v1/pupils/" + Demo.LEO + "/disagreements", server.token(outsider)), 404, "not-found");
        HttpResponse<Buffer> open = server.get("/v1/disagreements", server.token(HEAD));
        assertResponse("listOpenDisagreements", open);
        assertTrue(open.bodyAsString().contains(disagreement));
        assertProblem(server.get("/v1/disagreements", server.token(Demo.TEACHER)), 403, "forbidden");
        assertProblem(server.get("/v1/disagreements", server.token(Demo.PARENT2)), 403, "forbidden");
    }

    @Test
    @Order(5)
    void eachStepReachesLeosFatherAndAClosedOneTakesNoMore() {
        String path = "/v1/disagreements/" + disagreement + "/steps";
        String head = server.token(HEAD);
        assertEquals(
                "body.takenTo",
                field(server.post(
                        path, new JsonObject().put("state", "taken-further").put("note", "To mediation."), head)));
        assertEquals(
                "body.takenTo",
                field(server.post(
                        path,
                        new JsonObject()
                                .put("state", "resolved")
                                .put("note", "Agreed.")
                                .put("takenTo", "tribunal"),
                        head)));
        assertEquals(
                "body.metOn",
                field(server.post(
                        path,
                        new JsonObject()
                                .put("state", "discussed")
                                .put("note", "Met.")
                                .put(
                                        "metOn",
                                        java.time.LocalDate.now(server.clock())
                                                .plusDays(3)
                                                .toString()),
                        head)));
        assertProblem(
                server.post(
                        path,
                        new JsonObject().put("state", "discussed").put("note", "Met."),
                        server.token(Demo.TEACHER)),
                404,
                "not-found");
        assertEquals(0, pushes("disagreement-answered", Demo.PARENT2), "nothing recorded yet");

        HttpResponse<Buffer> discussed = server.post(
                path,
                new JsonObject()
                        .put("state", "discussed")
                        .put("note", "We met with Leo's father and the speech therapist.")
                        .put("metOn", java.time.LocalDate.now(server.clock()).toString()),
                head);
        assertResponse("recordDisagreementStep", discussed);
        assertEquals("discussed", discussed.bodyAsJsonObject().getString("state"));
        assertEquals(1, pushes("disagreement-answered", Demo.PARENT2));

        HttpResponse<Buffer> further = server.post(
                path,
                new JsonObject()
                        .put("state", "taken-further")
                        .put("takenTo", "mediation")
                        .put("note", "Leo's father has asked the local authority for mediation."),
                server.token(Demo.SENCO));
        assertResponse("recordDisagreementStep", further);
        assertEquals("mediation", further.bodyAsJsonObject().getString("takenTo"));
        assertEquals(2, pushes("disagreement-answered", Demo.PARENT2));
        assertEquals(0, pushes("disagreement-answered", Demo.BLOCKED));
        assertProblem(
                server.post(path, new JsonObject().put("state", "resolved").put("note", "Settled."), head),
                409,
                "conflict");

        JsonObject seen = server.get("/v1/pupils/" + Demo.LEO + "/disagreements", server.token(Demo.PARENT2))
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0);
        assertEquals(2, seen.getJsonArray("steps").size());
        assertFalse(server.get("/v1/disagreements", head).bodyAsString().contains(disagreement), "no longer open");
    }

    @Test
    @Order(6)
    void aYoungPersonSpeaksForThemselves() {
        server.sql("UPDATE pupil SET date_of_birth = '2008-05-01' WHERE id = '" + Demo.MAYA + "'");
        String maya = Callers.pupilToken(server, Demo.MAYA);
        assertEquals(200, server.get("/v1/school/where-to-turn", maya).statusCode());
        HttpResponse<Buffer> raised = server.post(
                "/v1/pupils/" + Demo.MAYA + "/disagreements",
                new JsonObject().put("about", "review").put("summary", "My views were not in the review."),
                maya);
        assertEquals(201, raised.statusCode(), raised.bodyAsString());
        assertEquals("young-person", raised.bodyAsJsonObject().getString("raisedAs"));
        assertEquals(
                1,
                server.get("/v1/pupils/" + Demo.MAYA + "/disagreements", maya)
                        .bodyAsJsonObject()
                        .getJsonArray("items")
                        .size());
    }
}
