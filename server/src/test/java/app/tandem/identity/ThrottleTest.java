package app.tandem.identity;

import static app.tandem.testing.ApiContract.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.demo.DemoData;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Repeated failures lock an account and an address for a while; time alone unlocks them. */
class ThrottleTest {
    @RegisterExtension
    static TestServer server = new TestServer()
            .withDemoData()
            .withEnv("TANDEM_LOGIN_MAX_FAILURES", "3")
            .withEnv("TANDEM_LOGIN_MAX_FAILURES_PER_ADDRESS", "8")
            .withEnv("TANDEM_LOGIN_LOCK_SECONDS", "600");

    private static HttpResponse<Buffer> login(String email, String password) {
        return server.post(
                "/v1/auth/login", new JsonObject().put("email", email).put("password", password), null);
    }

    @Test
    void anAccountLocksAfterRepeatedFailuresRefusesEvenTheRightPasswordAndUnlocksByTime() {
        for (int i = 0; i < 3; i++)
            assertEquals(401, login(Demo.TEACHER2, "wrong-password-" + i).statusCode());
        HttpResponse<Buffer> locked = login(Demo.TEACHER2, DemoData.PASSWORD);
        assertProblem(locked, 429, "too-many-requests");
        long retryAfter = Long.parseLong(locked.getHeader("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 601, "Retry-After " + retryAfter);

        server.clock().advance(Duration.ofSeconds(601));
        assertEquals(200, login(Demo.TEACHER2, DemoData.PASSWORD).statusCode());
    }

    @Test
    void anAddressLocksAfterFailuresAcrossManyAccounts() {
        server.clock().advance(Duration.ofHours(1));
        for (int i = 0; i < 8; i++) login("guess" + i + "@example.org", "wrong-password");
        assertProblem(login(Demo.PARENT2, DemoData.PASSWORD), 429, "too-many-requests");
        server.clock().advance(Duration.ofSeconds(601));
        assertEquals(200, login(Demo.PARENT2, DemoData.PASSWORD).statusCode());
    }
}
