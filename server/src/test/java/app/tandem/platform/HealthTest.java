package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.ApiContract;
import app.tandem.testing.TestDatabases;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Liveness, readiness and metrics answer as Kubernetes and Prometheus expect. */
class HealthTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    @Test
    void livenessAnswersWithoutTheDatabase() {
        HttpResponse<Buffer> response = server.get("/health/live");
        assertEquals(200, response.statusCode());
        ApiContract.assertResponse("getLiveness", response);
    }

    @Test
    void readinessIs200WhenTheDatabaseAnswersAnd503WhenItDoesNot() {
        HttpResponse<Buffer> ready = server.get("/health/ready");
        assertEquals(200, ready.statusCode());
        ApiContract.assertResponse("getReadiness", ready);

        String db = server.database().database();
        DatabaseUrl admin = new DatabaseUrl(
                server.database().host(),
                server.database().port(),
                "postgres",
                server.database().user(),
                server.database().password(),
                server.database().sslMode());
        TestDatabases.execute(admin, "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        TestDatabases.execute(
                admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
        try {
            HttpResponse<Buffer> down = server.get("/health/ready");
            assertEquals(503, down.statusCode(), down.bodyAsString());
            ApiContract.assertResponse("getReadiness", down);
            assertEquals("down", down.bodyAsJsonObject().getJsonObject("checks").getString("database"));
        } finally {
            TestDatabases.execute(admin, "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        }
        assertEquals(200, server.get("/health/ready").statusCode());
    }

    @Test
    void metricsCountRequestsByRouteTemplateAndReportThePool() {
        server.get("/health/ready");
        server.get("/docs/tandem-docs.js");
        HttpResponse<Buffer> response = server.get("/metrics");
        assertEquals(200, response.statusCode());
        ApiContract.assertResponse("getMetrics", response);
        String text = response.bodyAsString();
        assertTrue(
                text.contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/health/ready\"}"),
                text);
        assertTrue(text.contains("vertx_http_server_response_time_seconds"), "latency histogram");
        assertTrue(text.contains("vertx_pool_in_use{pool_name=\"tandem\",pool_type=\"sql\"}"), "pool usage");
        assertTrue(!text.contains("tandem-docs.js"), "no raw paths as labels");
    }

    @Test
    void aFailedRequestCountsUnderItsRouteTemplateAndAnUnknownAddressAsUnmatched() {
        String teacher = server.token(app.tandem.testing.Demo.TEACHER);
        assertEquals(401, server.get("/v1/staff").statusCode());
        assertEquals(403, server.get("/v1/staff", teacher).statusCode());
        assertEquals(405, server.delete("/v1/staff", teacher).statusCode());
        assertEquals(
                404,
                server.get("/v1/pupils/0d000000-0000-4000-8000-000000000999/record", teacher)
                        .statusCode());
        assertEquals(404, server.get("/v1/no-such-address", teacher).statusCode());
        String text = server.get("/metrics").bodyAsString();
        for (String series : new String[] {
            "{code=\"401\",method=\"GET\",route=\"/v1/staff\"}",
            "{code=\"403\",method=\"GET\",route=\"/v1/staff\"}",
            "{code=\"405\",method=\"DELETE\",route=\"/v1/staff\"}",
            "{code=\"404\",method=\"GET\",route=\"/v1/pupils/:pupilId/record\"}",
            "{code=\"404\",method=\"GET\",route=\"unmatched\"}"
        }) assertTrue(text.contains("vertx_http_server_requests_total" + series), series + " in\n" + text);
        assertFalse(text.contains("route=\"\""), "no empty route label");
        assertFalse(text.matches("(?s).*route=\"[^\"]*>.*"), "one template per series");
    }
}
