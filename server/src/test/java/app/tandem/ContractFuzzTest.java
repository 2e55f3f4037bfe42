package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.ApiContract;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation of the contract, called with inputs generated from its own schemas, valid and
 * broken (wrong types, too long, missing fields, control characters, unknown fields, malformed
 * ids), as every kind of caller and as no one: no answer is a 5xx, every status is one the
 * operation declares, and every body matches the contract. The seed is fixed, so a failure
 * repeats; the number of calls is bounded.
 */
class ContractFuzzTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final long SEED = 20261202L;
    private static final int VARIANTS = 4;
    /** Signing in and out is exercised by the identity tests; here it would end the callers' sessions. */
    private static final Set<String> SKIPPED = Set.of("logout", "revokeSession");

    private static final Map<String, String> TOKENS = new TreeMap<>();

    @BeforeAll
    static void everyKindOfCaller() {
        TOKENS.put("parent", server.token(Demo.PARENT2));
        TOKENS.put("teacher", server.token(Demo.TEACHER));
        TOKENS.put("senco", server.token(Demo.SENCO));
        TOKENS.put("admin", server.token(Demo.ADMIN));
        TOKENS.put("pupil", Callers.pupilToken(server, Demo.AMARA));
        TOKENS.put("no one", "");
    }

    @Test
    void generatedInputsAsEveryCallerNeverGiveA5xxAnUndeclaredStatusOrABodyOffContract() {
        JsonObject document = ApiContract.document();
        JsonObject paths = document.getJsonObject("paths");
        Random random = new Random(SEED);
        Schemas schemas = new Schemas(document, random);
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (String path : new TreeMap<>(paths.getMap()).keySet()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonObject op = item.getJsonObject(method);
                if (op == null || SKIPPED.contains(op.getString("operationId"))) continue;
                for (int variant = 0; variant < VARIANTS; variant++) {
                    // Valid; broken; valid but for a NUL or control character in its text; broken again.
                    boolean valid = variant % 2 == 0;
                    schemas.poison(variant == 2);
                    for (Map.Entry<String, String> caller : TOKENS.entrySet()) {
                        String url = url(path, item, op, schemas, valid);
                        JsonObject body = op.containsKey("requestBody") ? schemas.body(op, valid) : null;
                        HttpResponse<Buffer> response = send(method, url, body, caller.getValue());
                        calls++;
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        String where =
                                op.getString("operationId") + " as " + caller.getKey() + " " + method.toUpperCase()
                                        + " " + url + (body == null ? "" : " " + abbreviate(body.encode())) + " -> "
                                        + response.statusCode();
                        if (response.statusCode() >= 500) {
                            wrong.add(where + " " + abbreviate(response.bodyAsString()));
                            continue;
                        }
                        try {
                            ApiContract.assertResponse(op.getString("operationId"), response);
                        } catch (AssertionError off) {
                            wrong.add(where + ": " + abbreviate(off.getMessage()));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, calls + " calls, statuses " + statuses);
    }

    private static String url(String path, JsonObject item, JsonObject op, Schemas schemas, boolean valid) {
        String url = path;
        StringBuilder query = new StringBuilder();
        JsonArray parameters = new JsonArray()
                .addAll(item.getJsonArray("parameters", new JsonArray()))
                .addAll(op.getJsonArray("parameters", new JsonArray()));
        for (Object p : parameters) {
            JsonObject parameter = schemas.parameter((JsonObject) p);
            String value = schemas.scalar(parameter.getJsonObject("schema", new JsonObject()), valid);
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            if ("path".equals(parameter.getString("in"))) {
                url = url.replace("{" + parameter.getString("name") + "}", encoded.isEmpty() ? "x" : encoded);
            } else if ("query".equals(parameter.getString("in")) && (valid || schemas.coin())) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(parameter.getString("name"))
                        .append('=')
                        .append(encoded);
            }
        }
        return url + query;
    }

    private static HttpResponse<Buffer> send(String method, String url, JsonObject body, String token) {
        return server.send(HttpMethod.valueOf(method.toUpperCase()), url, body == null ? null : body.toBuffer(), r -> {
            if (body != null) r.putHeader("Content-Type", "application/json");
            return token.isEmpty() ? r : r.bearerTokenAuthentication(token);
        });
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** Values made from the contract's schemas: plausible ones, and broken ones. */
    private static final class Schemas {
        private static final String[] IDS = {Demo.LEO, Demo.AMARA, Demo.SCHOOL, "0d000000-0000-4000-8000-000000000701"};
        private static final String[] BROKEN = {"", "x", "\u0000", "line\nbreak", "1e309", "-1", "null", "ä".repeat(300)
        };

        private final JsonObject components;
        private final JsonObject parameters;
        private final Random random;
        private boolean poison;

        /** While on, otherwise valid text carries a control character (what PostgreSQL refuses). */
        void poison(boolean on) {
            poison = on;
        }

        Schemas(JsonObject document, Random random) {
            this.components = document.getJsonObject("components").getJsonObject("schemas");
            this.parameters = document.getJsonObject("components").getJsonObject("parameters", new JsonObject());
            this.random = random;
        }

        boolean coin() {
            return random.nextBoolean();
        }

        JsonObject parameter(JsonObject p) {
            String ref = p.getString("$ref");
            return ref == null ? p : parameters.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
        }

        JsonObject body(JsonObject op, boolean valid) {
            JsonObject schema = op.getJsonObject("requestBody")
                    .getJsonObject("content")
                    .getJsonObject("application/json", new JsonObject())
                    .getJsonObject("schema", new JsonObject());
            Object value = value(schema, valid, 0);
            return value instanceof JsonObject o ? o : new JsonObject().put("value", value);
        }

        String scalar(JsonObject schema, boolean valid) {
            Object value = value(schema, valid, 0);
            return value instanceof JsonObject || value instanceof JsonArray ? "x" : String.valueOf(value);
        }

        private JsonObject resolve(JsonObject schema) {
            String ref = schema.getString("$ref");
            return ref == null ? schema : resolve(components.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1)));
        }

        private Object value(JsonObject raw, boolean valid, int depth) {
            JsonObject schema = resolve(raw);
            if (!valid && random.nextInt(3) == 0) return BROKEN[random.nextInt(BROKEN.length)];
            if (schema.containsKey("enum")) {
                JsonArray values = schema.getJsonArray("enum");
                return valid ? values.getValue(random.nextInt(values.size())) : "not-one-of-them";
            }
            String type = String.valueOf(schema.getValue("type"));
            if (schema.containsKey("properties") || "object".equals(type)) return object(schema, valid, depth);
            return switch (type) {
                case "array" -> array(schema, valid, depth);
                case "integer" -> valid ? between(schema) : random.nextBoolean() ? Long.MAX_VALUE : -999;
                case "number" -> valid ? (double) between(schema) : Double.MAX_VALUE;
                case "boolean" -> valid ? random.nextBoolean() : (Object) "yes";
                default -> string(schema, valid);
            };
        }

        private long between(JsonObject schema) {
            long min = schema.containsKey("minimum")
                    ? (long) Math.ceil(((Number) schema.getValue("minimum")).doubleValue())
                    : 0;
            long max = schema.containsKey("maximum")
                    ? (long) Math.floor(((Number) schema.getValue("maximum")).doubleValue())
                    : min + 10;
            return min + (max > min ? random.nextLong(max - min + 1) : 0);
        }

        private JsonObject object(JsonObject schema, boolean valid, int depth) {
            JsonObject object = new JsonObject();
            if (depth > 4) return object;
            JsonObject properties = schema.getJsonObject("properties", new JsonObject());
            Set<Object> required =
                    Set.copyOf(schema.getJsonArray("required", new JsonArray()).getList());
            for (String name : properties.fieldNames()) {
                boolean include = required.contains(name) ? (valid || random.nextInt(4) > 0) : random.nextBoolean();
                if (include) object.put(name, value(properties.getJsonObject(name), valid, depth + 1));
            }
            if (!valid && random.nextInt(4) == 0) object.put("unexpectedField", "surprise");
            return object;
        }

        private JsonArray array(JsonObject schema, boolean valid, int depth) {
            JsonArray array = new JsonArray();
            int min = schema.getInteger("minItems", 0);
            int n = valid ? Math.max(min, random.nextInt(3)) : random.nextInt(30);
            for (int i = 0; i < n && depth < 5; i++)
                array.add(value(schema.getJsonObject("items", new JsonObject()), valid, depth + 1));
            return array;
        }

        private String string(JsonObject schema, boolean valid) {
            String format = schema.getString("format", "");
            if (!valid)
                return random.nextBoolean() ? "x".repeat(schema.getInteger("maxLength", 200) + 1) : "bad\u0001value";
            return switch (format) {
                case "uuid" -> random.nextBoolean()
                        ? IDS[random.nextInt(IDS.length)]
                        : UUID.randomUUID().toString();
                case "date" -> "2027-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(9);
                case "date-time" -> "2027-01-1" + random.nextInt(9) + "T1" + random.nextInt(9) + ":00:00Z";
                case "email" -> "fuzz" + random.nextInt(1000) + "@example.org";
                default -> {
                    int min = schema.getInteger("minLength", 1);
                    int max = Math.min(schema.getInteger("maxLength", 40), 40);
                    String text = "a".repeat(Math.max(min, Math.min(max, 1 + random.nextInt(12))));
                    yield poison && schema.getString("pattern") == null
                            ? text + (random.nextBoolean() ? "\u0000" : "\u0007")
                            : text;
                }
            };
        }
    }
}
