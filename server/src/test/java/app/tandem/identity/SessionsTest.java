package app.tandem.identity;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.demo.DemoData;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refresh tokens rotate on every use; reuse ends the session; devices can be listed and signed out. */
class SessionsTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static HttpResponse<Buffer> refresh(String refreshToken) {
        return server.post("/v1/auth/refresh", new JsonObject().put("refreshToken", refreshToken), null);
    }

    @Test
    void refreshRotatesTheTokenAndTheOldOneStopsWorking() {
        JsonObject first = server.login(Demo.PARENT2, DemoData.PASSWORD);
        HttpResponse<Buffer> response = refresh(first.getString("refreshToken"));
        assertResponse("refreshSession", response);
        JsonObject second = response.bodyAsJsonObject();
        assertNotEquals(first.getString("refreshToken"), second.getString("refreshToken"));
        assertEquals(200, server.get("/v1/me", second.getString("accessToken")).statusCode());
        assertEquals(200, refresh(second.getString("refreshToken")).statusCode());
    }

    @Test
    void reusingARefreshTokenRevokesTheWholeSession() {
        JsonObject first = server.login(Demo.PARENT2, DemoData.PASSWORD);
        JsonObject second = refresh(first.getString("refreshToken")).bodyAsJsonObject();

        assertProblem(refresh(first.getString("refreshToken")), 401, "unauthorized");

        assertProblem(refresh(second.getString("refreshToken")), 401, "unauthorized");
        assertProblem(server.get("/v1/me", second.getString("accessToken")), 401, "unauthorized");
        long recorded = server.app()
                .pool()
                .query("SELECT count(*) FROM security_event WHERE kind = 'refresh-token-reuse'")
                .execute()
                .await()
                .iterator()
                .next()
                .getLong(0);
        assertTrue(recorded >= 1, "the reuse is recorded for the school's data protection officer");
    }

    @Test
    void racingRefreshesWithOneTokenLetExactlyOneWin() throws Exception {
        String token = server.login(Demo.TEACHER2, DemoData.PASSWORD).getString("refreshToken");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) racers.add(() -> refresh(token).statusCode());
            int wins = 0;
            for (Future<Integer> result : pool.invokeAll(racers)) if (result.get() == 200) wins++;
            assertEquals(1, wins);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logoutEndsTheSessionForBothTokens() {
        JsonObject tokens = server.login(Demo.PARENT, DemoData.PASSWORD);
        assertEquals(
                204,
                server.post("/v1/auth/logout", null, tokens.getString("accessToken"))
                        .statusCode());
        assertProblem(server.get("/v1/me", tokens.getString("accessToken")), 401, "unauthorized");
        assertProblem(refresh(tokens.getString("refreshToken")), 401, "unauthorized");
    }

    @Test
    void devicesAreListedAndOneCanBeSignedOutFromAnother() {
        JsonObject phone = server.login(Demo.SENCO, DemoData.PASSWORD);
        JsonObject tablet = server.post(
                        "/v1/auth/login",
                        new JsonObject()
                                .put("email", Demo.SENCO)
                                .put("password", DemoData.PASSWORD)
                                .put("deviceName", "School iPad"),
                        null)
                .bodyAsJsonObject();

        HttpResponse<Buffer> list = server.get("/v1/sessions", phone.getString("accessToken"));
        assertResponse("listSessions", list);
        JsonArray items = list.bodyAsJsonObject().getJsonArray("items");
        assertTrue(items.size() >= 2);
        JsonObject ipad = items.stream()
                .map(JsonObject.class::cast)
                .filter(s -> "School iPad".equals(s.getString("deviceName")))
                .findFirst()
                .orElseThrow();
        assertEquals(false, ipad.getBoolean("current"));

        assertEquals(
                204,
                server.delete("/v1/sessions/" + ipad.getString("id"), phone.getString("accessToken"))
                        .statusCode());
        assertProblem(server.get("/v1/me", tablet.getString("accessToken")), 401, "unauthorized");
        assertEquals(200, server.get("/v1/me", phone.getString("accessToken")).statusCode());
    }

    @Test
    void someoneElsesSessionIsNotFound() {
        JsonObject mine = server.login(Demo.TEACHER, DemoData.PASSWORD);
        JsonObject theirs = server.login(Demo.PARENT, DemoData.PASSWORD);
        String theirSession = server.get("/v1/sessions", theirs.getString("accessToken"))
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        assertProblem(server.delete("/v1/sessions/" + theirSession, mine.getString("accessToken")), 404, "not-found");
        assertEquals(200, server.get("/v1/me", theirs.getString("accessToken")).statusCode());
    }
}
