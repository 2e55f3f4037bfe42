package app.tandem.identity;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.demo.DemoData;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Parents join with a single-use code that expires; a bad code never says why it is bad. */
class InvitationTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final String PASSWORD = "correct horse battery";

    private static JsonObject invite(String pupilId) {
        return new JsonObject()
                .put("displayName", "Nadia Patel")
                .put(
                        "pupils",
                        new JsonArray()
                                .add(new JsonObject().put("pupilId", pupilId).put("relationship", "mother")));
    }

    private static String createCode(String pupilId) {
        HttpResponse<Buffer> response = server.post("/v1/invitations", invite(pupilId), server.token(Demo.ADMIN));
        assertResponse("createInvitation", response);
        assertEquals(201, response.statusCode());
        return response.bodyAsJsonObject().getString("code");
    }

    private static HttpResponse<Buffer> redeem(String code, String email, String password) {
        return server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject().put("code", code).put("email", email).put("password", password),
                null);
    }

    @Test
    void aParentRedeemsOnceAndIsLinkedToThePupil() {
        String code = createCode(Demo.MAYA);
        HttpResponse<Buffer> joined = redeem(code.toLowerCase().replace("-", " "), "nadia@example.net", PASSWORD);
        assertResponse("redeemInvitation", joined);
        assertEquals(201, joined.statusCode());
        JsonArray pupils = server.get("/v1/me", joined.bodyAsJsonObject().getString("accessToken"))
                .bodyAsJsonObject()
                .getJsonArray("pupils");
        assertEquals(Demo.MAYA, pupils.getJsonObject(0).getString("id"));

        JsonObject again = assertProblem(redeem(code, "someone@example.net", PASSWORD), 400, "validation");
        JsonObject unknown = assertProblem(redeem("AAAAA-BBBBB", "someone@example.net", PASSWORD), 400, "validation");
        assertEquals(unknown.getString("detail"), again.getString("detail"));
    }

    @Test
    void aCodeRedeemedWithAnotherEmailSaysTheEmailDoesNotMatchWithoutRevealingIt() {
        HttpResponse<Buffer> created = server.post(
                "/v1/invitations", invite(Demo.MAYA).put("email", "nadia.patel@example.net"), server.token(Demo.ADMIN));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        String code = created.bodyAsJsonObject().getString("code");
        JsonObject wrong = assertProblem(redeem(code, "nadia@example.org", PASSWORD), 400, "validation");
        String message = wrong.getJsonArray("errors").getJsonObject(0).getString("message");
        assertTrue(message.contains("different email address"), message);
        assertFalse(wrong.encode().contains("nadia.patel@example.net"), "the right address is not revealed");
        assertEquals(201, redeem(code, "Nadia.Patel@example.net", PASSWORD).statusCode(), "the code still works");
    }

    @Test
    void anExpiredCodeGetsTheSameAnswerAsAnUnknownOne() {
        String code = createCode(Demo.MAYA);
        server.clock().advance(Duration.ofDays(15));
        JsonObject expired = assertProblem(redeem(code, "late@example.net", PASSWORD), 400, "validation");
        assertEquals(
                "body.code", expired.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(
                401,
                server.post(
                                "/v1/auth/login",
                                new JsonObject()
                                        .put("email", "late@example.net")
                                        .put("password", PASSWORD),
                                null)
                        .statusCode());
    }

    @Test
    void aWeakPasswordIsRefusedAndTheCodeStaysUsable() {
        String code = createCode(Demo.MAYA);
        JsonObject weak = assertProblem(redeem(code, "weak@example.net", "password123"), 400, "validation");
        assertEquals(
                "body.password", weak.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertProblem(redeem(code, "weak@example.net", "short"), 400, "validation");
        assertEquals(201, redeem(code, "weak@example.net", PASSWORD).statusCode());
    }

    @Test
    void anExistingParentAddsAChildWithTheirOwnPassword() {
        String code = createCode(Demo.MAYA);
        assertProblem(redeem(code, Demo.PARENT2, "not-their-password"), 400, "validation");
        assertEquals(201, redeem(code, Demo.PARENT2, DemoData.PASSWORD).statusCode());
        JsonArray pupils = server.get("/v1/me", server.token(Demo.PARENT2))
                .bodyAsJsonObject()
                .getJsonArray("pupils");
        assertTrue(pupils.stream().anyMatch(p -> Demo.MAYA.equals(((JsonObject) p).getString("id"))));
    }

    @Test
    void onlyAdminsAndSencosInvite() {
        assertProblem(server.post("/v1/invitations", invite(Demo.AMARA), server.token(Demo.TEACHER)), 403, "forbidden");
        assertProblem(server.post("/v1/invitations", invite(Demo.AMARA), server.token(Demo.PARENT)), 403, "forbidden");
        assertEquals(
                201,
                server.post("/v1/invitations", invite(Demo.AMARA), server.token(Demo.SENCO))
                        .statusCode());
    }

    @Test
    void aPupilOfAnotherSchoolIsNotFound() {
        assertProblem(
                server.post(
                        "/v1/invitations", invite("0d000000-0000-4000-8000-00000000ffff"), server.token(Demo.ADMIN)),
                404,
                "not-found");
    }
}
