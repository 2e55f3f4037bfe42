package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.ApiContract;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API docs show app developers an example of every JSON request body, and each example is a
 * body the contract accepts: a realistic one from the demo school, not a string made from a pattern.
 */
class RequestExamplesTest {
    @Test
    void everyJsonRequestBodyHasAnExampleTheContractAccepts() {
        JsonObject document = ApiContract.document();
        JsonObject paths = document.getJsonObject("paths");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("requestBody")) continue;
                JsonObject body = resolve(document, op.getJsonObject("requestBody"));
                JsonObject media = body.getJsonObject("content").getJsonObject("application/json");
                if (media == null) continue;
                JsonObject schema = media.getJsonObject("schema");
                // OpenAPI 3.1 allows them on the schema (`examples`, a list) or the media type
                // (`example`, or `examples` by name).
                JsonArray examples = resolve(document, schema)
                        .getJsonArray("examples", new JsonArray())
                        .copy();
                if (media.containsKey("example")) examples.add(media.getValue("example"));
                JsonObject named = media.getJsonObject("examples", new JsonObject());
                named.fieldNames()
                        .forEach(n -> examples.add(named.getJsonObject(n).getValue("value")));
                if (examples.isEmpty()) {
                    missing.add(op.getString("operationId"));
                    continue;
                }
                for (Object example : examples) {
                    ApiContract.assertValid(schema, example);
                    checked++;
                }
            }
        }
        assertEquals(List.of(), missing, "request bodies without an example");
        assertTrue(checked >= 70, "examples checked: " + checked);
    }

    private static JsonObject resolve(JsonObject document, JsonObject maybeRef) {
        if (!maybeRef.containsKey("$ref")) return maybeRef;
        JsonObject node = document;
        for (String part : maybeRef.getString("$ref").substring(2).split("/")) node = node.getJsonObject(part);
        return node;
    }
}
