package app.tandem.access;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.CreateSchoolCommand;
import app.tandem.identity.AuthenticatorApp;
import app.tandem.testing.Await;
import app.tandem.testing.TestDatabases;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One family, two schools of one trust, both made with `create-school` and set up over HTTP as a
 * real school would be (the admin enrols two-step sign-in, imports its directory, invites the
 * imported parents). Helen Morgan has Isla at Hillside and Jack at Ridge: one account, both
 * children, each school's data its own. In order: the family joins one school, then the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FamiliesAcrossSchoolsTest {
    static final String HELEN = "helen.morgan@example.net";
    static final String PASSWORD = "helen's own password 7";

    @RegisterExtension
    static TestServer server = new TestServer();

    /** A school as its admin set it up: the admin's token and its parents' invitation codes by email. */
    record School(String name, String admin, Map<String, String> codes) {}

    static School hillside;
    static School ridge;
    static String isla;
    static String jack;

    @BeforeAll
    static void twoSchoolsOfOneTrust() {
        hillside = school(
                "Hillside Primary School",
                "head@hillside.example",
                """
                A100,Isla,Morgan,,12/02/2017,Year 4,4 Ash,Helen,Morgan,helen.morgan@example.net,Mother,Y
                A101,Noah,Price,,30/09/2016,Year 4,4 Ash,Kwame,Price,kwame.price@example.net,Father,Y
                """);
        ridge = school(
                "Ridge Academy",
                "head@ridge.example",
                """
                B200,Jack,Morgan,,03/03/2013,Year 8,8R,Helen,Morgan,helen.morgan@example.net,Mother,Y
                B201,Amy,Lund,,04/04/2013,Year 8,8R,Lars,Lund,lars.lund@example.net,Father,Y
                """);
        isla = pupil(hillside, "Isla");
        jack = pupil(ridge, "Jack");
    }

    /** `create-school`, the admin's first sign-in with two-step sign-in, the import and the invitations. */
    static School school(String name, String adminEmail, String rows) {
        String code = CreateSchoolCommand.setupCode(
                Map.of("DATABASE_URL", TestDatabases.url(server.database())),
                List.of(
                        "--name", name,
                        "--time-zone", "Europe/London",
                        "--trust", "Northshire Learning Trust",
                        "--admin-email", adminEmail,
                        "--admin-name", "Pat Greene"));
        HttpResponse<Buffer> redeemed = server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject().put("code", code).put("email", adminEmail).put("password", "a long admin password 1"),
                null);
        assertEquals(201, redeemed.statusCode(), redeemed.bodyAsString());
        String enrolling = redeemed.bodyAsJsonObject().getString("accessToken");
        String secret = server.post("/v1/me/mfa/totp", null, enrolling)
                .bodyAsJsonObject()
                .getString("secret");
        assertEquals(
                200,
                server.post(
                                "/v1/me/mfa/totp/confirm",
                                new JsonObject()
                                        .put(
                                                "code",
                                                AuthenticatorApp.code(
                                                        secret, server.clock().instant())),
                                enrolling)
                        .statusCode());
        HttpResponse<Buffer> login = server.post(
                "/v1/auth/login",
                new JsonObject()
                        .put("email", adminEmail)
                        .put("password", "a long admin password 1")
                        .put(
                                "totp",
                                AuthenticatorApp.code(
                                        secret, server.clock().instant().plusSeconds(30))),
                null);
        assertEquals(200, login.statusCode(), login.bodyAsString());
        String admin = login.bodyAsJsonObject().getString("accessToken");
        // The admin is also the school's SENCO and data protection officer here (a small school).
        String me = server.get("/v1/me", admin).bodyAsJsonObject().getString("id");
        assertEquals(
                200,
                server.send(
                                HttpMethod.PATCH,
                                "/v1/staff/" + me,
                                new JsonObject()
                                        .put(
                                                "roles",
                                                new JsonArray()
                                                        .add("admin")
                                                        .add("senco")
                                                        .add("dpo"))
                                        .toBuffer(),
                                r -> r.putHeader("Content-Type", "application/json")
                                        .bearerTokenAuthentication(admin))
                        .statusCode());
        String csv = "UPN,Legal Forename,Legal Surname,Preferred Forename,DOB,Year,Reg Group,Contact Forename,"
                + "Contact Surname,Contact Email,Relationship,Parental Responsibility\n" + rows;
        HttpResponse<Buffer> imported =
                server.send(HttpMethod.POST, "/v1/imports/directory", Buffer.buffer(csv), r -> r.putHeader(
                                "Content-Type", "text/csv")
                        .bearerTokenAuthentication(admin));
        assertEquals(200, imported.statusCode(), imported.bodyAsString());
        return new School(name, admin, invitations(admin));
    }

    /** Invites the school's parents who have not joined it; their codes by email. */
    static Map<String, String> invitations(String admin) {
        HttpResponse<Buffer> invited = server.post("/v1/invitations/imported", null, admin);
        assertResponse("inviteImportedParents", invited);
        return invited.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .collect(Collectors.toMap(i -> i.getString("email"), i -> i.getString("code")));
    }

    static String pupil(School school, String firstName) {
        return server.get("/v1/pupils", school.admin()).bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(p -> p.getString("firstName").equals(firstName))
                .findFirst()
                .orElseThrow()
                .getString("id");
    }

    static HttpResponse<Buffer> redeem(String code) {
        return server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject().put("code", code).put("email", HELEN).put("password", PASSWORD),
                null);
    }

    static String helen() {
        return server.token(HELEN, PASSWORD);
    }

    static JsonArray myPupils(String token) {
        HttpResponse<Buffer> me = server.get("/v1/me", token);
        assertResponse("getMe", me);
        return me.bodyAsJsonObject().getJsonArray("pupils");
    }

    static JsonObject parentLink(School school, String pupil) {
        return server.get("/v1/pupils/" + pupil + "/parents", school.admin())
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0);
    }

    @Test
    @Order(1)
    void aSchoolThatImportsAnEmailAnotherSchoolKnowsReachesNoOneUntilThePersonAccepts() {
        HttpResponse<Buffer> joined = redeem(hillside.codes().get(HELEN));
        assertEquals(201, joined.statusCode(), joined.bodyAsString());
        JsonArray pupils = myPupils(helen());
        assertEquals(1, pupils.size(), pupils.encode());
        assertEquals(isla, pupils.getJsonObject(0).getString("id"));
        assertEquals(
                "Hillside Primary School",
                pupils.getJsonObject(0).getJsonObject("school").getString("name"));
        assertProblem(server.get("/v1/pupils/" + jack + "/record", helen()), 404, "not-found");
        assertFalse(
                parentLink(ridge, jack).getBoolean("hasSignedIn"),
                "Ridge does not learn that she uses Tandem through another school");
        HttpResponse<Buffer> again = server.post("/v1/invitations/imported", null, ridge.admin());
        assertEquals(
                2,
                again.bodyAsJsonObject().getInteger("alreadyInvited"),
                "to Ridge she has still not joined: her code from Ridge stands");
    }

    @Test
    @Order(2)
    void sheAcceptsTheSecondSchoolsCodeWithHerOwnPasswordAndSeesBothChildrenEachWithItsSchool() {
        HttpResponse<Buffer> wrong = server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject()
                        .put("code", ridge.codes().get(HELEN))
                        .put("email", HELEN)
                        .put("password", "not her password at all"),
                null);
        assertEquals(400, wrong.statusCode(), "the code alone is not enough: it is her account");
        HttpResponse<Buffer> joined = redeem(ridge.codes().get(HELEN));
        assertEquals(201, joined.statusCode(), joined.bodyAsString());
        String token = helen();
        JsonArray pupils = myPupils(token);
        assertEquals(2, pupils.size(), pupils.encode());
        Map<String, String> schools = pupils.stream()
                .map(JsonObject.class::cast)
                .collect(Collectors.toMap(p -> p.getString("firstName"), p -> p.getJsonObject("school")
                        .getString("name")));
        assertEquals(Map.of("Isla", "Hillside Primary School", "Jack", "Ridge Academy"), schools);

        HttpResponse<Buffer> home = server.get("/v1/home/parent", token);
        assertResponse("getParentHome", home);
        assertEquals(
                List.of("Hillside Primary School", "Ridge Academy"),
                home.bodyAsJsonObject().getJsonArray("pupils").stream()
                        .map(p -> ((JsonObject) p).getJsonObject("school").getString("name"))
                        .sorted()
                        .toList());
        assertTrue(parentLink(ridge, jack).getBoolean("hasSignedIn"), "joined at Ridge now");
        // Each school's own settings, by the school's id: office hours, terms, where to turn.
        String ridgeId = pupils.stream()
                .map(JsonObject.class::cast)
                .filter(p -> p.getString("firstName").equals("Jack"))
                .findFirst()
                .orElseThrow()
                .getJsonObject("school")
                .getString("id");
        for (String path : List.of("/v1/school/office-hours", "/v1/school/terms", "/v1/school/where-to-turn")) {
            assertEquals(200, server.get(path + "?schoolId=" + ridgeId, token).statusCode(), path);
            assertProblem(server.get(path + "?schoolId=" + java.util.UUID.randomUUID(), token), 404, "not-found");
        }
        assertProblem(server.get("/v1/school/terms?schoolId=" + ridgeId, hillside.admin()), 404, "not-found");
        assertEquals(200, server.get("/v1/pupils/" + jack + "/record", token).statusCode());
        assertEquals(200, server.get("/v1/pupils/" + isla + "/record", token).statusCode());
    }

    @Test
    @Order(3)
    void eachSchoolsNoticesReachHerNamingTheSchool() {
        for (School school : List.of(hillside, ridge)) {
            HttpResponse<Buffer> sent = server.post(
                    "/v1/notices",
                    new JsonObject()
                            .put("title", "Sports day at " + school.name())
                            .put("body", "Please send a water bottle.")
                            .put("audience", new JsonObject().put("type", "school")),
                    school.admin());
            assertEquals(201, sent.statusCode(), sent.bodyAsString());
        }
        HttpResponse<Buffer> notices = server.get("/v1/notices", helen());
        assertResponse("listMyNotices", notices);
        Map<String, String> bySchool = notices.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .collect(Collectors.toMap(n -> n.getJsonObject("school").getString("name"), n -> n.getString("title")));
        assertEquals("Sports day at Ridge Academy", bySchool.get("Ridge Academy"));
        assertEquals("Sports day at Hillside Primary School", bySchool.get("Hillside Primary School"));
    }

    @Test
    @Order(4)
    void neitherSchoolSeesAnythingOfTheOtherChildAndAProbeIsA404LoggedOnlyAtTheProbingSchool() {
        for (String path : List.of("/record", "/parents", "/documents", "/disagreements"))
            assertProblem(server.get("/v1/pupils/" + jack + path, hillside.admin()), 404, "not-found");
        assertProblem(server.get("/v1/pupils/" + isla + "/record", ridge.admin()), 404, "not-found");
        assertFalse(server.get("/v1/pupils", hillside.admin()).bodyAsString().contains(jack));
        assertEquals(
                1,
                server.get("/v1/pupils/" + isla + "/parents", hillside.admin())
                        .bodyAsJsonObject()
                        .getJsonArray("items")
                        .size());

        // Her reads are each school's to answer for: Hillside's DPO sees her reading Isla's record,
        // not Jack's, and Ridge's the other way round.
        String helenId = server.get("/v1/me", helen()).bodyAsJsonObject().getString("id");
        assertEquals(200, server.get("/v1/pupils/" + jack + "/record", helen()).statusCode());
        assertEquals(200, server.get("/v1/pupils/" + isla + "/record", helen()).statusCode());
        Await.until(
                "her reads in the log",
                Duration.ofSeconds(10),
                () -> events(hillside, helenId).contains(isla)
                        && events(ridge, helenId).contains(jack));
        assertFalse(events(hillside, helenId).contains(jack), "Hillside's log has nothing of Jack");
        assertFalse(events(ridge, helenId).contains(isla), "Ridge's log has nothing of Isla");
        String ridgeAdmin =
                server.get("/v1/me", ridge.admin()).bodyAsJsonObject().getString("id");
        assertFalse(
                events(hillside, "").contains(ridgeAdmin), "Ridge's probe of Isla is in Ridge's log, not Hillside's");
        assertTrue(events(ridge, ridgeAdmin).contains(isla), "where Ridge's DPO sees it");
    }

    static String events(School school, String personId) {
        HttpResponse<Buffer> log =
                server.get("/v1/audit/events" + (personId.isEmpty() ? "" : "?personId=" + personId), school.admin());
        assertResponse("listAuditEvents", log);
        return log.bodyAsString();
    }

    @Test
    @Order(5)
    void whenRidgeBlocksHerLinkSheLosesJackAtOnceAndKeepsIsla() {
        String helenId = server.get("/v1/me", helen()).bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> blocked = server.send(
                HttpMethod.PATCH,
                "/v1/pupils/" + jack + "/parents/" + helenId,
                new JsonObject().put("contactBlocked", true).toBuffer(),
                r -> r.putHeader("Content-Type", "application/json").bearerTokenAuthentication(ridge.admin()));
        assertEquals(200, blocked.statusCode(), blocked.bodyAsString());
        String token = helen();
        Await.until(
                "Jack gone from her account",
                Duration.ofSeconds(10),
                () -> server.get("/v1/pupils/" + jack + "/record", token).statusCode() == 404);
        assertEquals(1, myPupils(token).size());
        assertEquals(200, server.get("/v1/pupils/" + isla + "/record", token).statusCode());
    }

    static HttpResponse<Buffer> patch(String path, JsonObject body, String token) {
        return server.send(HttpMethod.PATCH, path, body.toBuffer(), r -> r.putHeader("Content-Type", "application/json")
                .bearerTokenAuthentication(token));
    }

    /** Hillside's SEND lead for the trust, with her own password (the school lets staff sign in without a second step). */
    static String trustLead() {
        assertEquals(
                200,
                patch("/v1/school/settings", new JsonObject().put("requireStaffMfa", false), hillside.admin())
                        .statusCode());
        HttpResponse<Buffer> made = server.post(
                "/v1/staff",
                new JsonObject()
                        .put("email", "lead@hillside.example")
                        .put("displayName", "Mira Kaur")
                        .put("roles", new JsonArray().add("teacher").add("trust-send-lead")),
                hillside.admin());
        assertEquals(201, made.statusCode(), made.bodyAsString());
        HttpResponse<Buffer> joined = server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject()
                        .put("code", made.bodyAsJsonObject().getString("setupCode"))
                        .put("email", "lead@hillside.example")
                        .put("password", "quince harbour lantern"),
                null);
        assertEquals(201, joined.statusCode(), joined.bodyAsString());
        return joined.bodyAsJsonObject().getString("accessToken");
    }

    @Test
    @Order(6)
    void theTrustsSendLeadReadsBothRegistersAndNothingElseEachReadLoggedAtItsSchool() {
        HttpResponse<Buffer> support = server.put(
                "/v1/pupils/" + jack + "/sen-status", new JsonObject().put("status", "sen-support"), ridge.admin());
        assertEquals(200, support.statusCode(), support.bodyAsString());
        String lead = trustLead();
        HttpResponse<Buffer> schools = server.get("/v1/trust/schools", lead);
        assertResponse("listTrustSchools", schools);
        Map<String, String> byName = schools.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .collect(Collectors.toMap(t -> t.getString("name"), t -> t.getString("id")));
        assertEquals(2, byName.size(), byName.toString());
        String ridgeId = byName.get("Ridge Academy");

        HttpResponse<Buffer> register = server.get("/v1/school/review-coverage?schoolId=" + ridgeId, lead);
        assertResponse("getReviewCoverage", register);
        assertTrue(register.bodyAsString().contains(jack), register.bodyAsString());
        HttpResponse<Buffer> due = server.get("/v1/annual-reviews/due?schoolId=" + ridgeId, lead);
        assertResponse("listAnnualReviewsDue", due);
        assertEquals(200, server.get("/v1/school/review-coverage", lead).statusCode(), "and her own school's");

        for (String path : List.of("/record", "/documents", "/parents", "/cycles"))
            assertProblem(server.get("/v1/pupils/" + jack + path, lead), 404, "not-found");
        assertFalse(
                server.get("/v1/annual-reviews/overdue", lead).bodyAsString().contains(jack));
        assertProblem(
                server.get("/v1/school/review-coverage?schoolId=" + java.util.UUID.randomUUID(), lead),
                404,
                "not-found");
        // Hillside's own SENCO is not the trust's lead: Ridge is another school to her.
        assertProblem(server.get("/v1/school/review-coverage?schoolId=" + ridgeId, hillside.admin()), 404, "not-found");
        assertProblem(server.get("/v1/annual-reviews/due?schoolId=" + ridgeId, hillside.admin()), 404, "not-found");

        String leadId = server.get("/v1/me", lead).bodyAsJsonObject().getString("id");
        Await.until("her read in Ridge's log", Duration.ofSeconds(10), () -> events(ridge, leadId)
                .contains("getReviewCoverage"));
        assertFalse(events(hillside, leadId).contains(ridgeId), "Hillside's log holds only her reads of Hillside");
    }
}
