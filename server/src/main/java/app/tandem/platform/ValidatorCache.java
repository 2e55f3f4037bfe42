package app.tandem.platform;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract as request validation reads it, with one validator kept per schema. Vert.x's
 * request validator asks the schema repository for a new validator for every parameter and body
 * it checks, and each new one copies the repository's whole table of schemas (about 1,800
 * entries): a sixth of the CPU of sending a message went there. A validator holds nothing of one
 * validation (its fields are final, its walk is local), so the same one serves every request on
 * every event loop; there is one per schema of the contract, a few hundred at most.
 */
final class ValidatorCache {
    private ValidatorCache() {}

    static OpenAPIContract of(OpenAPIContract contract) {
        return new Contract(contract, new Repository(contract.getSchemaRepository()));
    }

    private record Repository(SchemaRepository schemas, Map<JsonSchema, Validator> kept) implements SchemaRepository {
        Repository(SchemaRepository schemas) {
            this(schemas, new ConcurrentHashMap<>());
        }

        @Override
        public Validator validator(JsonSchema schema) {
            return kept.computeIfAbsent(schema, schemas::validator);
        }

        @Override
        public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
            return schemas.dereference(schema);
        }

        @Override
        public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
            return schemas.dereference(uri, schema);
        }

        @Override
        public SchemaRepository preloadMetaSchema(FileSystem fs) {
            return schemas.preloadMetaSchema(fs);
        }

        @Override
        public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
            return schemas.preloadMetaSchema(fs, draft);
        }

        @Override
        public Validator validator(String ref) {
            return schemas.validator(ref);
        }

        @Override
        public Validator validator(String ref, JsonSchemaOptions options) {
            return schemas.validator(ref, options);
        }

        @Override
        public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
            return schemas.validator(schema, options, dereference);
        }

        @Override
        public JsonObject resolve(JsonObject schema) {
            return schemas.resolve(schema);
        }

        @Override
        public JsonSchema find(String pointer) {
            return schemas.find(pointer);
        }
    }

    private record Contract(OpenAPIContract contract, SchemaRepository repository) implements OpenAPIContract {
        @Override
        public SchemaRepository getSchemaRepository() {
            return repository;
        }

        @Override
        public Operation operation(String operationId) {
            return contract.operation(operationId);
        }

        @Override
        public List<Operation> operations() {
            return contract.operations();
        }

        @Override
        public List<Path> getPaths() {
            return contract.getPaths();
        }

        @Override
        public JsonObject getRawContract() {
            return contract.getRawContract();
        }

        @Override
        public OpenAPIVersion getVersion() {
            return contract.getVersion();
        }

        @Override
        public List<Server> getServers() {
            return contract.getServers();
        }

        @Override
        public Path findPath(String urlPath) {
            return contract.findPath(urlPath);
        }

        @Override
        public Operation findOperation(String urlPath, HttpMethod method) {
            return contract.findOperation(urlPath, method);
        }

        @Override
        public List<SecurityRequirement> getSecurityRequirements() {
            return contract.getSecurityRequirements();
        }

        @Override
        public SecurityScheme securityScheme(String name) {
            return contract.securityScheme(name);
        }
    }
}
