package app.tandem.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An access token's signature is checked once per replica and the result kept until the token
 * expires; signing out, and expiry, still end access at once.
 */
class TokenCacheTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    @Test
    void aTokenIsVerifiedOnceAndSigningOutStillEndsItsAccessAtOnce() {
        JsonObject signedIn = server.login(Demo.PARENT, app.tandem.demo.DemoData.PASSWORD);
        String token = signedIn.getString("accessToken");
        Identity identity = server.app().identity();
        long before = identity.signatureChecks();
        for (int i = 0; i < 5; i++)
            assertEquals(200, server.get("/v1/me", token).statusCode());
        assertEquals(1, identity.signatureChecks() - before, "five requests, one signature check");

        assertEquals(204, server.post("/v1/auth/logout", null, token).statusCode());
        assertEquals(401, server.get("/v1/me", token).statusCode(), "the session is checked on every request");
    }

    @Test
    void aCachedTokenStillExpires() {
        String token = server.token(Demo.PARENT2);
        assertEquals(200, server.get("/v1/me", token).statusCode());
        server.clock().advance(Duration.ofMinutes(17));
        try {
            assertEquals(401, server.get("/v1/me", token).statusCode());
        } finally {
            server.clock().advance(Duration.ofMinutes(-17));
        }
    }
}
