package app.tandem.platform;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds the HTTP router from the contract: every operation in `openapi.yaml` is bound to exactly
 * one handler, requests are validated against the contract before a handler sees them, and every
 * failure is answered as problem+json.
 */
public final class ApiRouter {
    private static final List<Integer> ERROR_STATUSES =
            List.of(400, 401, 403, 404, 405, 406, 409, 413, 415, 429, 500, 501, 502, 503, 504);

    private ApiRouter() {}

    /**
     * @param authenticatorFor the handler that establishes the caller of an operation needing one
     * @param publicOperations operations the contract lets anyone call (`security: []`)
     */
    public static Router create(
            Vertx vertx,
            OpenAPIContract contract,
            Map<String, Operation> bindings,
            BodyLimits bodyLimits,
            Function<String, Handler<RoutingContext>> authenticatorFor,
            Set<String> publicOperations,
            TextRules textRules,
            boolean trustForwarded,
            Function<String, Handler<RoutingContext>> recorderFor) {
        requireEveryOperationBound(contract, bindings);
        ProblemResponder problems = new ProblemResponder(textRules.schemas());
        RouterBuilder builder =
                RouterBuilder.create(vertx, ValidatorCache.of(contract), RequestExtractor.withBodyHandler());
        // HEAD is GET without the body (RFC 9110 9.3.2): the same route, checks and audit; Vert.x sends
        // the headers and leaves the body out for a HEAD request.
        builder.rootHandler(new HeadAsGet());
        builder.rootHandler(new RequestLog());
        builder.rootHandler(bodyLimits.announced());
        builder.rootHandler(bodyLimits.reader());
        builder.rootHandler(bodyLimits.received());
        for (OpenAPIRoute route : builder.getRoutes()) {
            String operationId = route.getOperation().getOperationId();
            route.setDoSecurity(false);
            // Malformed input is a 400 before anything else, signed in or not.
            route.addHandler(textRules.forOperation(operationId));
            if (!publicOperations.contains(operationId)) route.addHandler(authenticatorFor.apply(operationId));
            // Special category data: the audit event is written before the handler runs or its answer leaves.
            Handler<RoutingContext> recorder = recorderFor.apply(operationId);
            if (recorder != null) route.addHandler(recorder);
            route.addHandler(invoke(bindings.get(operationId)));
            route.addFailureHandler(problems);
        }
        Router router = builder.createRouter();
        // Behind an ingress, the client's address (for brute-force limits) is in X-Forwarded-For.
        if (trustForwarded) router.allowForward(AllowForwardHeaders.X_FORWARD);
        Handler<RoutingContext> notAllowed = withAllow(contract, problems);
        ERROR_STATUSES.forEach(status -> router.errorHandler(status, status == 405 ? notAllowed : problems));
        return router;
    }

    /** Reroutes HEAD as GET before anything else runs (a platform handler, so first in the chain). */
    private static final class HeadAsGet implements io.vertx.ext.web.handler.PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD)
                ctx.reroute(io.vertx.core.http.HttpMethod.GET, ctx.request().uri());
            else ctx.next();
        }
    }

    /** A 405 says which methods the address takes (RFC 9110 15.5.6: `Allow`), HEAD wherever GET. */
    private static Handler<RoutingContext> withAllow(OpenAPIContract contract, Handler<RoutingContext> problems) {
        Map<java.util.regex.Pattern, String> allowed = new java.util.LinkedHashMap<>();
        Map<java.util.regex.Pattern, String> templates = new java.util.HashMap<>();
        for (io.vertx.openapi.contract.Path path : contract.getPaths()) {
            Set<String> methods = new TreeSet<>();
            path.getOperations().forEach(op -> methods.add(op.getHttpMethod().name()));
            if (methods.contains("GET")) methods.add("HEAD");
            StringBuilder regex = new StringBuilder();
            for (String part : path.getName().split("\\{[^/}]+}", -1)) {
                if (regex.length() > 0 || path.getName().startsWith("{")) regex.append("[^/]+");
                regex.append(java.util.regex.Pattern.quote(part));
            }
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex.toString());
            allowed.put(pattern, String.join(", ", methods));
            // Counted under the address's route, as its other requests are (`/v1/pupils/:pupilId`).
            templates.put(pattern, path.getName().replaceAll("\\{([^/}]+)}", ":$1"));
        }
        return ctx -> {
            String path = ctx.request().path();
            allowed.entrySet().stream()
                    .filter(e -> e.getKey().matcher(path).matches())
                    .findFirst()
                    .ifPresent(e -> {
                        ctx.response().putHeader("Allow", e.getValue());
                        ctx.request().routed(templates.get(e.getKey()));
                    });
            problems.handle(ctx);
        };
    }

    private static Handler<RoutingContext> invoke(Operation operation) {
        return ctx -> {
            try {
                operation.apply(ctx).onFailure(ctx::fail);
            } catch (RuntimeException ex) {
                ctx.fail(ex);
            }
        };
    }

    /** Fails start-up when the contract and the handlers disagree: the contract is what apps rely on. */
    static void requireEveryOperationBound(OpenAPIContract contract, Map<String, Operation> bindings) {
        Set<String> inContract = new TreeSet<>();
        contract.operations().forEach(op -> inContract.add(op.getOperationId()));
        Set<String> unbound = new TreeSet<>(inContract);
        unbound.removeAll(bindings.keySet());
        Set<String> unknown = new TreeSet<>(bindings.keySet());
        unknown.removeAll(inContract);
        if (!unbound.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalStateException("contract and handlers disagree: operations without a handler " + unbound
                    + ", handlers without an operation " + unknown);
        }
    }
}
