package app.tandem.platform;

import static app.tandem.testing.ApiContract.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every failure a client can meet outside a handler is problem+json, and carries the request id. */
class ProblemResponsesTest {
    @RegisterExtension
    static TestServer server = new TestServer().withEnv("TANDEM_BODY_LIMIT_BYTES", "4096");

    @Test
    void unknownPathIsANotFoundProblem() {
        HttpResponse<Buffer> response = server.get("/v1/no-such-thing");
        JsonObject problem = assertProblem(response, 404, "not-found");
        assertEquals("/v1/no-such-thing", problem.getString("instance"));
    }

    @Test
    void wrongMethodIsAMethodNotAllowedProblem() {
        HttpResponse<Buffer> response = server.send(HttpMethod.DELETE, "/health/live", null, UnaryOperator.identity());
        assertProblem(response, 405, "method-not-allowed");
        assertEquals("GET, HEAD", response.getHeader("Allow"), "a 405 says what the address takes (RFC 9110 15.5.6)");
    }

    @Test
    void headAnswersWhereverGetDoesWithItsHeadersAndNoBody() {
        HttpResponse<Buffer> head = server.send(HttpMethod.HEAD, "/health/ready", null, r -> r);
        assertEquals(200, head.statusCode());
        assertEquals("application/json", head.getHeader("Content-Type"));
        assertEquals(null, head.body(), "no body");
        assertEquals(
                401,
                server.send(HttpMethod.HEAD, "/v1/home/parent", null, r -> r).statusCode(),
                "and the same checks as GET");
    }

    @Test
    void bodyOverTheConfiguredLimitIsRejectedWith413() {
        Buffer big = Buffer.buffer("{\"x\":\"" + "a".repeat(10_000) + "\"}");
        HttpResponse<Buffer> response =
                server.send(HttpMethod.POST, "/health/live", big, r -> r.putHeader("Content-Type", "application/json"));
        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void invalidPathParameterIsAValidationProblem() {
        HttpResponse<Buffer> response = server.get("/docs/.hidden");
        JsonObject problem = assertProblem(response, 400, "validation");
        assertEquals(
                "path.asset", problem.getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void requestIdIsEchoedWhenTheClientSendsOne() {
        HttpResponse<Buffer> response =
                server.send(HttpMethod.GET, "/health/live", null, r -> r.putHeader("X-Request-Id", "app-7f3a-1"));
        assertEquals("app-7f3a-1", response.getHeader("X-Request-Id"));
    }

    @Test
    void requestIdIsGeneratedWhenMissingOrUnsafe() {
        HttpResponse<Buffer> none = server.get("/health/live");
        assertTrue(none.getHeader("X-Request-Id").matches("[0-9a-f-]{36}"));
        HttpResponse<Buffer> unsafe = server.send(
                HttpMethod.GET, "/health/live", null, r -> r.putHeader("X-Request-Id", "<script>alert(1)</script>"));
        assertNotEquals("<script>alert(1)</script>", unsafe.getHeader("X-Request-Id"));
        assertTrue(unsafe.getHeader("X-Request-Id").matches("[0-9a-f-]{36}"));
    }

    @Test
    void problemsNeverCarryStackTracesOrInternals() {
        HttpResponse<Buffer> response = server.get("/docs/%00");
        String body = response.bodyAsString();
        assertTrue(response.statusCode() >= 400);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("at io.vertx"), body);
        assertFalse(body.contains("io.vertx"), body);
    }
}
