package app.tandem.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.Application;
import app.tandem.platform.AppConfig;
import app.tandem.platform.DatabaseUrl;
import app.tandem.testing.Demo;
import app.tandem.testing.TestDatabases;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backup holds the database and its keys, encrypted; a restore brings back exactly what was backed
 * up (not what came after), with an intact audit chain, sessions whose tokens still verify, and the
 * same files to the byte; and it refuses what it cannot do without changing anything.
 */
class BackupTest {
    static final Path DATA =
            Path.of("target", "test-data", "backup-" + UUID.randomUUID()).toAbsolutePath();
    static final String PASSPHRASE = "a long backup passphrase";
    static final byte[] PDF =
            "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% notes\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                    .getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static TestServer server = new TestServer()
            .withDemoData()
            .withEnv("TANDEM_DATA_DIR", DATA.toString())
            .withEnv("TANDEM_BACKUP_DIR", DATA.resolve("nightly").toString())
            .withEnv("TANDEM_BACKUP_KEEP", "2")
            .withEnv("TANDEM_BACKUP_PASSPHRASE", PASSPHRASE);

    private static void message(String text) {
        HttpResponse<Buffer> sent = server.post(
                "/v1/conversations",
                new JsonObject().put("pupilId", Demo.AMARA).put("text", text),
                server.token(Demo.PARENT));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
    }

    /** Every table's rows, as one sorted map: the state to compare. */
    private static Map<String, Long> counts(DatabaseUrl url) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'")) {
                while (rs.next()) counts.put(rs.getString(1), 0L);
            }
            for (String table : counts.keySet()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static String one(DatabaseUrl url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Map<String, String> env(DatabaseUrl url, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestDatabases.url(url));
        env.put("TANDEM_DATA_DIR", dataDir.toString());
        env.put("TANDEM_BACKUP_PASSPHRASE", PASSPHRASE);
        env.put("TANDEM_HTTP_PORT", "0");
        env.put("TANDEM_EVENT_LOOPS", "2");
        env.put("TANDEM_SHUTDOWN_GRACE_SECONDS", "1");
        return env;
    }

    private static java.net.http.HttpResponse<byte[]> call(int port, String method, String path, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody());
        return HttpClient.newHttpClient().send(request.build(), BodyHandlers.ofByteArray());
    }

    /** Signs in on the restored server (its sessions are the backup's; one made since is not). */
    private static String login(int port, String email) throws Exception {
        byte[] body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                        .put("email", email)
                                        .put("password", "tandem-demo-1")
                                        .encode()))
                                .build(),
                        BodyHandlers.ofByteArray())
                .body();
        return new JsonObject(new String(body, StandardCharsets.UTF_8)).getString("accessToken");
    }

    @Test
    void aRestoreBringsBackExactlyTheBackupWithItsKeysItsAuditChainAndItsFiles() throws Exception {
        message("Before the backup");
        HttpResponse<Buffer> kept = server.send(
                HttpMethod.POST,
                "/v1/pupils/" + Demo.LEO + "/documents?kind=other&title=Notes&fileName=notes.pdf",
                Buffer.buffer(PDF),
                r -> r.putHeader("Content-Type", "application/pdf")
                        .bearerTokenAuthentication(server.token(Demo.SENCO)));
        assertEquals(201, kept.statusCode(), kept.bodyAsString());
        String documentId = kept.bodyAsJsonObject().getString("id");
        String oldToken = server.token(Demo.PARENT);
        String files = "SELECT md5(string_agg(encode(sha256, 'hex'), ',' ORDER BY id)) FROM document_version";
        String media = "SELECT md5(string_agg(encode(sha256(content), 'hex'), ',' ORDER BY id)) FROM voice_media";
        String filesBefore = one(server.database(), files);
        String mediaBefore = one(server.database(), media);
        assertNotNull(mediaBefore, "the demo's recorded view is in the backup");

        Path file = DATA.resolve("school.tbk");
        Map<String, Long> before =
                new TreeMap<>(Backups.backup(server.database(), DATA, file, PASSPHRASE, Clock.systemUTC())
                        .rows());
        assertFalse(
                new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("Before the backup"),
                "nothing of the data is readable in the file");
        message("After the backup");

        DatabaseUrl target = TestDatabases.empty();
        Path restoredData = DATA.resolve("restored");
        Backups.Done done = Backups.restore(
                AppConfig.fromEnvironment(env(target, restoredData)), file, PASSPHRASE, Clock.systemUTC());
        assertEquals(before, counts(target), "every table as it was at the backup, nothing from after");
        assertEquals("0", one(target, "SELECT count(*) FROM message WHERE text = 'After the backup'"));
        assertEquals(filesBefore, one(target, files));
        assertEquals(mediaBefore, one(target, media));
        assertEquals(done.keys().size(), 2);
        for (String key : Backups.KEY_FILES)
            assertArrayEquals(
                    Files.readAllBytes(DATA.resolve(key)), Files.readAllBytes(restoredData.resolve(key)), key);

        Application restored = Application.start(AppConfig.fromEnvironment(env(target, restoredData)), server.clock())
                .await();
        try {
            assertEquals(
                    200, call(restored.port(), "GET", "/v1/me", oldToken).statusCode(), "a token from before verifies");
            String dpo = login(restored.port(), Demo.ADMIN);
            JsonObject verified = new JsonObject(new String(
                    call(restored.port(), "POST", "/v1/audit/verification", dpo).body(), StandardCharsets.UTF_8));
            assertTrue(verified.getBoolean("intact"), verified.encode());
            assertTrue(verified.getInteger("events") > 0);
            String version = one(target, "SELECT id FROM document_version WHERE document_id = '" + documentId + "'");
            byte[] downloaded = call(
                            restored.port(),
                            "GET",
                            "/v1/documents/" + documentId + "/versions/" + version,
                            login(restored.port(), Demo.SENCO))
                    .body();
            assertArrayEquals(PDF, downloaded, "the document, to the byte");
        } finally {
            restored.stop().await();
        }
    }

    @Test
    void aWrongPassphraseANonEmptyDatabaseOrANewerSchemaIsRefusedAndNothingChanges() throws Exception {
        Path file = DATA.resolve("refusals.tbk");
        Backups.backup(server.database(), DATA, file, PASSPHRASE, Clock.systemUTC());
        Backups.BackupException wrong =
                assertThrows(Backups.BackupException.class, () -> Backups.verify(file, "not the passphrase at all"));
        assertTrue(wrong.getMessage().contains("passphrase is wrong"), wrong.getMessage());
        assertFalse(Backups.verify(file, PASSPHRASE).rows().isEmpty(), "the right one reads it through");

        Map<String, Long> running = counts(server.database());
        Backups.BackupException notEmpty = assertThrows(
                Backups.BackupException.class,
                () -> Backups.restore(
                        AppConfig.fromEnvironment(env(server.database(), DATA.resolve("x"))),
                        file,
                        PASSPHRASE,
                        Clock.systemUTC()));
        assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());
        assertEquals(running, counts(server.database()));

        DatabaseUrl newer = TestDatabases.fresh();
        try (Connection c = DriverManager.getConnection(newer.jdbcUrl(), newer.user(), newer.password());
                Statement s = c.createStatement()) {
            s.execute(
                    """
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                   installed_by, execution_time, success)
                VALUES (999, '999', 'from a newer Tandem', 'SQL', 'V999__newer.sql', 0, 'test', 0, true)""");
        }
        Path fromTheFuture = DATA.resolve("newer.tbk");
        Backups.backup(newer, DATA.resolve("none"), fromTheFuture, PASSPHRASE, Clock.systemUTC());
        DatabaseUrl target = TestDatabases.empty();
        Backups.BackupException refused = assertThrows(
                Backups.BackupException.class,
                () -> Backups.restore(
                        AppConfig.fromEnvironment(env(target, DATA.resolve("y"))),
                        fromTheFuture,
                        PASSPHRASE,
                        Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("newer Tandem"), refused.getMessage());
        assertEquals("0", one(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    @Test
    void theNightlyBackupIsMadeOnceADayAndOnlyTheNewestAreKept() throws Exception {
        NightlyBackup nightly = server.app().capability(NightlyBackup.class);
        Path dir = DATA.resolve("nightly");
        Path first = nightly.runIfDue().await();
        assertNotNull(first);
        assertNull(nightly.runIfDue().await(), "one a day");
        for (int day = 1; day <= 3; day++) {
            server.clock().advance(Duration.ofHours(24));
            assertNotNull(nightly.runIfDue().await());
        }
        server.clock().advance(Duration.ofHours(-72));
        assertEquals(2, NightlyBackup.backups(dir).size(), "TANDEM_BACKUP_KEEP=2");
        assertFalse(Files.exists(first), "the oldest went");
        assertFalse(Backups.verify(NightlyBackup.backups(dir).get(1), PASSPHRASE)
                .rows()
                .isEmpty());
        String metrics = server.get("/metrics").bodyAsString();
        assertTrue(metrics.contains("tandem_backup_last_success_timestamp_seconds"), "in Prometheus' base units");
        assertTrue(metrics.contains("tandem_backup_failures_total 0.0"), "no failure counted");
    }
}
