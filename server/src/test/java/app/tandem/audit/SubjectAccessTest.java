package app.tandem.audit;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.ApiContract;
import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A parent asks for everything held about them and their child and downloads it as a ZIP whose
 * manifest proves each file; what the family may not see stays out, and nothing of another family
 * (or the other parent's own conversations) gets in.
 */
class SubjectAccessTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String OTHER_PARENT = "0d000000-0000-4000-8000-0000000002f1";

    static String ready(String token, JsonObject body) {
        return ready(server, token, body);
    }

    /** Asks for an export on that server, checks its one-month deadline, and waits until it is built. */
    static String ready(TestServer on, String token, JsonObject body) {
        HttpResponse<Buffer> asked = on.post("/v1/subject-access-requests", body, token);
        assertResponse("requestSubjectAccess", asked);
        assertEquals(
                LocalDate.now(on.clock()).plusMonths(1).toString(),
                asked.bodyAsJsonObject().getString("dueOn"));
        String id = asked.bodyAsJsonObject().getString("id");
        Await.until(
                "the export is built",
                Duration.ofSeconds(20),
                () -> on.count("SELECT count(*) FROM subject_access_request WHERE status = 'ready' AND id = '" + id
                                + "'")
                        == 1);
        return id;
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) files.put(e.getName(), in.readAllBytes());
        }
        return files;
    }

    @Test
    void aParentDownloadsEverythingHeldAboutThemAndTheirChildWithAManifestThatProvesIt() throws IOException {
        // Leo's other parent, separated, with a conversation of their own.
        server.sql("INSERT INTO app_user (id, school_id, kind, email, display_name) VALUES ('" + OTHER_PARENT + "', '"
                + Demo.SCHOOL + "', 'parent', 'other.parent@example.org', 'Sam Whitfield');"
                + " INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship) VALUES ('" + Demo.SCHOOL
                + "', '"
                + OTHER_PARENT + "', '" + Demo.LEO + "', 'father');"
                + " INSERT INTO conversation (id, school_id, pupil_id, created_by, created_at, last_seq, last_message_at) VALUES"
                + " ('0d000000-0000-4000-8000-0000000002f2', '" + Demo.SCHOOL + "', '" + Demo.LEO + "', '"
                + OTHER_PARENT
                + "', now(), 1, now());"
                + " INSERT INTO conversation_participant (conversation_id, user_id, added_by, added_at) VALUES"
                + " ('0d000000-0000-4000-8000-0000000002f2', '" + OTHER_PARENT + "', '" + OTHER_PARENT + "', now());"
                + " INSERT INTO message (conversation_id, school_id, seq, sender_id, client_message_id, text, sent_at) VALUES"
                + " ('0d000000-0000-4000-8000-0000000002f2', '" + Demo.SCHOOL + "', 1, '" + OTHER_PARENT
                + "', 'sep-1', 'A private note from the other parent.', now())");
        String parent = server.token(Demo.PARENT2);
        String id = ready(parent, new JsonObject().put("pupilId", Demo.LEO));
        HttpResponse<Buffer> download = server.get("/v1/subject-access-requests/" + id + "/export", parent);
        assertResponse("getSubjectAccessExport", download);
        Map<String, byte[]> files = unzip(download.body().getBytes());
        for (String name : new String[] {
            "manifest.json",
            "index.html",
            "account.json",
            "links.json",
            "messages.json",
            "notices.json",
            "send-record.json",
            "outcomes-and-progress.json",
            "provision.json",
            "views.json",
            "meetings.json",
            "documents.json",
            "consents.json",
            "disclosures.json",
            "audit-events.json"
        }) {
            assertTrue(files.containsKey(name), name + " in " + files.keySet());
        }
        assertTrue(
                files.keySet().stream().anyMatch(n -> n.startsWith("documents/") && n.endsWith(".pdf")),
                files.keySet().toString());
        JsonObject manifest = new JsonObject(new String(files.get("manifest.json"), StandardCharsets.UTF_8));
        manifest.getJsonArray("files").forEach(f -> {
            JsonObject file = (JsonObject) f;
            assertEquals(
                    file.getString("sha256"),
                    HexFormat.of().formatHex(app.tandem.platform.Digests.sha256(files.get(file.getString("name")))),
                    file.getString("name"));
        });
        assertFalse(manifest.getJsonArray("withheld").isEmpty());
        JsonObject scope = manifest.getJsonObject("scope");
        assertEquals("Oakfield Primary School", scope.getString("school"));
        assertEquals("Daniel Whitfield", scope.getString("askedBy"));
        assertEquals("Leo Whitfield", scope.getString("pupil"));
        String report = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(report.contains("<h1>Your data at Oakfield Primary School</h1>"), report);
        assertTrue(report.contains("Asked for by <strong>Daniel Whitfield</strong>"), "who asked, by name");
        assertTrue(report.contains("The SEND record") && report.contains("Notices sent to you"), "a section per kind");
        assertTrue(report.contains("(UK time)"), "dates in the school's zone, saying so");
        assertFalse(report.contains(Demo.LEO), "people and things by name, not ids");
        assertFalse(report.contains("private note from the other parent"));
        String everything = new String(download.body().getBytes(), StandardCharsets.ISO_8859_1);
        String account = new String(files.get("account.json"), StandardCharsets.UTF_8);
        assertFalse(account.contains("password"), account);
        String messages = new String(files.get("messages.json"), StandardCharsets.UTF_8);
        assertFalse(
                messages.contains("private note from the other parent"),
                "the other parent's own conversation stays out");
        // Staff-only progress ratings stay out: the export carries exactly the others.
        server.sql(
                "INSERT INTO progress (school_id, outcome_id, rating, note, staff_only, recorded_on, recorded_by, created_at)"
                        + " SELECT school_id, id, 2, 'Staff working note.', true, current_date, created_by, now() FROM outcome"
                        + " WHERE pupil_id = '" + Demo.LEO + "' LIMIT 1");
        JsonArray outcomes = new JsonArray(new String(
                unzip(server.get(
                                        "/v1/subject-access-requests/"
                                                + ready(parent, new JsonObject().put("pupilId", Demo.LEO)) + "/export",
                                        parent)
                                .body()
                                .getBytes())
                        .get("outcomes-and-progress.json"),
                StandardCharsets.UTF_8));
        assertFalse(outcomes.encode().contains("Staff working note."), outcomes.encode());
        assertEquals(
                server.count(
                        "SELECT count(*) FROM progress g JOIN outcome o ON o.id = g.outcome_id WHERE o.pupil_id = '"
                                + Demo.LEO + "' AND NOT g.staff_only"),
                outcomes.stream()
                        .mapToLong(
                                o -> ((JsonObject) o).getJsonArray("progress").size())
                        .sum());
        assertTrue(everything.length() > 0);
        // The download is itself an audited export.
        assertEquals(
                1,
                server.count(
                        "SELECT count(*) FROM audit_event WHERE operation = 'getSubjectAccessExport' AND action = 'export'"
                                + " AND request_id = '" + download.getHeader("X-Request-Id") + "'"));
    }

    @Test
    void everyExportFileSpeaksTheAppsLanguagePeopleByNameAndRoleRefusalsMarked() throws IOException {
        String parent = server.token(Demo.PARENT2);
        assertEquals(
                201,
                app.tandem.testing.Rounds.annualReview(server, Demo.LEO, 40, 15, "Daniel Whitfield|parent")
                        .statusCode());
        // A refused attempt of the parent's own: it is theirs to see, marked as refused.
        assertProblem(server.get("/v1/pupils/" + Demo.AMARA + "/record", parent), 404, "not-found");
        String id = ready(parent, new JsonObject().put("pupilId", Demo.LEO));
        Map<String, byte[]> files = unzip(server.get("/v1/subject-access-requests/" + id + "/export", parent)
                .body()
                .getBytes());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!file.getKey().endsWith(".json") || file.getKey().equals("manifest.json")) continue;
            Object data = Json.decodeValue(new String(file.getValue(), StandardCharsets.UTF_8));
            walk(file.getKey(), "", data);
        }
        JsonArray meetings = new JsonArray(new String(files.get("meetings.json"), StandardCharsets.UTF_8));
        assertFalse(meetings.isEmpty(), "Leo's meetings");
        for (Object m : meetings) {
            JsonObject meeting = (JsonObject) m;
            for (String field : new String[] {"kind", "startsAt", "endsAt", "place", "status", "staff"})
                assertTrue(meeting.containsKey(field), field + " in " + meeting);
            meeting.getJsonArray("staff")
                    .forEach(who -> assertTrue(
                            who.toString().matches(".+ \\((SENCO|teacher|headteacher|school staff)\\)"),
                            who.toString()));
        }
        JsonArray events = new JsonArray(new String(files.get("audit-events.json"), StandardCharsets.UTF_8));
        JsonObject probe = events.stream()
                .map(JsonObject.class::cast)
                .filter(e -> e.getString("operation").equals("getSendRecord") && "you".equals(e.getString("who")))
                .filter(e -> Integer.valueOf(404).equals(e.getInteger("outcome")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the refused read in " + events.encodePrettily()));
        assertEquals("refused", probe.getString("result"));
        assertTrue(probe.getBoolean("refused"));
        assertTrue(
                events.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("who")
                        .matches(".+ \\((SENCO|teacher)\\)")),
                "staff who read Leo's record, by name and role");
        // The report says what each logged operation was in the contract's words, not its operationId.
        String report = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertFalse(report.contains(">getSendRecord<"), "operation ids in the report");
        assertTrue(
                ApiContract.operation("getSendRecord")
                                .getString("summary")
                                .contains("SEND record (status and its history")
                        && report.contains("SEND record (status and its history"),
                "the summary of the refused read");
        JsonObject account = new JsonObject(new String(files.get("account.json"), StandardCharsets.UTF_8));
        assertEquals("Daniel Whitfield", account.getString("name"));
        assertEquals(Demo.PARENT2, account.getString("email"));
    }

    /** camelCase names as the app's, and ids only where they name a thing (never a person's). */
    private static void walk(String file, String path, Object value) {
        if (value instanceof JsonObject o) {
            for (String key : o.fieldNames()) {
                assertTrue(key.matches("[a-z][a-zA-Z0-9]*"), file + ": " + path + "." + key + " is not camelCase");
                walk(file, path + "." + key, o.getValue(key));
            }
        } else if (value instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) walk(file, path + "[" + i + "]", a.getValue(i));
        } else if (value instanceof String text && UUID_TEXT.matcher(text).matches()) {
            String key = path.replaceAll("\\[\\d+]$", "");
            key = key.substring(key.lastIndexOf('.') + 1);
            assertTrue(
                    key.equals("id") || key.endsWith("Id") || key.endsWith("Ids"),
                    file + ": " + path + " holds an id where a name belongs");
        }
    }

    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void nobodyElseMayAskForOrDownloadAFamilysData() {
        String parent = server.token(Demo.PARENT2);
        assertProblem(
                server.post("/v1/subject-access-requests", new JsonObject().put("pupilId", Demo.AMARA), parent),
                404,
                "not-found");
        String id = ready(parent, new JsonObject());
        assertProblem(
                server.get("/v1/subject-access-requests/" + id + "/export", server.token(Demo.PARENT)),
                404,
                "not-found");
        assertProblem(
                server.get("/v1/subject-access-requests/" + id + "/export", server.token(Demo.SENCO)),
                404,
                "not-found");
        assertProblem(
                server.post("/v1/subject-access-requests", new JsonObject(), server.token(Demo.TEACHER)),
                403,
                "forbidden");
        // The data protection officer may ask on a parent's behalf and download it.
        String dpo = server.token(Demo.ADMIN);
        String onBehalf = ready(dpo, new JsonObject().put("personId", "0d000000-0000-4000-8000-000000000202"));
        assertEquals(
                200,
                server.get("/v1/subject-access-requests/" + onBehalf + "/export", dpo)
                        .statusCode());
        HttpResponse<Buffer> extended = server.post(
                "/v1/subject-access-requests/" + id + "/extension",
                new JsonObject().put("months", 2).put("reason", "Many records across two schools."),
                dpo);
        assertResponse("extendSubjectAccess", extended);
        assertEquals(
                LocalDate.parse(extended.bodyAsJsonObject().getString("dueOn"))
                        .plusMonths(2)
                        .toString(),
                extended.bodyAsJsonObject().getString("extendedTo"));
        assertProblem(
                server.post(
                        "/v1/subject-access-requests/" + id + "/extension",
                        new JsonObject().put("months", 1).put("reason", "Again."),
                        dpo),
                409,
                "conflict");
        assertProblem(
                server.post(
                        "/v1/subject-access-requests/" + id + "/extension",
                        new JsonObject().put("months", 1).put("reason", "Mine."),
                        parent),
                403,
                "forbidden");
        HttpResponse<Buffer> list = server.get("/v1/subject-access-requests", dpo);
        assertResponse("listSubjectAccessRequests", list);
        assertTrue(list.bodyAsJsonObject().getJsonArray("items").size() >= 2);
    }

    @Test
    void aLargeExportIsKeptInChunksAndDownloadsWholeWithItsDigest() throws IOException {
        // Two plans of about 1.3 MB each that do not compress (md5 output): more than two chunks.
        String[] docs = {"0d000000-0000-4000-8000-0000000003a1", "0d000000-0000-4000-8000-0000000003a2"};
        for (String doc : docs) {
            server.sql("INSERT INTO document (id, school_id, pupil_id, kind, title, created_by, created_at) VALUES ('"
                    + doc + "', '" + Demo.SCHOOL + "', '" + Demo.LEO + "', 'ehc-plan', 'Plan " + doc.substring(33)
                    + "', (SELECT id FROM app_user WHERE email = '" + Demo.SENCO + "'), now());"
                    + " WITH bytes AS (SELECT decode('25504446', 'hex') || decode(string_agg(md5(i::text || '" + doc
                    + "'), '' ORDER BY i), 'hex') AS content FROM generate_series(1, 80000) i)"
                    + " INSERT INTO document_version (document_id, school_id, version, media_type, file_name, size_bytes,"
                    + " sha256, content, uploaded_by, uploaded_at)"
                    + " SELECT '" + doc + "', '" + Demo.SCHOOL + "', 1, 'application/pdf', 'plan (final).pdf',"
                    + " length(content), sha256(content), content, (SELECT id FROM app_user WHERE email = '"
                    + Demo.SENCO + "'), now() FROM bytes");
        }
        String parent = server.token(Demo.PARENT2);
        String id = ready(parent, new JsonObject().put("pupilId", Demo.LEO));
        long chunks = server.count("SELECT count(*) FROM subject_access_export_chunk WHERE request_id = '" + id + "'");
        assertTrue(chunks >= 3, "kept in chunks of a megabyte, not one value: " + chunks);
        assertEquals(
                0,
                server.count(
                        "SELECT count(*) FROM subject_access_request WHERE export IS NOT NULL AND id = '" + id + "'"));

        HttpResponse<Buffer> download = server.get("/v1/subject-access-requests/" + id + "/export", parent);
        assertResponse("getSubjectAccessExport", download);
        byte[] zip = download.body().getBytes();
        assertEquals(String.valueOf(zip.length), download.getHeader("Content-Length"));
        JsonObject request =
                server.get("/v1/subject-access-requests", parent).bodyAsJsonObject().getJsonArray("items").stream()
                        .map(JsonObject.class::cast)
                        .filter(r -> r.getString("id").equals(id))
                        .findFirst()
                        .orElseThrow();
        assertEquals(request.getLong("sizeBytes"), (long) zip.length, "the size it was given");
        assertEquals(
                request.getString("sha256"),
                HexFormat.of().formatHex(app.tandem.platform.Digests.sha256(zip)),
                "the digest it was given: the chunks are the whole file, in order");
        Map<String, byte[]> files = unzip(zip);
        for (String doc : docs) {
            String versionId = server.text("SELECT id::text FROM document_version WHERE document_id = '" + doc + "'");
            byte[] kept = files.get("documents/" + versionId + "-plan__final_.pdf");
            assertNotNull(kept, "each file in the folder, by its version and a safe name: " + files.keySet());
            assertEquals(
                    server.text("SELECT encode(sha256(content), 'hex') FROM document_version WHERE id = '" + versionId
                            + "'"),
                    HexFormat.of().formatHex(app.tandem.platform.Digests.sha256(kept)));
        }
        JsonArray listed = new JsonArray(new String(files.get("documents.json"), StandardCharsets.UTF_8));
        assertTrue(
                listed.stream().map(d -> ((JsonObject) d).getString("file")).allMatch(files::containsKey),
                "documents.json names each file as the ZIP holds it");

        // A chunk gone (a damaged table, a restore gone wrong): the download fails, never a short file
        // that looks whole.
        server.sql("DELETE FROM subject_access_export_chunk WHERE request_id = '" + id + "' AND seq = 1");
        assertThrows(
                RuntimeException.class,
                () -> server.get("/v1/subject-access-requests/" + id + "/export", parent),
                "the connection is reset mid-file");
        // Gone from the start, before anything was sent: a plain 500, not a 200 with nothing in it.
        server.sql("DELETE FROM subject_access_export_chunk WHERE request_id = '" + id + "' AND seq = 0");
        assertProblem(server.get("/v1/subject-access-requests/" + id + "/export", parent), 500, "internal");
    }

    @Test
    void aRecordingSharedWithTheFamilyIsInTheirExportAndOneNotSharedIsNot() throws IOException {
        String leo = app.tandem.testing.Callers.pupilToken(server, Demo.LEO);
        String senco = server.token(Demo.SENCO);
        byte[] ogg;
        try (var in = SubjectAccessTest.class.getResourceAsStream("/voice/spoken.ogg")) {
            ogg = in.readAllBytes();
        }
        String[] views = new String[2];
        for (int i = 0; i < 2; i++) {
            HttpResponse<Buffer> asked = server.post(
                    "/v1/views-requests",
                    new JsonObject()
                            .put("question", "What helps you in the morning? " + i)
                            .put("formats", new JsonArray().add("audio"))
                            .put("about", new JsonObject().put("kind", "general"))
                            .put("for", new JsonObject().put("pupilIds", new JsonArray().add(Demo.LEO))),
                    senco);
            assertEquals(201, asked.statusCode(), asked.bodyAsString());
            String requestId = asked.bodyAsJsonObject()
                    .getJsonArray("items")
                    .getJsonObject(0)
                    .getString("id");
            String media = server.send(
                            io.vertx.core.http.HttpMethod.POST,
                            "/v1/voice/media?kind=audio",
                            Buffer.buffer(ogg),
                            r -> r.putHeader("Content-Type", "application/octet-stream")
                                    .bearerTokenAuthentication(leo))
                    .bodyAsJsonObject()
                    .getString("id");
            HttpResponse<Buffer> given = server.post(
                    "/v1/views-requests/" + requestId + "/views",
                    new JsonObject().put("format", "audio").put("mediaId", media),
                    leo);
            assertEquals(201, given.statusCode(), given.bodyAsString());
            views[i] = given.bodyAsJsonObject().getString("id");
        }
        server.sql("UPDATE pupil_view SET shared_at = NULL, shared_by = NULL WHERE id IN ('" + views[0] + "', '"
                + views[1] + "')");
        assertEquals(
                200,
                server.post("/v1/views/" + views[0] + "/sharing", null, senco).statusCode());

        String parent = server.token(Demo.PARENT2);
        String id = ready(parent, new JsonObject().put("pupilId", Demo.LEO));
        Map<String, byte[]> files = unzip(server.get("/v1/subject-access-requests/" + id + "/export", parent)
                .body()
                .getBytes());
        byte[] recording = files.get("views/" + views[0] + ".ogg");
        assertNotNull(recording, "the shared view's recording, by the view: " + files.keySet());
        assertEquals(
                server.text(
                        "SELECT encode(m.sha256, 'hex') FROM pupil_view v JOIN voice_media m ON m.id = v.media_id WHERE v.id = '"
                                + views[0] + "'"),
                HexFormat.of().formatHex(app.tandem.platform.Digests.sha256(recording)));
        assertFalse(files.containsKey("views/" + views[1] + ".ogg"), "a view not shared is not theirs to have");
        JsonArray listed = new JsonArray(new String(files.get("views.json"), StandardCharsets.UTF_8));
        JsonObject shared = listed.stream()
                .map(JsonObject.class::cast)
                .filter(v -> v.getString("id").equals(views[0]))
                .findFirst()
                .orElseThrow();
        assertEquals("views/" + views[0] + ".ogg", shared.getString("file"));
        assertTrue(listed.stream().map(JsonObject.class::cast).noneMatch(v -> v.getString("id")
                .equals(views[1])));
    }

    @Test
    void anExportMadeBeforeChunksStillDownloadsAsItWasKept() throws IOException {
        String parent = server.token(Demo.PARENT2);
        String id = ready(parent, new JsonObject());
        byte[] chunked = server.get("/v1/subject-access-requests/" + id + "/export", parent)
                .body()
                .getBytes();
        // As exports were kept before V36: one value, no chunks.
        server.sql("UPDATE subject_access_request SET export = (SELECT string_agg(bytes, ''::bytea ORDER BY seq)"
                + " FROM subject_access_export_chunk WHERE request_id = '" + id + "') WHERE id = '" + id + "';"
                + " DELETE FROM subject_access_export_chunk WHERE request_id = '" + id + "'");
        HttpResponse<Buffer> single = server.get("/v1/subject-access-requests/" + id + "/export", parent);
        assertResponse("getSubjectAccessExport", single);
        assertEquals(
                HexFormat.of().formatHex(chunked),
                HexFormat.of().formatHex(single.body().getBytes()));
        assertTrue(unzip(single.body().getBytes()).containsKey("manifest.json"));
    }

    @Test
    void anExportIsDeletedThirtyDaysAfterItWasReady() {
        String parent = server.token(Demo.PARENT2);
        String id = ready(parent, new JsonObject());
        server.clock().advance(Duration.ofDays(31));
        try {
            server.app().housekeeping().runNow().await();
            assertProblem(
                    server.get("/v1/subject-access-requests/" + id + "/export", server.token(Demo.PARENT2)),
                    410,
                    "gone");
            assertEquals(
                    0,
                    server.count("SELECT count(*) FROM subject_access_export_chunk WHERE request_id = '" + id + "'"),
                    "its chunks go with it");
        } finally {
            server.clock().advance(Duration.ofDays(-31));
        }
    }

    @Test
    void aYoungPersonAsksForTheirOwnDataButAChildDoesNot() throws IOException {
        assertProblem(
                server.post(
                        "/v1/subject-access-requests",
                        new JsonObject(),
                        app.tandem.testing.Callers.pupilToken(server, Demo.AMARA)),
                403,
                "forbidden");
        server.sql("UPDATE pupil SET date_of_birth = '2010-08-31' WHERE id = '" + Demo.LEO + "'");
        String leo = app.tandem.testing.Callers.pupilToken(server, Demo.LEO);
        assertProblem(
                server.post("/v1/subject-access-requests", new JsonObject().put("pupilId", Demo.AMARA), leo),
                400,
                "validation");
        String id = ready(leo, new JsonObject());
        HttpResponse<Buffer> mine = server.get("/v1/subject-access-requests", leo);
        assertResponse("listSubjectAccessRequests", mine);
        JsonObject request = mine.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertEquals(Demo.LEO, request.getJsonObject("person").getString("id"));
        assertEquals(Demo.LEO, request.getJsonObject("pupil").getString("id"));
        HttpResponse<Buffer> download = server.get("/v1/subject-access-requests/" + id + "/export", leo);
        assertResponse("getSubjectAccessExport", download);
        assertTrue(unzip(download.body().getBytes()).containsKey("send-record.json"));
        assertProblem(
                server.get("/v1/subject-access-requests/" + id + "/export", server.token(Demo.PARENT2)),
                404,
                "not-found");
    }

    @Test
    void theDpoStopsTheClockWhileIdentityIsCheckedAndTheDeadlineMovesOnByTheDaysPaused() {
        String dpo = server.token(Demo.ADMIN);
        HttpResponse<Buffer> asked = server.post(
                "/v1/subject-access-requests",
                new JsonObject()
                        .put("personId", "0d000000-0000-4000-8000-000000000202")
                        .put("pauseReason", "Letter received; asked for photo ID."),
                dpo);
        assertResponse("requestSubjectAccess", asked);
        JsonObject paused = asked.bodyAsJsonObject();
        assertEquals("paused", paused.getString("status"));
        String id = paused.getString("id");
        String path = "/v1/subject-access-requests/" + id;
        assertProblem(server.post(path + "/pause", new JsonObject().put("reason", "Again."), dpo), 409, "conflict");
        assertProblem(server.post(path + "/resumption", null, server.token(Demo.PARENT2)), 403, "forbidden");
        assertProblem(
                server.post(
                        "/v1/subject-access-requests",
                        new JsonObject().put("pauseReason", "Mine."),
                        server.token(Demo.PARENT2)),
                400,
                "validation");
        server.clock().advance(Duration.ofDays(3));
        try {
            dpo = server.token(Demo.ADMIN);
            HttpResponse<Buffer> resumed = server.post(path + "/resumption", null, dpo);
            assertResponse("resumeSubjectAccess", resumed);
            assertEquals(3, resumed.bodyAsJsonObject().getInteger("pausedDays"), resumed.bodyAsString());
            assertEquals(
                    LocalDate.parse(paused.getString("dueOn")).plusDays(3).toString(),
                    resumed.bodyAsJsonObject().getString("dueOn"));
            assertProblem(server.post(path + "/resumption", null, dpo), 409, "conflict");
            Await.until(
                    "built once resumed",
                    Duration.ofSeconds(20),
                    () -> server.count("SELECT count(*) FROM subject_access_request WHERE status = 'ready' AND id = '"
                                    + id + "'")
                            == 1);
            HttpResponse<Buffer> ready = server.post(path + "/pause", new JsonObject().put("reason", "Late."), dpo);
            assertResponse("pauseSubjectAccess", ready);
            assertEquals(409, ready.statusCode());
        } finally {
            server.clock().advance(Duration.ofDays(-3));
        }
    }
}
