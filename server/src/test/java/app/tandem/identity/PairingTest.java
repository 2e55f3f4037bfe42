package app.tandem.identity;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pupils' devices sign in with short-lived, single-use pairing codes; staff can sign them out. */
class PairingTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static JsonObject code(String pupilId, String staff) {
        HttpResponse<Buffer> response =
                server.post("/v1/pupils/" + pupilId + "/pairing-codes", null, server.token(staff));
        assertResponse("createPupilPairingCode", response);
        assertEquals(201, response.statusCode());
        return response.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> redeem(String code) {
        return server.post(
                "/v1/auth/pairing/redeem", new JsonObject().put("code", code).put("deviceName", "Class iPad 3"), null);
    }

    @Test
    void aPupilDeviceRedeemsACodeOnceAndActsAsThePupil() {
        JsonObject code = code(Demo.AMARA, Demo.TEACHER);
        assertEquals("tandem://pair?code=" + code.getString("code"), code.getString("qrPayload"));
        HttpResponse<Buffer> paired = redeem(code.getString("code"));
        assertResponse("redeemPupilPairingCode", paired);
        JsonObject me = server.get("/v1/me", paired.bodyAsJsonObject().getString("accessToken"))
                .bodyAsJsonObject();
        assertEquals("pupil", me.getString("kind"));
        assertEquals(Demo.AMARA, me.getString("id"));
        assertEquals("Amara", me.getString("displayName"));
        assertProblem(redeem(code.getString("code")), 400, "validation");
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        String code = code(Demo.AMARA, Demo.SENCO).getString("code");
        server.clock().advance(Duration.ofMinutes(11));
        assertProblem(redeem(code), 400, "validation");
    }

    @Test
    void staffListAndSignOutAPupilsDevices() {
        String token = redeem(code(Demo.LEO, Demo.TEACHER).getString("code"))
                .bodyAsJsonObject()
                .getString("accessToken");
        HttpResponse<Buffer> devices = server.get("/v1/pupils/" + Demo.LEO + "/devices", server.token(Demo.TEACHER));
        assertResponse("listPupilDevices", devices);
        JsonObject device = devices.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertEquals("Class iPad 3", device.getString("deviceName"));

        assertEquals(
                204,
                server.delete(
                                "/v1/pupils/" + Demo.LEO + "/devices/" + device.getString("id"),
                                server.token(Demo.TEACHER))
                        .statusCode());
        assertProblem(server.get("/v1/me", token), 401, "unauthorized");
        assertTrue(server.get("/v1/pupils/" + Demo.LEO + "/devices", server.token(Demo.TEACHER))
                .bodyAsJsonObject()
                .getJsonArray("items")
                .isEmpty());
    }

    @Test
    void aPupilCannotActOnAnotherPupilOrPairDevices() {
        String pupil = redeem(code(Demo.AMARA, Demo.TEACHER).getString("code"))
                .bodyAsJsonObject()
                .getString("accessToken");
        assertProblem(server.post("/v1/pupils/" + Demo.AMARA + "/pairing-codes", null, pupil), 404, "not-found");
        assertProblem(server.get("/v1/pupils/" + Demo.LEO + "/devices", pupil), 404, "not-found");
    }
}
