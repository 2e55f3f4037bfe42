package app.tandem.platform;

import static app.tandem.platform.Operation.answers;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Liveness, readiness and metrics: what Kubernetes and Prometheus ask of every replica. */
public final class HealthRoutes {
    private final Pool pool;
    private final AtomicBoolean draining;
    private final Handler<RoutingContext> scrape;
    private final boolean metricsOnManagementPort;

    /** @param metricsOnManagementPort metrics are served only on the management port, not the API's */
    public HealthRoutes(
            Pool pool, AtomicBoolean draining, PrometheusMeterRegistry registry, boolean metricsOnManagementPort) {
        this.pool = pool;
        this.draining = draining;
        this.scrape = PrometheusScrapingHandler.create(registry);
        this.metricsOnManagementPort = metricsOnManagementPort;
    }

    /** The operations on the API port. */
    public Map<String, Operation> operations() {
        return Map.ofEntries(
                answers("getLiveness", this::liveness),
                answers("getReadiness", this::readiness),
                answers(
                        "getMetrics",
                        ctx -> metricsOnManagementPort
                                ? Future.failedFuture(
                                        new Problem(ProblemType.NOT_FOUND, "There is nothing at this address."))
                                : metrics(ctx)));
    }

    /** The management port: health and metrics only, for the cluster and Prometheus, never routed from outside. */
    public Router managementRouter(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> liveness(ctx));
        router.get("/health/ready").handler(ctx -> readiness(ctx));
        router.get("/metrics").handler(ctx -> metrics(ctx));
        return router;
    }

    private Future<Void> liveness(RoutingContext ctx) {
        return Json.ok(ctx, new JsonObject().put("status", "up"));
    }

    private Future<Void> metrics(RoutingContext ctx) {
        scrape.handle(ctx);
        return Future.succeededFuture();
    }

    private Future<Void> readiness(RoutingContext ctx) {
        if (draining.get()) {
            return Json.send(ctx, 503, health(false, "shuttingDown", false));
        }
        return pool.query("SELECT 1")
                .execute()
                .timeout(2, TimeUnit.SECONDS)
                .transform(ar -> ar.succeeded()
                        ? Json.ok(ctx, health(true, "database", true))
                        : Json.send(ctx, 503, health(false, "database", false)));
    }

    private static JsonObject health(boolean up, String check, boolean checkUp) {
        return new JsonObject()
                .put("status", up ? "up" : "down")
                .put("checks", new JsonObject().put(check, checkUp ? "up" : "down"));
    }

    /**
     * A request's `route` label is its one template. Vert.x joins every route a request passed with
     * `>`, so a failed request (its route, then the same route's failure handler) would count as
     * `/v1/staff>/v1/staff`, a series apart from its successes; a request no route matched would be
     * `""`. The first route is the template; no route at all is `unmatched`.
     */
    public static void labelRoutesByTemplate(io.micrometer.core.instrument.MeterRegistry registry) {
        registry.config()
                .meterFilter(io.micrometer.core.instrument.config.MeterFilter.replaceTagValues(
                        "route", HealthRoutes::template));
    }

    static String template(String routes) {
        if (routes.isEmpty()) return "unmatched";
        int cut = routes.indexOf('>');
        return cut < 0 ? routes : routes.substring(0, cut);
    }

    /** Vert.x's own metrics for `/metrics`: by route template, never raw path (ids in paths would make a series per pupil). */
    public static io.vertx.micrometer.MicrometerMetricsOptions metricsOptions() {
        return new io.vertx.micrometer.MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setPrometheusOptions(new io.vertx.micrometer.VertxPrometheusOptions().setEnabled(true))
                .setLabels(java.util.EnumSet.of(
                        io.vertx.micrometer.Label.HTTP_ROUTE,
                        io.vertx.micrometer.Label.HTTP_METHOD,
                        io.vertx.micrometer.Label.HTTP_CODE,
                        io.vertx.micrometer.Label.POOL_TYPE,
                        io.vertx.micrometer.Label.POOL_NAME));
    }
}
