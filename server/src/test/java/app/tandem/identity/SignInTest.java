package app.tandem.identity;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.demo.DemoData;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing in with a password, and what `getMe` tells each kind of person. */
class SignInTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static JsonObject login(String email, String password) {
        return new JsonObject().put("email", email).put("password", password);
    }

    @Test
    void parentSignsInAndSeesTheirChildrenOldestFirst() {
        HttpResponse<Buffer> response = server.post("/v1/auth/login", login(Demo.PARENT, DemoData.PASSWORD), null);
        assertResponse("login", response);
        JsonObject tokens = response.bodyAsJsonObject();
        assertEquals("Bearer", tokens.getString("tokenType"));
        assertEquals(900, tokens.getInteger("expiresIn"));

        HttpResponse<Buffer> me = server.get("/v1/me", tokens.getString("accessToken"));
        assertResponse("getMe", me);
        JsonArray pupils = me.bodyAsJsonObject().getJsonArray("pupils");
        assertEquals(3, pupils.size(), "Kofi at Riverside, Amara and Sam at Oakfield");
        assertEquals("Kofi", pupils.getJsonObject(0).getString("firstName"));
        assertEquals(
                "Riverside Academy",
                pupils.getJsonObject(0).getJsonObject("school").getString("name"));
        assertEquals(Demo.AMARA, pupils.getJsonObject(1).getString("id"));
        assertEquals(
                "Oakfield Primary School",
                pupils.getJsonObject(1).getJsonObject("school").getString("name"));
        assertEquals("Sam", pupils.getJsonObject(2).getString("preferredName"));
    }

    @Test
    void blockedParentSignsInButSeesNoChild() {
        HttpResponse<Buffer> me = server.get("/v1/me", server.token(Demo.BLOCKED));
        assertResponse("getMe", me);
        assertEquals(new JsonArray(), me.bodyAsJsonObject().getJsonArray("pupils"));
    }

    @Test
    void teacherSeesTheirClassesAndRoles() {
        HttpResponse<Buffer> me = server.get("/v1/me", server.token(Demo.TEACHER));
        assertResponse("getMe", me);
        JsonObject body = me.bodyAsJsonObject();
        assertEquals(new JsonArray().add("teacher"), body.getJsonArray("roles"));
        assertEquals("5 Oak", body.getJsonArray("classes").getJsonObject(0).getString("name"));
        assertEquals(false, body.getJsonObject("mfa").getBoolean("enrolled"));
    }

    @Test
    void emailIsCaseInsensitive() {
        assertEquals(
                200,
                server.post("/v1/auth/login", login("Parent2@Example.ORG", DemoData.PASSWORD), null)
                        .statusCode());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        JsonObject wrong = assertProblem(
                server.post("/v1/auth/login", login(Demo.TEACHER2, "not-the-password"), null), 401, "unauthorized");
        JsonObject unknown = assertProblem(
                server.post("/v1/auth/login", login("nobody@example.org", "not-the-password"), null),
                401,
                "unauthorized");
        assertEquals(wrong.getString("detail"), unknown.getString("detail"));
    }

    @Test
    void operationsNeedABearerToken() {
        HttpResponse<Buffer> none = server.get("/v1/me");
        assertProblem(none, 401, "unauthorized");
        assertTrue(none.getHeader("WWW-Authenticate").startsWith("Bearer"));
        assertProblem(server.get("/v1/me", "not-a-token"), 401, "unauthorized");
    }

    @Test
    void malformedJsonIsA400ThatChangesNothing() {
        HttpResponse<Buffer> response = server.send(
                HttpMethod.POST,
                "/v1/auth/login",
                Buffer.buffer("{\"email\": \"parent@"),
                r -> r.putHeader("Content-Type", "application/json"));
        assertProblem(response, 400, "malformed-json");
    }

    @Test
    void badFieldsAreNamed() {
        assertField(login(Demo.PARENT, DemoData.PASSWORD).put("role", "admin"), "body.role");
        assertField(login("not-an-email", DemoData.PASSWORD), "body.email");
        assertField(login(Demo.PARENT, "x".repeat(129)), "body.password");
        assertField(login(Demo.PARENT, DemoData.PASSWORD).put("deviceName", "phone\u0007"), "body.deviceName");
        assertField(new JsonObject().put("email", Demo.PARENT), "body.password");
        assertField(login(Demo.PARENT, DemoData.PASSWORD).put("email", 42), "body.email");
    }

    private static void assertField(JsonObject body, String field) {
        JsonObject problem = assertProblem(server.post("/v1/auth/login", body, null), 400, "validation");
        JsonArray errors = problem.getJsonArray("errors");
        assertNotNull(errors, problem.encode());
        assertTrue(
                errors.stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))),
                field + " in " + errors.encode());
    }

    @Test
    void jwksPublishesPublicKeysOnly() {
        HttpResponse<Buffer> response = server.get("/.well-known/jwks.json");
        assertResponse("getJwks", response);
        JsonObject key = response.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
        assertEquals("EC", key.getString("kty"));
        assertEquals("P-256", key.getString("crv"));
        assertTrue(!key.containsKey("d"), "no private part");
    }
}
