package app.tandem.audit;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.ApiContract;
import app.tandem.testing.Await;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation on special category data is marked in the contract, and every marked operation
 * writes its event before it answers, whoever calls and however it ends. The log refuses to be
 * changed, and parents see who at school has looked at their child's record.
 */
class AuditTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    /** Operations in those tags or paths that hold no special category data. */
    private static final Set<String> NOT_SPECIAL =
            Set.of("getSymbolBoard", "getVoiceSettings", "updateVoiceSettings", "uploadVoiceMedia");

    /** Reads and changes of a child's record outside those tags: formal notices, the SEN register, review meetings. */
    private static final Set<String> ALSO_SPECIAL =
            Set.of("listFormalNotices", "getReviewCoverage", "getMeeting", "recordMeetingOutcome");

    @Test
    void everyOperationOnSpecialCategoryDataIsMarkedForTheAuditLog() {
        Set<String> unmarked = new TreeSet<>();
        JsonObject paths = ApiContract.document().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject op)) continue;
                boolean open = op.getJsonArray("security") != null
                        && op.getJsonArray("security").isEmpty();
                boolean special = op.getJsonArray("tags").stream().anyMatch(t -> Set.of("record", "voice", "documents")
                                .contains(t))
                        || path.contains("/concerns")
                        || path.contains("annual-reviews")
                        || ALSO_SPECIAL.contains(op.getString("operationId"));
                if (special
                        && !open
                        && !op.containsKey("x-tandem-audit")
                        && !NOT_SPECIAL.contains(op.getString("operationId")))
                    unmarked.add(op.getString("operationId"));
            }
        }
        assertEquals(Set.of(), unmarked);
    }

    @Test
    void everyMarkedReadOrExportWritesItsEventBeforeItAnswersWhateverTheAnswer() {
        String senco = server.token(Demo.SENCO);
        List<String> missing = new ArrayList<>();
        JsonObject paths = ApiContract.document().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject get = paths.getJsonObject(path).getJsonObject("get");
            if (get == null || !get.containsKey("x-tandem-audit")) continue;
            String operation = get.getString("operationId");
            String token =
                    switch (operation) {
                        case "getParentHome" -> server.token(Demo.PARENT2);
                        case "getPupilHome", "listMyViewsRequests" -> Callers.pupilToken(server, Demo.LEO);
                        default -> senco;
                    };
            String url = path.replace("{pupilId}", Demo.LEO)
                    .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            HttpResponse<Buffer> response = server.get(url, token);
            String requestId = response.getHeader("X-Request-Id");
            String action = get.getJsonObject("x-tandem-audit").getString("action");
            long events = server.count("SELECT count(*) FROM audit_event WHERE operation = '" + operation
                    + "' AND request_id = '" + requestId + "' AND action = '" + action + "'");
            if (events != 1) missing.add(operation + " (" + response.statusCode() + ")");
            Await.until(
                    operation + " outcome",
                    Duration.ofSeconds(5),
                    () -> server.count(
                                    "SELECT count(*) FROM audit_outcome o JOIN audit_event e ON e.seq = o.seq WHERE e.request_id = '"
                                            + requestId + "' AND o.status = " + response.statusCode())
                            == 1);
        }
        assertTrue(missing.isEmpty(), "no event for: " + missing);
        assertTrue(server.count("SELECT count(DISTINCT operation) FROM audit_event") >= 20);
    }

    @Test
    void aChangeIsAnEventWithItsPupilAndWhoMadeIt() {
        HttpResponse<Buffer> added = server.post(
                "/v1/pupils/" + Demo.LEO + "/needs",
                new JsonObject().put("area", "sensory-physical").put("description", "Needs a quiet space at lunch."),
                server.token(Demo.TEACHER));
        assertEquals(201, added.statusCode(), added.bodyAsString());
        assertEquals(
                1,
                server.count(
                        "SELECT count(*) FROM audit_event WHERE operation = 'addNeed' AND action = 'create' AND pupil_id = '"
                                + Demo.LEO
                                + "' AND actor_id = '0d000000-0000-4000-8000-000000000103' AND 'teacher' = ANY (actor_roles)"
                                + " AND request_id = '" + added.getHeader("X-Request-Id") + "'"));
        // A view found by its own id is still the pupil's event.
        server.get(
                "/v1/documents/0d000000-0000-4000-8000-000000000b01/versions/0d000000-0000-4000-8000-000000000b12",
                server.token(Demo.SENCO));
        assertTrue(
                server.count("SELECT count(*) FROM audit_event WHERE operation = 'getDocumentVersion' AND pupil_id = '"
                                + Demo.LEO + "'")
                        >= 1);
    }

    @Test
    void everyKindOfSubjectNamedInAPathIsTracedToItsPupil() {
        String[][] kinds = {
            {"viewId", "pupil_view"}, {"requestId", "views_request"}, {"documentId", "document"},
            {"consentId", "consent"}, {"shareId", "document_share"}, {"reviewId", "annual_review"}
        };
        long traced = 0;
        for (String[] kind : kinds) {
            String table = kind[1];
            assertEquals(
                    0,
                    server.count("SELECT count(*) FROM " + table + " WHERE audit_pupil_of('" + kind[0] + "', id)"
                            + " IS DISTINCT FROM pupil_id"),
                    kind[0]);
            traced += server.count("SELECT count(*) FROM " + table);
        }
        assertEquals(
                0,
                server.count("SELECT count(*) FROM message m JOIN conversation c ON c.id = m.conversation_id"
                        + " WHERE audit_pupil_of('messageId', m.id) IS DISTINCT FROM c.pupil_id"));
        assertEquals(
                0,
                server.count("SELECT count(*) FROM pupil_view WHERE media_id IS NOT NULL"
                        + " AND audit_pupil_of('mediaId', media_id) IS DISTINCT FROM pupil_id"));
        assertTrue(traced > 5, "the demo school has records of several kinds");
        assertEquals(
                0,
                server.count("SELECT count(*) FROM (SELECT audit_pupil_of('pupilId', gen_random_uuid()) p) x"
                        + " WHERE p IS NOT NULL"));
    }

    @Test
    void aReadIsAnsweredOnlyOnceItsEventIsDurableAndNotAtAllIfTheEventCannotBeWritten() {
        String parent = server.token(Demo.PARENT2);
        String teacher = server.token(Demo.TEACHER);
        server.sql("CREATE FUNCTION audit_test_slow() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$");
        server.sql("CREATE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'audit disk full'; END $$");
        try {
            // The home's query is done long before its event commits: the answer waits for the event.
            server.sql("CREATE TRIGGER audit_test_slow BEFORE INSERT ON audit_event"
                    + " FOR EACH ROW EXECUTE FUNCTION audit_test_slow()");
            HttpResponse<Buffer> home = server.get("/v1/home/parent", parent);
            assertResponse("getParentHome", home);
            assertEquals(
                    1,
                    server.count("SELECT count(*) FROM audit_event WHERE request_id = '"
                            + home.getHeader("X-Request-Id") + "'"));
            server.sql("DROP TRIGGER audit_test_slow ON audit_event");

            server.sql("CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_event"
                    + " FOR EACH ROW EXECUTE FUNCTION audit_test_refuse()");
            // A read whose event cannot be written answers 503, with none of the data it read...
            HttpResponse<Buffer> refused = server.get("/v1/home/parent", parent);
            assertProblem(refused, 503, "unavailable");
            assertFalse(refused.bodyAsString().contains("pupils"), refused.bodyAsString());
            // ... and so does one that would have been an error (a 404 is an answer too).
            assertProblem(server.get("/v1/pupils/" + UUID.randomUUID() + "/record", teacher), 503, "unavailable");
            // A change whose event cannot be written does not happen.
            long needs = server.count("SELECT count(*) FROM need WHERE pupil_id = '" + Demo.LEO + "'");
            assertProblem(
                    server.post(
                            "/v1/pupils/" + Demo.LEO + "/needs",
                            new JsonObject().put("area", "sensory-physical").put("description", "Ear defenders."),
                            teacher),
                    503,
                    "unavailable");
            assertEquals(needs, server.count("SELECT count(*) FROM need WHERE pupil_id = '" + Demo.LEO + "'"));
        } finally {
            server.sql("DROP TRIGGER IF EXISTS audit_test_slow ON audit_event");
            server.sql("DROP TRIGGER IF EXISTS audit_test_refuse ON audit_event");
        }
        assertResponse("getParentHome", server.get("/v1/home/parent", parent));
    }

    @Test
    void theDatabaseRefusesToChangeDeleteOrEmptyTheLog() {
        server.get("/v1/pupils/" + Demo.LEO + "/record", server.token(Demo.SENCO));
        Await.until(
                "sealed, with an outcome",
                Duration.ofSeconds(10),
                () -> server.count("SELECT count(*) FROM audit_seal") > 0
                        && server.count("SELECT count(*) FROM audit_outcome") > 0);
        for (String statement : List.of(
                "UPDATE audit_event SET address = 'elsewhere'",
                "DELETE FROM audit_event",
                "TRUNCATE audit_event CASCADE",
                "DELETE FROM audit_seal",
                "UPDATE audit_outcome SET status = 200")) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> server.sql(statement), statement);
            assertTrue(
                    String.valueOf(refused.getMessage()).contains("append-only")
                            || String.valueOf(refused.getCause()).contains("append-only"),
                    statement + ": " + refused);
        }
    }

    @Test
    void parentsSeeWhoAtSchoolHasLookedAtTheirChildsRecordByDay() {
        server.get("/v1/pupils/" + Demo.LEO + "/record", server.token(Demo.SENCO));
        server.get("/v1/pupils/" + Demo.LEO + "/record", server.token(Demo.SENCO));
        server.get("/v1/pupils/" + Demo.LEO + "/outcomes", server.token(Demo.TEACHER));
        String parent = server.token(Demo.PARENT2);
        server.get("/v1/pupils/" + Demo.LEO + "/record", parent);
        Await.until(
                "outcomes recorded",
                Duration.ofSeconds(5),
                () -> server.count(
                                "SELECT count(*) FROM audit_event e LEFT JOIN audit_outcome o ON o.seq = e.seq WHERE o.seq IS NULL")
                        == 0);
        HttpResponse<Buffer> access = server.get("/v1/pupils/" + Demo.LEO + "/record-access", parent);
        assertResponse("listRecordAccess", access);
        JsonObject today = access.bodyAsJsonObject().getJsonArray("days").getJsonObject(0);
        String people = today.getJsonArray("people").encode();
        assertTrue(people.contains("\"name\":\"Ruth Adeyemi\",\"role\":\"SENCO\""), people);
        assertTrue(people.contains("Tom Hughes"), people);
        assertFalse(people.contains("Daniel Whitfield"), "the family's own reads are not listed: " + people);
        assertProblem(
                server.get("/v1/pupils/" + Demo.LEO + "/record-access", server.token(Demo.PARENT)), 404, "not-found");
    }

    @Test
    void theDataProtectionOfficerReadsTheLogWithFiltersAndOthersMayNot() {
        server.get("/v1/pupils/" + Demo.AMARA + "/record", server.token(Demo.TEACHER));
        String dpo = server.token(Demo.ADMIN);
        HttpResponse<Buffer> page = server.get(
                "/v1/audit/events?pupilId=" + Demo.AMARA
                        + "&personId=0d000000-0000-4000-8000-000000000103&action=read&limit=5",
                dpo);
        assertResponse("listAuditEvents", page);
        assertFalse(page.bodyAsJsonObject().getJsonArray("items").isEmpty());
        page.bodyAsJsonObject()
                .getJsonArray("items")
                .forEach(e -> assertEquals(Demo.AMARA, ((JsonObject) e).getString("pupilId")));
        // Pages like every list: limit and the cursor the page before gave, newest first.
        server.get("/v1/pupils/" + Demo.AMARA + "/record", server.token(Demo.TEACHER));
        Await.until(
                "two events",
                java.time.Duration.ofSeconds(5),
                () -> server.count("SELECT count(*) FROM audit_event") >= 2);
        JsonObject first = server.get("/v1/audit/events?limit=1", dpo).bodyAsJsonObject();
        HttpResponse<Buffer> next = server.get("/v1/audit/events?limit=1&cursor=" + first.getString("nextCursor"), dpo);
        assertResponse("listAuditEvents", next);
        assertFalse(
                next.bodyAsJsonObject().getJsonArray("items").isEmpty(),
                first.encode() + " then " + next.bodyAsString());
        assertTrue(
                next.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("seq")
                        < first.getJsonArray("items").getJsonObject(0).getLong("seq"),
                "the next page is older");
        assertProblem(server.get("/v1/audit/events", server.token(Demo.SENCO)), 403, "forbidden");
        assertProblem(server.get("/v1/audit/events", server.token(Demo.PARENT)), 403, "forbidden");
    }
}
