package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.platform.ApiRouter;
import app.tandem.platform.BodyLimits;
import app.tandem.platform.Contract;
import app.tandem.platform.Operation;
import app.tandem.testing.ApiContract;
import app.tandem.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract and the handlers agree, in both directions, and the app fails to start when they do not. */
class ContractRoutingTest {
    @RegisterExtension
    static TestServer server = new TestServer();

    private static Vertx vertx;
    private static Contract contract;
    private static Map<String, Operation> bindings;

    @BeforeAll
    static void loadContract() {
        vertx = Vertx.vertx();
        contract = Contract.load(vertx).await();
        bindings = Capabilities.operations(server.app().capabilities());
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    @Test
    void everyOperationInTheContractHasExactlyOneHandler() {
        Set<String> operationIds = new HashSet<>();
        contract.routable().operations().forEach(op -> operationIds.add(op.getOperationId()));
        assertEquals(operationIds, bindings.keySet());
    }

    @Test
    void everyMountedRouteIsAPathInTheContract() {
        Router router = ApiRouter.create(
                vertx,
                contract.routable(),
                bindings,
                new BodyLimits(1024 * 1024, Map.of()),
                id -> ctx -> ctx.next(),
                contract.publicOperations(),
                new app.tandem.platform.TextRules(new app.tandem.platform.ContractSchemas(contract.document())),
                false,
                id -> null);
        Set<String> specPaths = new HashSet<>();
        contract.routable().getPaths().forEach(p -> specPaths.add(p.getName().replaceAll("\\{([^}]+)}", ":$1")));
        Set<String> routed = new HashSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null) continue; // root handlers: request id, body limit
            assertTrue(specPaths.contains(route.getPath()), "mounted but not in openapi.yaml: " + route.getPath());
            routed.add(route.getPath());
        }
        assertEquals(specPaths, routed);
    }

    @Test
    void anOperationWithoutAHandlerStopsStartUp() {
        Map<String, Operation> missing = new HashMap<>(bindings);
        missing.remove("getLiveness");
        IllegalStateException ex = assertThrows(
                IllegalStateException.class,
                () -> ApiRouter.create(
                        vertx,
                        contract.routable(),
                        missing,
                        new BodyLimits(1024, Map.of()),
                        id -> ctx -> ctx.next(),
                        Set.of(),
                        new app.tandem.platform.TextRules(new app.tandem.platform.ContractSchemas(contract.document())),
                        false,
                        id -> null));
        assertTrue(ex.getMessage().contains("getLiveness"), ex.getMessage());
    }

    @Test
    void aHandlerWithoutAnOperationStopsStartUp() {
        Map<String, Operation> extra = new HashMap<>(bindings);
        extra.put("listSecretThings", ctx -> Future.succeededFuture());
        IllegalStateException ex = assertThrows(
                IllegalStateException.class,
                () -> ApiRouter.create(
                        vertx,
                        contract.routable(),
                        extra,
                        new BodyLimits(1024, Map.of()),
                        id -> ctx -> ctx.next(),
                        Set.of(),
                        new app.tandem.platform.TextRules(new app.tandem.platform.ContractSchemas(contract.document())),
                        false,
                        id -> null));
        assertTrue(ex.getMessage().contains("listSecretThings"), ex.getMessage());
    }

    @Test
    void everyParameterlessGetAnswersWhatTheContractDeclares() {
        JsonObject paths = ApiContract.document().getJsonObject("paths");
        int called = 0;
        for (String path : paths.fieldNames()) {
            JsonObject get = paths.getJsonObject(path).getJsonObject("get");
            if (get == null
                    || path.contains("{")
                    || !get.containsKey("security")
                    || !get.getJsonArray("security").isEmpty()) continue;
            HttpResponse<Buffer> response = server.get(path);
            assertNotEquals(404, response.statusCode(), path);
            ApiContract.assertResponse(get.getString("operationId"), response);
            called++;
        }
        assertTrue(called >= 5, "public operations called: " + called);
    }
}
