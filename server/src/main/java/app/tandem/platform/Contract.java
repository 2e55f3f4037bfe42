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
                // Responses are not validated by the router: one opaque answer stands for them all.
                operation.put(
                        "responses",
                        new JsonObject()
                                .put(
                                        "default",
                                        new JsonObject()
                                                .put("description", "See the published contract")
                                                .put(
                                                        "content",
                                                        new JsonObject()
                                                                .put("application/octet-stream", new JsonObject()))));
            }
        }
        keepRequestSchemasOnly(document);
        return document;
    }

    /**
     * The router's validator copies its whole table of schemas for every value it checks, so the
     * routed copy keeps only what requests use: the component schemas reachable from parameters and
     * request bodies, and no component responses or examples (thousands of entries fewer).
     */
    private static void keepRequestSchemasOnly(JsonObject document) {
        JsonObject components = document.getJsonObject("components", new JsonObject());
        components.remove("responses");
        components.remove("examples");
        JsonObject schemas = components.getJsonObject("schemas", new JsonObject());
        java.util.Set<String> reachable = new java.util.HashSet<>();
        java.util.Deque<Object> todo = new java.util.ArrayDeque<>();
        todo.add(document.getJsonObject("paths", new JsonObject()));
        // Everything else in components (parameters, request bodies) may name schemas too.
        for (String part : components.fieldNames()) if (!part.equals("schemas")) todo.add(components.getValue(part));
        while (!todo.isEmpty()) {
            Object node = todo.poll();
            if (node instanceof JsonObject object) {
                String ref = object.getString("$ref");
                String prefix = "#/components/schemas/";
                if (ref != null && ref.startsWith(prefix)) {
                    String name = ref.substring(prefix.length());
                    if (reachable.add(name) && schemas.containsKey(name)) todo.add(schemas.getValue(name));
                }
                object.forEach(entry -> todo.add(entry.getValue()));
            } else if (node instanceof io.vertx.core.json.JsonArray array) {
                array.forEach(todo::add);
            }
        }
        schemas.fieldNames().removeIf(name -> !reachable.contains(name));
    }
}
