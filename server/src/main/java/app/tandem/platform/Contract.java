package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * `mobile-api-spec/openapi.yaml`, as served to app developers and as routed. The router validates
 * requests only, and its contract parser refuses response media types it cannot validate (problem+json,
 * text, HTML, YAML, calendars), so the routed copy declares every response as opaque bytes. Tests
 * check responses against the document itself.
 */
public record Contract(Buffer yaml, JsonObject document, OpenAPIContract routable) {
    public static final String RESOURCE = "mobile-api-spec/openapi.yaml";

    public static Future<Contract> load(Vertx vertx) {
        // Parsing some 8,000 lines of YAML is work for a worker, not an event loop.
        return vertx.fileSystem().readFile(RESOURCE).compose(yaml -> vertx.executeBlocking(() -> parse(yaml), false)
                .compose(document -> OpenAPIContract.from(vertx, opaqueResponses(document.copy()))
                        .map(routable -> new Contract(yaml, document, routable))));
    }

    /** Operations whose contract says `security: []`: callable without signing in. */
    public java.util.Set<String> publicOperations() {
        java.util.Set<String> open = new java.util.HashSet<>();
        JsonObject paths = document.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op
                        && op.getJsonArray("security") != null
                        && op.getJsonArray("security").isEmpty()) {
                    open.add(op.getString("operationId"));
                }
            }
        }
        return open;
    }

    @SuppressWarnings("unchecked")
    public static JsonObject parse(Buffer yaml) {
        Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
        return new JsonObject((Map<String, Object>) parser.load(yaml.toString()));
    }

    private static JsonObject opaqueResponses(JsonObject document) {
        // `servers` tells app developers where a school's Tandem lives; routes are always from the root.
        document.remove("servers");
        JsonObject paths = document.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject operation)) continue;
                // Bodies the validator cannot read (CSV, for example) are checked by their handler instead.
                JsonObject body = operation.getJsonObject("requestBody");
                if (body != null
                        && body.getJsonObject("content") != null
                        && !body.getJsonObject("content").containsKey("application/json")) {
                    operation.remove("requestBody");
                }
                JsonObject responses = operation.getJsonObject("responses", new JsonObject());
                for (String status : responses.fieldNames()) {
                    responses.put(
                            status,
                            new JsonObject()
                                    .put("description", "See the published contract")
                                    .put(
                                            "content",
                                            new JsonObject().put("application/octet-stream", new JsonObject())));
                }
            }
        }
        return document;
    }
}
