package app.tandem.testing;

import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Messaging calls as the app makes them, each checked against the contract. */
public final class Conversations {
    private Conversations() {}

    public static JsonObject start(TestServer server, String token, JsonObject body) {
        HttpResponse<Buffer> response = server.post("/v1/conversations", body, token);
        assertResponse("startConversation", response);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    public static HttpResponse<Buffer> send(
            TestServer server, String token, String conversationId, String clientId, String text) {
        JsonObject body = new JsonObject().put("clientMessageId", clientId);
        if (text != null) body.put("text", text);
        HttpResponse<Buffer> response = server.post("/v1/conversations/" + conversationId + "/messages", body, token);
        assertResponse("sendMessage", response);
        return response;
    }

    public static JsonArray messages(TestServer server, String token, String conversationId) {
        HttpResponse<Buffer> response =
                server.get("/v1/conversations/" + conversationId + "/messages?limit=100", token);
        assertResponse("listMessages", response);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("items");
    }

    public static HttpResponse<Buffer> patch(TestServer server, String path, JsonObject body, String token) {
        return server.send(HttpMethod.PATCH, path, body.toBuffer(), r -> r.putHeader("Content-Type", "application/json")
                .bearerTokenAuthentication(token));
    }
}
