package app.tandem.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lints `openapi.yaml`: swagger-parser must read it without a single message, and it must keep the
 * conventions every app developer relies on. A failure lists every offending place at once.
 */
class OpenApiLintTest {
    private static final Pattern CAMEL = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final Set<String> OPERATIONS_PATHS = Set.of(
            "/health/live",
            "/health/ready",
            "/metrics",
            "/openapi.yaml",
            "/docs",
            "/docs/{asset}",
            "/.well-known/jwks.json");
    private static OpenAPI api;

    @BeforeAll
    static void parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser()
                .readLocation(Path.of("openapi.yaml").toUri().toString(), null, options);
        assertEquals(List.of(), result.getMessages(), "swagger-parser messages");
        api = result.getOpenAPI();
        assertNotNull(api);
        assertEquals("3.1.0", api.getOpenapi());
    }

    @Test
    void everyOperationHasAUniqueCamelCaseIdASummaryAndAKnownTag() {
        Set<String> tags = new HashSet<>();
        api.getTags().forEach(t -> tags.add(t.getName()));
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        forEachOperation((where, op) -> {
            if (op.getOperationId() == null
                    || !CAMEL.matcher(op.getOperationId()).matches()) problems.add(where + ": operationId");
            else if (!ids.add(op.getOperationId()))
                problems.add(where + ": duplicate operationId " + op.getOperationId());
            if (op.getSummary() == null || op.getSummary().isBlank()) problems.add(where + ": summary");
            if (op.getTags() == null || op.getTags().isEmpty() || !tags.containsAll(op.getTags()))
                problems.add(where + ": tags");
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyOperationDeclaresADefaultProblemResponse() {
        List<String> problems = new ArrayList<>();
        forEachOperation((where, op) -> {
            if (!op.getResponses().containsKey("default")) problems.add(where);
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyOperationWithAPathOrQueryValueDeclaresTheFourHundredItAnswersWhenOneIsMalformed() {
        List<String> problems = new ArrayList<>();
        api.getPaths().forEach((path, item) -> {
            List<io.swagger.v3.oas.models.parameters.Parameter> shared =
                    item.getParameters() == null ? List.of() : item.getParameters();
            item.readOperationsMap().forEach((method, op) -> {
                List<io.swagger.v3.oas.models.parameters.Parameter> all = new ArrayList<>(shared);
                if (op.getParameters() != null) all.addAll(op.getParameters());
                boolean takesValues = all.stream().anyMatch(p -> "path".equals(p.getIn()) || "query".equals(p.getIn()));
                if (takesValues && !op.getResponses().containsKey("400")) problems.add(method + " " + path);
            });
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void apiPathsAreVersionedUnderV1() {
        List<String> problems = new ArrayList<>();
        api.getPaths().keySet().forEach(path -> {
            if (!path.startsWith("/v1/") && !OPERATIONS_PATHS.contains(path)) problems.add(path);
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPathParameterIsDeclared() {
        Pattern template = Pattern.compile("\\{([^}]+)}");
        List<String> problems = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            Set<String> declared = new HashSet<>();
            List<io.swagger.v3.oas.models.parameters.Parameter> all = new ArrayList<>();
            if (item.getParameters() != null) all.addAll(item.getParameters());
            if (op.getParameters() != null) all.addAll(op.getParameters());
            for (var p : all) {
                if (p.get$ref() != null)
                    p = api.getComponents()
                            .getParameters()
                            .get(p.get$ref().substring(p.get$ref().lastIndexOf('/') + 1));
                if ("path".equals(p.getIn())) declared.add(p.getName());
            }
            Matcher m = template.matcher(path);
            while (m.find()) if (!declared.contains(m.group(1))) problems.add(method + " " + path + ": " + m.group(1));
        }));
        assertEquals(List.of(), problems);
    }

    @Test
    void errorResponsesAreProblemJson() {
        List<String> problems = new ArrayList<>();
        forEachOperation((where, op) -> op.getResponses().forEach((status, response) -> {
            if (!status.startsWith("4") && !status.startsWith("5") && !status.equals("default")) return;
            // Probes read readiness as a health document whatever its status.
            if (where.equals("get /health/ready") && status.equals("503")) return;
            ApiResponse resolved = resolve(response);
            if (resolved.getContent() == null
                    || resolved.getContent().size() != 1
                    || !resolved.getContent().containsKey("application/problem+json")) {
                problems.add(where + " " + status);
            }
        }));
        assertEquals(List.of(), problems);
    }

    @Test
    void propertyNamesAreCamelCase() {
        List<String> problems = new ArrayList<>();
        api.getComponents().getSchemas().forEach((name, schema) -> checkProperties(name, schema, problems));
        forEachOperation((where, op) -> {
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                op.getRequestBody()
                        .getContent()
                        .forEach((type, media) -> checkProperties(where, media.getSchema(), problems));
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void requestBodiesRejectUnknownFieldsAndBoundEveryString() {
        List<String> problems = new ArrayList<>();
        forEachOperation((where, op) -> {
            if (op.getRequestBody() == null || op.getRequestBody().getContent() == null) return;
            for (Map.Entry<String, MediaType> media :
                    op.getRequestBody().getContent().entrySet()) {
                if (media.getKey().equals("application/json"))
                    checkClosedAndBounded(where, resolve(media.getValue().getSchema()), problems);
            }
        });
        assertEquals(List.of(), problems);
    }

    /**
     * A file (any body that is neither JSON nor text) is `type: string, format: binary`, the one form
     * generators read as a file: the TypeScript client then types it Blob, where `contentMediaType`
     * alone made it a string and corrupted every download.
     */
    @Test
    void everyFileBodyIsAStringOfFormatBinary() {
        List<String> problems = new ArrayList<>();
        forEachOperation((where, op) -> {
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null)
                op.getRequestBody()
                        .getContent()
                        .forEach((type, media) -> checkFile(where + " request " + type, type, media, problems));
            op.getResponses().forEach((status, response) -> {
                ApiResponse resolved = resolve(response);
                if (resolved.getContent() != null)
                    resolved.getContent()
                            .forEach((type, media) ->
                                    checkFile(where + " " + status + " " + type, type, media, problems));
            });
        });
        assertEquals(List.of(), problems);
    }

    /**
     * The iPhone app's generated Swift client (swift5, generated by the build, not compiled: no Swift
     * toolchain here) takes every upload and gives every download as a file `URL`, never a `String`.
     */
    @Test
    void theGeneratedSwiftClientMovesEveryFileAsAUrl() throws java.io.IOException {
        Path apis = Path.of("target/generated-clients/swift5/TandemAPI/Classes/OpenAPIs/APIs");
        StringBuilder swift = new StringBuilder();
        try (var files = java.nio.file.Files.list(apis)) {
            for (Path file : files.toList()) swift.append(java.nio.file.Files.readString(file));
        }
        List<String> problems = new ArrayList<>();
        int files = 0;
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Operation op : path.getValue().readOperations()) {
                String id = op.getOperationId();
                Matcher signature = Pattern.compile(
                                "open class func " + id + "\\(([^)]*)\\) async throws(?: -> (\\S+))?")
                        .matcher(swift);
                if (!signature.find()) {
                    problems.add(id + ": not in the Swift client");
                    continue;
                }
                boolean upload = op.getRequestBody() != null
                        && op.getRequestBody().getContent().keySet().stream().anyMatch(OpenApiLintTest::isFile);
                boolean download = op.getResponses().values().stream()
                        .map(OpenApiLintTest::resolve)
                        .filter(r -> r.getContent() != null)
                        .anyMatch(r -> r.getContent().keySet().stream().anyMatch(OpenApiLintTest::isFile));
                if (upload && !signature.group(1).contains("body: URL"))
                    problems.add(id + " uploads " + signature.group(1));
                if (download && !"URL".equals(signature.group(2))) problems.add(id + " gives " + signature.group(2));
                if (upload || download) files++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(files >= 10, "file operations found: " + files);
    }

    private static boolean isFile(String type) {
        return !(type.endsWith("json") || type.startsWith("text/") || type.equals("application/yaml"));
    }

    @SuppressWarnings("rawtypes")
    private static void checkFile(String where, String type, MediaType media, List<String> problems) {
        if (!isFile(type)) return;
        Schema schema = resolve(media.getSchema());
        boolean string = schema != null
                && ("string".equals(schema.getType())
                        || (schema.getTypes() != null && schema.getTypes().contains("string")));
        if (!string || !"binary".equals(schema.getFormat())) problems.add(where);
    }

    private static void checkClosedAndBounded(String where, Schema<?> schema, List<String> problems) {
        if (schema == null) return;
        if (schema.getProperties() != null) {
            if (!closed(schema)) problems.add(where + ": additionalProperties must be false");
            schema.getProperties()
                    .forEach(
                            (name, property) -> checkClosedAndBounded(where + "." + name, resolve(property), problems));
        }
        if (schema.getItems() != null) checkClosedAndBounded(where + "[]", resolve(schema.getItems()), problems);
        Set<String> types = schema.getTypes() == null ? Set.of() : schema.getTypes();
        if (types.contains("string")
                && schema.getMaxLength() == null
                && schema.getEnum() == null
                && schema.getFormat() == null) {
            problems.add(where + ": string without maxLength");
        }
        if (types.contains("array") && schema.getMaxItems() == null) problems.add(where + ": array without maxItems");
    }

    /** `additionalProperties: false`, which the 3.1 parser may hold as a boolean schema. */
    private static boolean closed(Schema<?> schema) {
        Object additional = schema.getAdditionalProperties();
        return Boolean.FALSE.equals(additional)
                || (additional instanceof Schema<?> s && Boolean.FALSE.equals(s.getBooleanSchemaValue()));
    }

    private static void checkProperties(String where, Schema<?> schema, List<String> problems) {
        if (schema == null || schema.getProperties() == null) return;
        schema.getProperties().forEach((name, property) -> {
            if (!CAMEL.matcher(name).matches()) problems.add(where + "." + name);
            checkProperties(where + "." + name, property, problems);
        });
    }

    @SuppressWarnings("rawtypes")
    private static Schema resolve(Schema schema) {
        if (schema == null || schema.get$ref() == null) return schema;
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        return api.getComponents().getSchemas().get(name);
    }

    private static ApiResponse resolve(ApiResponse response) {
        if (response.get$ref() == null) return response;
        String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
        return api.getComponents().getResponses().get(name);
    }

    private static void forEachOperation(BiConsumer<String, Operation> check) {
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            path.getValue()
                    .readOperationsMap()
                    .forEach((method, op) ->
                            check.accept(method.name().toLowerCase(java.util.Locale.ROOT) + " " + path.getKey(), op));
        }
    }
}
