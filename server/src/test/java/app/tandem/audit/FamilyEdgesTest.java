package app.tandem.audit;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static app.tandem.testing.Conversations.send;
import static app.tandem.testing.Conversations.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a family can learn at the edges (the record-access list, subject access exports, the
 * disclosures list, the home): never a safeguarding concern, a disclosure not to be told, anyone
 * else's attempts, or anything from after a court-order block or a young person's choice.
 */
class FamilyEdgesTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final String PARENT2_ID = "0d000000-0000-4000-8000-000000000202";
    private static final String LEO_PLAN_V2 = "0d000000-0000-4000-8000-000000000b12";

    @AfterEach
    void leoIsAChildWithBothLinksAsTheDemoHasThem() {
        server.sql("UPDATE parents_reading_withheld SET ended_on = current_date, ended_by = recorded_by,"
                + " ended_at = now() WHERE ended_at IS NULL");
        server.sql("UPDATE pupil SET date_of_birth = '2015-11-23' WHERE id = '" + Demo.LEO + "'");
        server.sql("UPDATE parent_link SET contact_blocked = false WHERE id = '0d000000-0000-4000-8000-000000000503'");
        server.sql("NOTIFY tandem_directory");
    }

    private static String exportFor(String token, JsonObject body) {
        return SubjectAccessTest.ready(server, token, body);
    }

    private static Map<String, String> download(String token, String id) throws IOException {
        HttpResponse<Buffer> zip = server.get("/v1/subject-access-requests/" + id + "/export", token);
        assertResponse("getSubjectAccessExport", zip);
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in =
                new ZipInputStream(new ByteArrayInputStream(zip.body().getBytes()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; )
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return files;
    }

    /** Everyone named in the record-access list, with their role and count, over all its days. */
    private static String accessList(String token) {
        HttpResponse<Buffer> list = server.get("/v1/pupils/" + Demo.LEO + "/record-access", token);
        assertResponse("listRecordAccess", list);
        return list.bodyAsString();
    }

    private static long sencoTimesToday(String token) {
        JsonArray days = new JsonObject(accessList(token)).getJsonArray("days");
        String today = LocalDate.now(java.time.ZoneId.of("Europe/London")).toString();
        return days.stream()
                .map(JsonObject.class::cast)
                .filter(d -> d.getString("day").equals(today))
                .flatMap(d -> d.getJsonArray("people").stream().map(JsonObject.class::cast))
                .filter(p -> p.getString("name").equals("Ruth Adeyemi"))
                .mapToLong(p -> p.getLong("times"))
                .sum();
    }

    @Test
    void aSafeguardingConcernLeavesNoTraceInTheFamilysAccessListOrExport() throws IOException {
        String parent = server.token(Demo.PARENT2);
        String conversation =
                start(server, parent, new JsonObject().put("pupilId", Demo.LEO)).getString("id");
        String message = send(server, parent, conversation, "sg-1", "Leo has been very quiet at home.")
                .bodyAsJsonObject()
                .getString("id");
        HttpResponse<Buffer> flagged = server.post(
                "/v1/conversations/" + conversation + "/messages/" + message + "/concerns",
                new JsonObject().put("note", "Please look at this."),
                server.token(Demo.TEACHER));
        assertEquals(201, flagged.statusCode(), flagged.bodyAsString());
        String dsl = server.token(Demo.ADMIN);
        assertEquals(200, server.get("/v1/concerns", dsl).statusCode());
        assertEquals(
                200,
                server.get("/v1/concerns/" + flagged.bodyAsJsonObject().getString("id"), dsl)
                        .statusCode());

        String list = accessList(parent);
        assertFalse(list.contains("Pat Greene"), "the safeguarding lead is not named: " + list);
        assertFalse(list.contains("safeguarding"), list);

        Map<String, String> files = download(parent, exportFor(parent, new JsonObject().put("pupilId", Demo.LEO)));
        for (String op : new String[] {"flagConcern", "getConcern", "listConcerns", "flagViewConcern"})
            assertFalse(files.get("audit-events.json").contains(op), op + " in the family's export");
        files.forEach(
                (name, text) -> assertFalse(text.toLowerCase().contains("safeguarding"), "no word of it in " + name));
    }

    @Test
    void aDisclosureTheParentsMayNotBeToldOfLeavesNoItemCountOrWithheldLine() throws IOException {
        String parent = server.token(Demo.PARENT2);
        long before = sencoTimesToday(parent);
        HttpResponse<Buffer> shared = server.post(
                "/v1/pupils/" + Demo.LEO + "/shares",
                new JsonObject()
                        .put("versionIds", new JsonArray().add(LEO_PLAN_V2))
                        .put("recipientName", "DC Jones")
                        .put("recipientOrganisation", "Northshire Police")
                        .put("purpose", "criminal proceedings")
                        .put("statutoryBasis", "court-order")
                        .put("basisReference", "Order 2026/118")
                        .put("parentsMayBeTold", false),
                server.token(Demo.SENCO));
        assertEquals(201, shared.statusCode(), shared.bodyAsString());
        assertEquals(before, sencoTimesToday(parent), "the SENCO's count does not move");

        Map<String, String> files = download(parent, exportFor(parent, new JsonObject().put("pupilId", Demo.LEO)));
        assertFalse(files.get("audit-events.json").contains("createShare"), files.get("audit-events.json"));
        assertFalse(files.get("manifest.json").contains("statutory"), files.get("manifest.json"));
        assertFalse(files.get("index.html").contains("statutory"), files.get("index.html"));
        assertFalse(files.get("disclosures.json").contains("Northshire Police"));
        assertFalse(server.get("/v1/pupils/" + Demo.LEO + "/disclosures", parent)
                .bodyAsString()
                .contains("Northshire Police"));
    }

    @Test
    void aFamilysExportHoldsNoOneElsesAttempts() throws IOException {
        Callers.addOtherSchool(server);
        String record = "/v1/pupils/" + Demo.LEO + "/record";
        assertProblem(server.get(record, server.token(Demo.BLOCKED)), 404, "not-found");
        assertProblem(server.get(record, server.token(Demo.PARENT)), 404, "not-found");
        assertProblem(server.get(record, server.token(Callers.OTHER_SCHOOL_SENCO_EMAIL)), 404, "not-found");
        String parent = server.token(Demo.PARENT2);
        assertEquals(200, server.get(record, parent).statusCode());
        String events = download(parent, exportFor(parent, new JsonObject().put("pupilId", Demo.LEO)))
                .get("audit-events.json");
        for (String someoneElse : new String[] {"Mark Whitfield", "Grace Okafor", "Other SENCO"})
            assertFalse(events.contains(someoneElse), someoneElse + " in " + events);
        assertTrue(events.contains("\"you\""), "the parent's own reads are there");
    }

    @Test
    void anExportMadeBeforeABlockIsRefusedAfterItAndTheBlockedParentsOwnExportStopsAtTheBlock() throws IOException {
        String parent = server.token(Demo.PARENT2);
        String teacher = server.token(Demo.TEACHER);
        String conversation =
                start(server, parent, new JsonObject().put("pupilId", Demo.LEO)).getString("id");
        send(server, parent, conversation, "blk-1", "Before the order.");
        String madeBefore = exportFor(parent, new JsonObject().put("pupilId", Demo.LEO));
        assertEquals(
                200,
                server.get("/v1/subject-access-requests/" + madeBefore + "/export", parent)
                        .statusCode());

        HttpResponse<Buffer> blocked = server.send(
                HttpMethod.PATCH,
                "/v1/pupils/" + Demo.LEO + "/parents/" + PARENT2_ID,
                new JsonObject().put("contactBlocked", true).toBuffer(),
                r -> r.putHeader("Content-Type", "application/json")
                        .bearerTokenAuthentication(server.token(Demo.SENCO)));
        assertEquals(200, blocked.statusCode(), blocked.bodyAsString());
        send(server, teacher, conversation, "blk-2", "Written after the order.");

        assertProblem(server.get("/v1/subject-access-requests/" + madeBefore + "/export", parent), 404, "not-found");
        String messages = download(parent, exportFor(parent, new JsonObject())).get("messages.json");
        assertTrue(messages.contains("Before the order."), messages);
        assertFalse(messages.contains("Written after the order."), messages);
    }

    @Test
    void aYoungPersonsChoiceHidesTheSenStatusConsentsAssessmentsDisclosuresAndExports() {
        String parent = server.token(Demo.PARENT2);
        String senco = server.token(Demo.SENCO);
        server.sql("UPDATE pupil SET date_of_birth = '2010-08-31' WHERE id = '" + Demo.LEO + "'");
        HttpResponse<Buffer> assessed = server.post(
                "/v1/pupils/" + Demo.LEO + "/capacity-assessments",
                new JsonObject()
                        .put("decision", "document-sharing")
                        .put("assessedOn", LocalDate.now(server.clock()).toString())
                        .put("assessedBy", "Ruth Adeyemi, SENCO")
                        .put("outcome", "has-capacity")
                        .put("note", "Leo explained what sharing his plan means."),
                senco);
        assertEquals(201, assessed.statusCode(), assessed.bodyAsString());
        String madeBefore = exportFor(parent, new JsonObject().put("pupilId", Demo.LEO));
        String[] paths = {"/capacity-assessments", "/consents", "/disclosures"};
        for (String path : paths)
            assertEquals(
                    200, server.get("/v1/pupils/" + Demo.LEO + path, parent).statusCode(), path);

        HttpResponse<Buffer> withheld = server.put(
                "/v1/pupils/" + Demo.LEO + "/parents-reading",
                new JsonObject()
                        .put("parentsRead", false)
                        .put("requestedOn", LocalDate.now(server.clock()).toString()),
                senco);
        assertResponse("recordParentsReading", withheld);

        for (String path : paths) assertProblem(server.get("/v1/pupils/" + Demo.LEO + path, parent), 404, "not-found");
        HttpResponse<Buffer> home = server.get("/v1/home/parent", parent);
        assertResponse("getParentHome", home);
        JsonObject leo = home.bodyAsJsonObject().getJsonArray("pupils").getJsonObject(0);
        assertFalse(leo.getBoolean("recordShared"));
        assertFalse(leo.containsKey("senStatus"), leo.encode());
        assertProblem(server.get("/v1/subject-access-requests/" + madeBefore + "/export", parent), 404, "not-found");
        assertProblem(
                server.post("/v1/subject-access-requests", new JsonObject().put("pupilId", Demo.LEO), parent),
                404,
                "not-found");
    }

    @Test
    void onlyAnAdultWithParentalResponsibilityConsentsOrReceivesTheChildsData() {
        String step = "0d000000-0000-4000-8000-0000000002e1";
        server.sql("INSERT INTO app_user (id, school_id, kind, email, display_name, password_hash) SELECT '" + step
                + "', '" + Demo.SCHOOL + "', 'parent', 'step@example.org', 'Chris Whitfield', password_hash"
                + " FROM app_user WHERE email = '" + Demo.PARENT2 + "' ON CONFLICT DO NOTHING");
        server.sql("INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship, parental_responsibility)"
                + " VALUES ('" + Demo.SCHOOL + "', '" + step + "', '" + Demo.LEO + "', 'step-father', false)"
                + " ON CONFLICT DO NOTHING");
        String stepParent = server.token("step@example.org");
        assertEquals(
                200,
                server.get("/v1/pupils/" + Demo.LEO + "/record", stepParent).statusCode());
        assertProblem(
                server.post(
                        "/v1/pupils/" + Demo.LEO + "/consents",
                        new JsonObject()
                                .put("purpose", "professional-assessment")
                                .put("recipientOrganisation", "Northshire CAMHS")
                                .put("documentKinds", new JsonArray().add("ehc-plan"))
                                .put(
                                        "expiresOn",
                                        LocalDate.now(server.clock())
                                                .plusMonths(6)
                                                .toString()),
                        stepParent),
                404,
                "not-found");
        assertProblem(
                server.post("/v1/subject-access-requests", new JsonObject().put("pupilId", Demo.LEO), stepParent),
                404,
                "not-found");
        HttpResponse<Buffer> own = server.post("/v1/subject-access-requests", new JsonObject(), stepParent);
        assertEquals(201, own.statusCode(), "their own data, always");
    }

    @Test
    void aBlockEndsTheRecordAccessListAtOnceWithNoCacheInBetween() {
        String parent = server.token(Demo.PARENT2);
        accessList(parent);
        server.sql("UPDATE parent_link SET contact_blocked = true WHERE id = '0d000000-0000-4000-8000-000000000503';"
                + " NOTIFY tandem_directory");
        Await.until(
                "the block reaches the record-access list",
                Duration.ofSeconds(5),
                () -> server.get("/v1/pupils/" + Demo.LEO + "/record-access", parent)
                                .statusCode()
                        == 404);
        assertProblem(
                server.post("/v1/subject-access-requests", new JsonObject().put("pupilId", Demo.LEO), parent),
                404,
                "not-found");
    }
}
