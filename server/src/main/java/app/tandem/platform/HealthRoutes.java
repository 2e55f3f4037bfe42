package app.tandem.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
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

    public HealthRoutes(Pool pool, AtomicBoolean draining, PrometheusMeterRegistry registry) {
        this.pool = pool;
        this.draining = draining;
        this.scrape = PrometheusScrapingHandler.create(registry);
    }

    public Map<String, Operation> operations() {
        return Map.of(
                "getLiveness", ctx -> Json.ok(ctx, new JsonObject().put("status", "up")),
                "getReadiness", this::readiness,
                "getMetrics",
                        ctx -> {
                            scrape.handle(ctx);
                            return Future.succeededFuture();
                        });
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
}
