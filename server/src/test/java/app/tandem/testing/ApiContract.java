package app.tandem.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.tandem.platform.Contract;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The published contract, as the tests read it: every response a test checks must be one the
 * operation declares, with the declared media type, and a body valid against the declared schema.
 */
public final class ApiContract {
    private static final String BASE = "https://contract.tandem.test/openapi";
    private static final JsonObject DOCUMENT = load();
    private static final SchemaRepository SCHEMAS = SchemaRepository.create(new JsonSchemaOptions()
                    .setDraft(Draft.DRAFT202012)
                    .setBaseUri(BASE)
                    .setOutputFormat(OutputFormat.Basic))
            .dereference(BASE, JsonSchema.of(DOCUMENT.copy()));

    private ApiContract() {}

    public static JsonObject document() {
        return DOCUMENT.copy();
    }

    /** Checks status, media type and body of a response against what the operation declares. */
    public static void assertResponse(String operationId, HttpResponse<Buffer> response) {
        JsonObject operation = operation(operationId);
        JsonObject declared =
                resolve(operation.getJsonObject("responses").getJsonObject(Integer.toString(response.statusCode())));
        if (declared == null)
            declared = resolve(operation.getJsonObject("responses").getJsonObject("default"));
        if (declared == null)
            fail(operationId + " does not declare status " + response.statusCode() + ": " + response.bodyAsString());
        String mediaType = mediaType(response);
        JsonObject content = declared.getJsonObject("content");
        if (content == null) {
            assertTrue(response.body() == null || response.body().length() == 0, operationId + " declares no body");
            return;
        }
        JsonObject media = content.getJsonObject(mediaType);
        if (media == null) media = content.getJsonObject(mediaType.replaceFirst("/.*", "/*"));
        assertNotNull(
                media,
                operationId + " " + response.statusCode() + " does not declare " + mediaType + " (declares "
                        + content.fieldNames() + ")");
        if (mediaType.endsWith("json")) {
            assertValid(media.getJsonObject("schema"), response.bodyAsJson(Object.class));
        }
    }

    /** Checks that a response is an RFC 9457 problem of the given status and type, valid against the schema. */
    public static JsonObject assertProblem(HttpResponse<Buffer> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertEquals("application/problem+json", mediaType(response));
        JsonObject body = response.bodyAsJsonObject();
        assertValid(component("Problem"), body);
        assertEquals("urn:tandem:problem:" + type, body.getString("type"));
        assertEquals(status, body.getInteger("status"));
        assertEquals(response.getHeader("X-Request-Id"), body.getString("requestId"));
        return body;
    }

    /** A schema that points at one of the contract's named schemas. */
    public static JsonObject component(String name) {
        return new JsonObject().put("$ref", "#/components/schemas/" + name);
    }

    /** Validates a value against a schema of the contract; its $refs resolve within the contract. */
    public static void assertValid(JsonObject schema, Object value) {
        OutputUnit result = SCHEMAS.validator(JsonSchema.of((JsonObject) absolute(schema.copy())))
                .validate(value);
        if (!Boolean.TRUE.equals(result.getValid())) {
            fail("does not match " + schema.encode() + ": " + result.toJson().encodePrettily() + "\nvalue: " + value);
        }
    }

    /** Local refs (`#/components/...`) point into the contract document held by the repository. */
    private static Object absolute(Object node) {
        if (node instanceof JsonObject object) {
            for (String key : object.fieldNames()) {
                Object value = object.getValue(key);
                if (key.equals("$ref") && value instanceof String ref && ref.startsWith("#"))
                    object.put(key, BASE + ref);
                else absolute(value);
            }
        } else if (node instanceof io.vertx.core.json.JsonArray array) {
            array.forEach(ApiContract::absolute);
        }
        return node;
    }

    public static JsonObject operation(String operationId) {
        JsonObject paths = DOCUMENT.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op && operationId.equals(op.getString("operationId")))
                    return op;
            }
        }
        throw new AssertionError("no operation " + operationId + " in openapi.yaml");
    }

    private static JsonObject resolve(JsonObject maybeRef) {
        if (maybeRef == null || !maybeRef.containsKey("$ref")) return maybeRef;
        JsonObject node = DOCUMENT;
        for (String part : maybeRef.getString("$ref").substring(2).split("/")) node = node.getJsonObject(part);
        return node;
    }

    public static String mediaType(HttpResponse<Buffer> response) {
        String header = response.getHeader("Content-Type");
        if (header == null) return "";
        return header.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    private static JsonObject load() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(Contract.RESOURCE)) {
            return Contract.parse(Buffer.buffer(in.readAllBytes()));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
