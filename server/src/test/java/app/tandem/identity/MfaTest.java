package app.tandem.identity;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.demo.DemoData;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Staff two-step sign-in: enrolment, codes, single-use recovery codes, and a school that requires it. */
class MfaTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static HttpResponse<Buffer> login(String email, String totp) {
        JsonObject body = new JsonObject().put("email", email).put("password", DemoData.PASSWORD);
        if (totp != null) body.put("totp", totp);
        return server.post("/v1/auth/login", body, null);
    }

    /** Enrols and returns {secret, recoveryCodes}. */
    private static JsonObject enrol(String token) {
        HttpResponse<Buffer> started = server.post("/v1/me/mfa/totp", null, token);
        assertResponse("startTotpEnrolment", started);
        String secret = started.bodyAsJsonObject().getString("secret");
        assertProblem(
                server.post("/v1/me/mfa/totp/confirm", new JsonObject().put("code", "000000"), token),
                400,
                "validation");
        HttpResponse<Buffer> confirmed = server.post(
                "/v1/me/mfa/totp/confirm",
                new JsonObject().put("code", Totp.code(secret, server.clock().instant())),
                token);
        assertResponse("confirmTotpEnrolment", confirmed);
        return new JsonObject()
                .put("secret", secret)
                .put("recoveryCodes", confirmed.bodyAsJsonObject().getJsonArray("recoveryCodes"));
    }

    @Test
    void enrolledStaffNeedTheirCodeOrASingleUseRecoveryCode() {
        JsonObject enrolment = enrol(server.token(Demo.SENCO));
        JsonArray recovery = enrolment.getJsonArray("recoveryCodes");
        assertEquals(10, recovery.size());

        assertProblem(login(Demo.SENCO, null), 401, "mfa-required");
        assertProblem(login(Demo.SENCO, "123456"), 401, "unauthorized");
        // The code that confirmed enrolment is spent; the app's next code signs in.
        server.clock().advance(Duration.ofSeconds(30));
        assertEquals(
                200,
                login(
                                Demo.SENCO,
                                Totp.code(
                                        enrolment.getString("secret"),
                                        server.clock().instant()))
                        .statusCode());
        assertEquals(200, login(Demo.SENCO, recovery.getString(0)).statusCode());
        assertProblem(login(Demo.SENCO, recovery.getString(0)), 401, "unauthorized");
        String token =
                login(Demo.SENCO, recovery.getString(1)).bodyAsJsonObject().getString("accessToken");
        assertProblem(server.post("/v1/me/mfa/totp", null, token), 409, "conflict");
    }

    @Test
    void anAuthenticatorCodeSignsInOnceEvenWithinItsWindow() {
        JsonObject enrolment = enrol(server.token(Demo.TEACHER));
        server.clock().advance(Duration.ofSeconds(30));
        String code = Totp.code(enrolment.getString("secret"), server.clock().instant());
        assertEquals(200, login(Demo.TEACHER, code).statusCode());
        assertProblem(login(Demo.TEACHER, code), 401, "unauthorized");
        server.clock().advance(Duration.ofSeconds(20));
        assertProblem(login(Demo.TEACHER, code), 401, "unauthorized");
        String earlier = Totp.code(
                enrolment.getString("secret"), server.clock().instant().minusSeconds(30));
        assertProblem(login(Demo.TEACHER, earlier), 401, "unauthorized");
        server.clock().advance(Duration.ofSeconds(30));
        assertEquals(
                200,
                login(
                                Demo.TEACHER,
                                Totp.code(
                                        enrolment.getString("secret"),
                                        server.clock().instant()))
                        .statusCode(),
                "the next step's code works");
    }

    @Test
    void whenTheSchoolRequiresMfaStaffWithoutItCanOnlyEnrol() {
        server.sql("UPDATE school SET require_staff_mfa = true WHERE id = '" + Demo.SCHOOL + "'");
        try {
            String limited = login(Demo.TEACHER2, null).bodyAsJsonObject().getString("accessToken");
            assertEquals(200, server.get("/v1/me", limited).statusCode());
            assertProblem(server.get("/v1/sessions", limited), 403, "forbidden");
            enrol(limited);
            assertEquals(200, server.get("/v1/sessions", limited).statusCode(), "enrolling unlocks this session");
            assertEquals(
                    200, server.get("/v1/sessions", server.token(Demo.PARENT)).statusCode(), "parents are not asked");
        } finally {
            server.sql("UPDATE school SET require_staff_mfa = false WHERE id = '" + Demo.SCHOOL + "'");
        }
    }

    @Test
    void codesFromAStepEitherSideAreAcceptedButNotOlder() {
        String secret = Totp.newSecret();
        Instant now = Instant.now();
        assertEquals(true, Totp.verify(secret, Totp.code(secret, now.minus(Duration.ofSeconds(30))), now));
        assertEquals(false, Totp.verify(secret, Totp.code(secret, now.minus(Duration.ofSeconds(95))), now));
    }
}
