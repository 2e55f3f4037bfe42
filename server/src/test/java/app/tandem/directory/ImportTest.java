package app.tandem.directory;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Importing an information-system export: all or nothing, every bad row reported, idempotent. */
class ImportTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final String HEADER =
            "UPN,Legal Forename,Legal Surname,Preferred Forename,DOB,Year,Reg Group,Contact Forename,Contact Surname,Contact Email,Relationship,Parental Responsibility\n";
    /** Two pupils (one with two parents) whose references and emails start with the given tag. */
    private static String file(String tag) {
        return HEADER
                + tag + "01,Oliver,Brown,Ollie,04/05/2018,Year 3,3 Birch " + tag + ",Emma,Brown,emma." + tag
                + "@example.net,Mother,Y\n"
                + tag + "01,Oliver,Brown,Ollie,04/05/2018,Year 3,3 Birch " + tag + ",James,Brown,james." + tag
                + "@example.net,Father,Y\n"
                + tag + "02,\"O'Neill\",\"Fitzgerald-Smith\",,19/11/2020,R,Reception " + tag
                + ",Aoife,\"O'Neill\",aoife." + tag + "@example.net,\"Mother, carer\",N\n";
    }

    private static final String FILE = file("K8012");

    private static HttpResponse<Buffer> upload(String csv, String query, String contentType) {
        return server.send(HttpMethod.POST, "/v1/imports/directory" + query, Buffer.buffer(csv), r -> r.putHeader(
                        "Content-Type", contentType)
                .bearerTokenAuthentication(server.token(Demo.ADMIN)));
    }

    private static long count(String sql) {
        return server.count(sql);
    }

    @Test
    void everyoneImportedIsInvitedInOneActionAndEachCodeWorksOnlyForItsParent() {
        assertEquals(200, upload(file("INV7"), "", "text/csv").statusCode());
        String admin = server.token(Demo.ADMIN);
        assertProblem(
                server.post("/v1/invitations/imported", new JsonObject(), server.token(Demo.TEACHER)),
                403,
                "forbidden");
        assertProblem(
                server.post(
                        "/v1/invitations/imported",
                        new JsonObject()
                                .put("classId", java.util.UUID.randomUUID().toString()),
                        admin),
                400,
                "validation");
        String birch = server.app()
                .pool()
                .query("SELECT id FROM school_class WHERE name = '3 Birch INV7'")
                .execute()
                .await()
                .iterator()
                .next()
                .getUUID(0)
                .toString();
        HttpResponse<Buffer> oneClass =
                server.post("/v1/invitations/imported", new JsonObject().put("classId", birch), admin);
        assertResponse("inviteImportedParents", oneClass);
        JsonArray invited = oneClass.bodyAsJsonObject().getJsonArray("items");
        assertEquals(2, invited.size(), "Oliver's mother and father");
        HttpResponse<Buffer> everyone = server.post("/v1/invitations/imported", null, admin);
        assertResponse("inviteImportedParents", everyone);
        assertTrue(everyone.bodyAsJsonObject().getJsonArray("items").stream()
                .anyMatch(i -> ((JsonObject) i).getString("email").equals("aoife.inv7@example.net")));
        assertEquals(2, everyone.bodyAsJsonObject().getInteger("alreadyInvited"));

        JsonObject emma = invited.stream()
                .map(JsonObject.class::cast)
                .filter(i -> i.getString("email").equals("emma.inv7@example.net"))
                .findFirst()
                .orElseThrow();
        JsonObject redeem =
                new JsonObject().put("code", emma.getString("code")).put("password", "correct horse battery");
        assertEquals(
                400,
                server.post("/v1/auth/invitations/redeem", redeem.copy().put("email", "james.inv7@example.net"), null)
                        .statusCode(),
                "another parent's email cannot use it");
        HttpResponse<Buffer> joined =
                server.post("/v1/auth/invitations/redeem", redeem.copy().put("email", "emma.inv7@example.net"), null);
        assertEquals(201, joined.statusCode(), joined.bodyAsString());
        JsonArray children = server.get("/v1/me", joined.bodyAsJsonObject().getString("accessToken"))
                .bodyAsJsonObject()
                .getJsonArray("pupils");
        assertEquals("Oliver", children.getJsonObject(0).getString("firstName"));
    }

    @Test
    void importsOnceAndChangesNothingTheSecondTime() {
        HttpResponse<Buffer> dry = upload(FILE, "?dryRun=true", "text/csv");
        assertResponse("importDirectory", dry);
        assertEquals(2, dry.bodyAsJsonObject().getInteger("pupilsCreated"));
        assertEquals(
                0, count("SELECT count(*) FROM pupil WHERE external_ref LIKE 'K8012%'"), "a dry run writes nothing");

        JsonObject first = upload(FILE, "", "text/csv; charset=utf-8").bodyAsJsonObject();
        assertEquals(
                new JsonObject()
                        .put("classesCreated", 2)
                        .put("pupilsCreated", 2)
                        .put("pupilsUpdated", 0)
                        .put("parentsCreated", 3)
                        .put("linksCreated", 3)
                        .put("dryRun", false)
                        .put("rows", 3),
                first);

        JsonObject second = upload(FILE, "", "text/csv").bodyAsJsonObject();
        assertEquals(
                new JsonObject()
                        .put("classesCreated", 0)
                        .put("pupilsCreated", 0)
                        .put("pupilsUpdated", 0)
                        .put("parentsCreated", 0)
                        .put("linksCreated", 0)
                        .put("dryRun", false)
                        .put("rows", 3),
                second);
        assertEquals(
                "O'Neill",
                server.app()
                        .pool()
                        .query("SELECT first_name FROM pupil WHERE external_ref = 'K801202'")
                        .execute()
                        .await()
                        .iterator()
                        .next()
                        .getString(0));
    }

    @Test
    void aReimportNeverLiftsAContactBlock() {
        String file = file("B7");
        assertEquals(200, upload(file, "", "text/csv").statusCode());
        server.sql(
                "UPDATE parent_link SET contact_blocked = true WHERE parent_id = (SELECT id FROM app_user WHERE email = 'james.b7@example.net')");
        JsonObject again = upload(file.replace("Oliver,Brown,Ollie", "Oliver,Brown,Olly"), "", "text/csv")
                .bodyAsJsonObject();
        assertEquals(1, again.getInteger("pupilsUpdated"));
        assertEquals(
                1,
                count("SELECT count(*) FROM parent_link l JOIN app_user u ON u.id = l.parent_id "
                        + "WHERE u.email = 'james.b7@example.net' AND l.contact_blocked"));
    }

    @Test
    void everyBadRowIsReportedAndNothingIsImported() {
        String bad = HEADER
                + "K801200100003,Ava,Green,,31/02/2019,Year 2,2 Willow,Liam,Green,liam.green@example.net,Father,Y\n"
                + "K801200100004,Noah,Hill,,01/03/2019,Year 22,2 Willow,Mia,Hill,not-an-email,Mother,Maybe\n"
                + "K801200100005,Isla,Wood,,01/03/2019,2,2 Willow,Ben,Wood,ben.wood@example.net,Father,Y\n";
        JsonObject problem = assertProblem(upload(bad, "", "text/csv"), 400, "validation");
        JsonArray errors = problem.getJsonArray("errors");
        assertTrue(errors.encode().contains("row 2: DOB"), errors.encode());
        assertTrue(errors.encode().contains("row 3: Year"), errors.encode());
        assertTrue(errors.encode().contains("row 3: Contact Email"), errors.encode());
        assertTrue(errors.encode().contains("row 3: Parental Responsibility"), errors.encode());
        assertEquals(0, count("SELECT count(*) FROM pupil WHERE external_ref IN ('K801200100003', 'K801200100005')"));
    }

    @Test
    void aStaffEmailCannotBecomeAParent() {
        String csv = HEADER
                + "K801200100006,Eve,Stone,,01/03/2019,Year 2,2 Willow,Tom,Hughes,teacher@example.org,Father,Y\n";
        JsonObject problem = assertProblem(upload(csv, "", "text/csv"), 400, "validation");
        assertEquals(
                "row 2: Contact Email",
                problem.getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void aMissingColumnOrTheWrongMediaTypeIsRefused() {
        JsonObject missing = assertProblem(upload("UPN,Legal Forename\nK1,Ann\n", "", "text/csv"), 400, "validation");
        assertEquals("header", missing.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertProblem(upload(FILE, "", "application/json"), 415, "unsupported-media-type");
        assertProblem(
                server.send(HttpMethod.POST, "/v1/imports/directory", Buffer.buffer(FILE), r -> r.putHeader(
                                "Content-Type", "text/csv")
                        .bearerTokenAuthentication(server.token(Demo.SENCO))),
                403,
                "forbidden");
    }
}
