package app.tandem.platform;

import static app.tandem.testing.ApiContract.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With a management port, health and metrics answer there, and `/metrics` is gone from the API port. */
class ManagementPortTest {
    private static final int MANAGEMENT = freePort();

    @RegisterExtension
    static TestServer server = new TestServer().withEnv("TANDEM_MANAGEMENT_PORT", Integer.toString(MANAGEMENT));

    @Test
    void healthAndMetricsAnswerOnTheManagementPortAndMetricsNotOnTheApiPort() {
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx);
            HttpResponse<Buffer> metrics =
                    client.get(MANAGEMENT, "127.0.0.1", "/metrics").send().await();
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.bodyAsString().contains("jvm_"), "Prometheus text");
            assertEquals(
                    200,
                    client.get(MANAGEMENT, "127.0.0.1", "/health/ready")
                            .send()
                            .await()
                            .statusCode());
            assertEquals(
                    200,
                    client.get(MANAGEMENT, "127.0.0.1", "/health/live")
                            .send()
                            .await()
                            .statusCode());
            assertEquals(
                    404,
                    client.get(MANAGEMENT, "127.0.0.1", "/v1/me").send().await().statusCode(),
                    "no API here");
        } finally {
            vertx.close().await();
        }
        assertProblem(server.get("/metrics"), 404, "not-found");
        assertEquals(200, server.get("/health/live").statusCode(), "the API port still says it is alive");
    }

    @Test
    void aManagementPortInUseStopsStartUpNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            AppConfig config = server.replicaConfig(java.util.Map.of(
                    "TANDEM_MANAGEMENT_PORT", Integer.toString(taken.getLocalPort()), "TANDEM_EVENT_LOOPS", "1"));
            Throwable failure = app.tandem.Application.start(config, java.time.Clock.systemUTC())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .handle((app, error) -> error)
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(
                    failure != null && String.valueOf(failure.getMessage()).startsWith("TANDEM_MANAGEMENT_PORT"),
                    String.valueOf(failure));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
