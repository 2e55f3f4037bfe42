package app.tandem.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The contract's request schemas by operation, for saying what a field allows: the body schema and
 * each path and query parameter's schema, with local `$ref`s followed.
 */
public final class ContractSchemas {
    private static final String REF = "#/components/schemas/";

    private final JsonObject components;
    private final Map<String, JsonObject> bodies = new HashMap<>();
    private final Map<String, JsonObject> parameters = new HashMap<>();

    public ContractSchemas(JsonObject contract) {
        JsonObject shared = contract.getJsonObject("components", new JsonObject());
        this.components = shared.getJsonObject("schemas", new JsonObject());
        JsonObject namedParameters = shared.getJsonObject("parameters", new JsonObject());
        JsonObject paths = contract.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject op)) continue;
                String id = op.getString("operationId");
                JsonObject body = op.getJsonObject("requestBody", new JsonObject())
                        .getJsonObject("content", new JsonObject())
                        .getJsonObject("application/json", new JsonObject())
                        .getJsonObject("schema");
                if (body != null) bodies.put(id, body);
                JsonArray all = new JsonArray()
                        .addAll(item.getJsonArray("parameters", new JsonArray()))
                        .addAll(op.getJsonArray("parameters", new JsonArray()));
                for (Object p : all) {
                    JsonObject parameter = (JsonObject) p;
                    String ref = parameter.getString("$ref");
                    if (ref != null) parameter = namedParameters.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
                    if (parameter == null) continue;
                    parameters.put(
                            id + " " + parameter.getString("in") + "." + parameter.getString("name"),
                            parameter.getJsonObject("schema", new JsonObject()));
                }
            }
        }
    }

    /** The schema of a body field, given the validator's keyword location (`#/properties/a/items/maxLength`). */
    public JsonObject bodyField(String operationId, String keywordLocation) {
        JsonObject schema = bodies.get(operationId);
        if (schema == null || keywordLocation == null) return new JsonObject();
        String[] segments = keywordLocation.replaceFirst("^#/?", "").split("/");
        for (int i = 0; i < segments.length - 1 && schema != null; i++) {
            schema = resolve(schema);
            Object next = schema.getValue(segments[i]);
            schema = next instanceof JsonObject o ? o : schema;
        }
        return schema == null ? new JsonObject() : resolve(schema);
    }

    /** The operation's JSON request body schema; null when it takes none. */
    public JsonObject body(String operationId) {
        return bodies.get(operationId);
    }

    /** The schema of a path or query value (`query.limit`). */
    public JsonObject parameter(String operationId, String field) {
        return resolve(parameters.getOrDefault(operationId + " " + field, new JsonObject()));
    }

    /** The schema a local `$ref` names, or the schema itself. */
    public JsonObject resolve(JsonObject schema) {
        String ref = schema.getString("$ref");
        if (ref == null || !ref.startsWith(REF)) return schema;
        JsonObject target = components.getJsonObject(ref.substring(REF.length()));
        return target == null ? schema : resolve(target);
    }
}
