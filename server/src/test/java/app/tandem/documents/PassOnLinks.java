package app.tandem.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** A link to Leo's plan for the educational psychologist, handed to the SENCO (no email) as tests make it. */
final class PassOnLinks {
    static final String LEO_PLAN_V2 = "0d000000-0000-4000-8000-000000000b12";

    private PassOnLinks() {}

    /** The link made with these extra fields: {link, token, code, share id}. */
    static String[] make(TestServer server, JsonObject extra) {
        JsonObject body = new JsonObject()
                .put("versionIds", new JsonArray().add(LEO_PLAN_V2))
                .put("recipientName", "Dr Sam Lee")
                .put("recipientOrganisation", "Northshire Educational Psychology Service")
                .put("purpose", "professional-assessment")
                .mergeIn(extra);
        HttpResponse<Buffer> created =
                server.post("/v1/pupils/" + Demo.LEO + "/shares", body, server.token(Demo.SENCO));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject json = created.bodyAsJsonObject();
        String link = json.getString("link");
        return new String[] {
            link,
            link.substring(link.lastIndexOf('/') + 1),
            json.getString("code"),
            json.getJsonObject("share").getString("id")
        };
    }
}
