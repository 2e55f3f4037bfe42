package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The jar as operators run it: start-up failures, graceful SIGTERM, and data that survives a restart. */
class ServerProcessIT {
    private static final Duration START = Duration.ofSeconds(90);

    private static Path workDir() {
        return Path.of(
                System.getProperty("tandem.test.dir", "target/it-data"),
                UUID.randomUUID().toString());
    }

    @Test
    void unreachableDatabaseFailsFastWithOneClearLine() throws Exception {
        try (ServerProcess server =
                ServerProcess.start(workDir(), Map.of("DATABASE_URL", "postgres://nobody@127.0.0.1:1/x"))) {
            int exit = server.awaitExit(Duration.ofSeconds(30));
            assertNotEquals(0, exit);
            String stderr = server.stderr().strip();
            assertEquals(1, stderr.lines().count(), stderr);
            assertTrue(stderr.startsWith("tandem: cannot connect to the database at 127.0.0.1:1/x"), stderr);
            assertFalse(server.stdout().contains("stack_trace"), "no stack trace dump");
        }
    }

    @Test
    void badConfigurationFailsWithOneLineNamingTheVariable() throws Exception {
        try (ServerProcess server = ServerProcess.start(workDir(), Map.of("TANDEM_SHUTDOWN_GRACE_SECONDS", "soon"))) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertEquals(
                    "tandem: configuration error: TANDEM_SHUTDOWN_GRACE_SECONDS: must be a whole number, was 'soon'",
                    server.stderr().strip());
        }
    }

    @Test
    void portAlreadyInUseFailsWithOneLineNamingTheVariable() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0);
                ServerProcess server = ServerProcess.start(
                        workDir(), Map.of("TANDEM_HTTP_PORT", Integer.toString(taken.getLocalPort())))) {
            assertEquals(1, server.awaitExit(START));
            assertEquals(
                    "tandem: TANDEM_HTTP_PORT: cannot listen on port " + taken.getLocalPort()
                            + " (Address already in use)",
                    server.stderr().strip());
        }
    }

    @Test
    void sigtermFinishesTheRequestInFlightRefusesNewOnesAndExitsZero() throws Exception {
        try (ServerProcess server = ServerProcess.start(workDir(), Map.of("TANDEM_SHUTDOWN_GRACE_SECONDS", "30"))
                        .awaitReady(START);
                Socket inFlight = new Socket("127.0.0.1", server.port)) {
            OutputStream out = inFlight.getOutputStream();
            String body = "{\"padding\":\"" + "x".repeat(100) + "\"}";
            out.write(("POST /health/live HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 40))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The server has the request's headers and waits for its body: an active POST in its metrics.
            Await.until(
                    "the server reading the request in flight",
                    Duration.ofSeconds(10),
                    () -> activePosts(server.port) > 0);

            server.terminate();
            awaitRefused(server.port, Duration.ofSeconds(20));

            out.write(body.substring(40).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(inFlight.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 405"), "the request in flight got its answer: " + response);

            assertEquals(0, server.awaitExit(Duration.ofSeconds(20)));
            assertTrue(server.stdout().contains("\"message\":\"stopped\""), server.stdout());
        }
    }

    @Test
    void startingAgainOnTheSameDataFolderKeepsTheDataWrittenDurably() throws Exception {
        Path dir = workDir();
        int[] ports = ServerProcess.freePorts(2);
        int dbPort = ports[0];
        Map<String, String> env = Map.of(
                "TANDEM_EMBEDDED_DB_PORT", Integer.toString(dbPort), "TANDEM_HTTP_PORT", Integer.toString(ports[1]));
        try (ServerProcess first = ServerProcess.start(dir, env, "--demo").awaitReady(START)) {
            sql(dbPort, "INSERT INTO trust (name) VALUES ('Written before the restart')");
            // The embedded PostgreSQL keeps real data: a commit is on disk, and a crash cannot tear a page.
            assertEquals(1, count(dbPort, "SELECT count(*) FROM pg_settings WHERE name = 'fsync' AND setting = 'on'"));
            assertEquals(
                    1,
                    count(
                            dbPort,
                            "SELECT count(*) FROM pg_settings WHERE name = 'full_page_writes' AND setting = 'on'"));
            first.terminate();
            assertEquals(0, first.awaitExit(Duration.ofSeconds(30)));
        }
        try (ServerProcess second = ServerProcess.start(dir, env).awaitReady(START)) {
            assertEquals(1, count(dbPort, "SELECT count(*) FROM trust WHERE name = 'Written before the restart'"));
            assertEquals(9, count(dbPort, "SELECT count(*) FROM app_user"), "demo accounts kept (both demo schools)");
            second.terminate();
            assertEquals(0, second.awaitExit(Duration.ofSeconds(30)));
        }
    }

    @Test
    void twoServersStartedTogetherOnOneDataFolderLeaveOneRunningAndOneClearLine() throws Exception {
        Path dir = workDir();
        int[] ports = ServerProcess.freePorts(2);
        try (ServerProcess a = ServerProcess.start(dir, Map.of("TANDEM_HTTP_PORT", Integer.toString(ports[0])));
                ServerProcess b = ServerProcess.start(dir, Map.of("TANDEM_HTTP_PORT", Integer.toString(ports[1])))) {
            Await.until("one of them gives way", START, () -> !a.isAlive() || !b.isAlive());
            ServerProcess loser = a.isAlive() ? b : a;
            ServerProcess winner = loser == a ? b : a;
            assertEquals(1, loser.awaitExit(Duration.ofSeconds(5)));
            String stderr = loser.stderr().strip();
            assertEquals(1, stderr.lines().count(), stderr);
            assertTrue(stderr.contains("another Tandem server is using this data folder"), stderr);
            assertFalse(loser.stdout().contains("stack_trace"), loser.stdout());
            winner.awaitReady(START);
            winner.terminate();
            assertEquals(0, winner.awaitExit(Duration.ofSeconds(30)));
            assertFalse(winner.stdout().contains("stack_trace"), "the survivor's database was left alone");
        }
    }

    /** Waits until the port refuses connections (the server stopped listening). */
    private static void awaitRefused(int port, Duration limit) {
        Await.until("new connections refused on " + port, limit, () -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return false;
            } catch (ConnectException refused) {
                return true;
            } catch (IOException other) {
                return false;
            }
        });
    }

    /** How many POST requests the server is in the middle of, from its own `/metrics`. */
    private static int activePosts(int port) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net
                    .URI
                    .create("http://127.0.0.1:" + port + "/metrics")
                    .toURL()
                    .openConnection();
            String metrics = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "(?m)^vertx_http_server_active_requests\\{[^}]*method=\"POST\"[^}]*\\} ([0-9.]+)$")
                    .matcher(metrics);
            int active = 0;
            while (m.find()) active += (int) Double.parseDouble(m.group(1));
            return active;
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int read = in.read(buffer);
        return read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
    }

    private static void sql(int port, String statement) throws Exception {
        try (Connection c =
                DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/tandem", "postgres", null)) {
            c.createStatement().execute(statement);
        }
    }

    private static long count(int port, String query) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/tandem", "postgres", null);
                ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
