package app.tandem;

import app.tandem.audit.AuditKey;
import app.tandem.demo.DemoData;
import app.tandem.identity.Identity;
import app.tandem.identity.SigningKeys;
import app.tandem.platform.AppConfig;
import app.tandem.platform.Capability;
import app.tandem.platform.Contract;
import app.tandem.platform.Database;
import app.tandem.platform.HealthRoutes;
import app.tandem.platform.Housekeeping;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tandem server: database ready and migrated, demo data seeded when asked, HTTP listening.
 * {@link #start} never blocks its caller's thread; {@link #stop} shuts down gracefully.
 */
public final class Application {
    private static final Logger log = LoggerFactory.getLogger(Application.class);

    private final Vertx vertx;
    private final Database database;
    private final Pool pool;
    private final AtomicBoolean draining;
    private final int port;
    private final String deployment;
    private final Capabilities wired;
    private Promise<Void> stopped;

    private Application(
            Vertx vertx,
            Database database,
            Pool pool,
            AtomicBoolean draining,
            int port,
            String deployment,
            Capabilities wired) {
        this.vertx = vertx;
        this.database = database;
        this.pool = pool;
        this.draining = draining;
        this.port = port;
        this.deployment = deployment;
        this.wired = wired;
    }

    /** Starts with this clock (tests move time on to expire codes, tokens and locks). */
    public static Future<Application> start(AppConfig config, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HealthRoutes.labelRoutesByTemplate(registry);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(config.eventLoops())
                        .setMetricsOptions(HealthRoutes.metricsOptions()))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        Promise<Application> started = Promise.promise();
        // The contract is read and checked while the database starts and migrates: on two cores the
        // two halves of a cold start overlap.
        Future<Contract> contract = Contract.load(vertx);
        vertx.executeBlocking(() -> Database.prepare(config), false)
                .compose(database -> vertx.executeBlocking(
                                () -> SigningKeys.load(config.auth(), config.dataDir()), false)
                        .compose(keys -> serve(vertx, config, database, keys, registry, contract, clock))
                        .recover(failure ->
                                closeDatabase(vertx, database).transform(closed -> Future.failedFuture(failure))))
                .onComplete(outcome -> {
                    if (outcome.succeeded()) {
                        started.complete(outcome.result());
                    } else {
                        // Closed once the contract, read meanwhile on a worker, has finished too: its result
                        // handed to a closed event loop would print a stack trace after the one clear line.
                        // Closed from outside Vert.x: a callback on a closing event loop would never run.
                        contract.onComplete(read -> CompletableFuture.runAsync(
                                () -> vertx.close().onComplete(closed -> started.fail(outcome.cause()))));
                    }
                });
        return started.future();
    }

    private static Future<Application> serve(
            Vertx vertx,
            AppConfig config,
            Database database,
            SigningKeys keys,
            PrometheusMeterRegistry registry,
            Future<Contract> contractLoaded,
            Clock clock) {
        Pool pool = database.pool(vertx, config.databasePoolSize());
        AtomicBoolean draining = new AtomicBoolean();
        return vertx.executeBlocking(() -> AuditKey.load(config.auditKey(), config.dataDir()), false)
                .compose(auditKey -> contractLoaded.map(contract -> new Object[] {contract, auditKey}))
                .compose(loaded -> {
                    Contract contract = (Contract) loaded[0];
                    Capabilities wired = Capabilities.wire(
                            vertx,
                            config,
                            database,
                            pool,
                            keys,
                            draining,
                            registry,
                            contract,
                            (AuditKey) loaded[1],
                            clock);
                    Future<Void> seeded =
                            config.demo() ? DemoData.seed(vertx, pool, wired.identity()) : Future.succeededFuture();
                    int port = config.httpPort() == 0 ? FreePort.find() : config.httpPort();
                    return seeded.compose(v -> wired.serve(vertx, config, contract, port))
                            .map(deployment ->
                                    new Application(vertx, database, pool, draining, port, deployment, wired));
                })
                .onSuccess(app -> log.atInfo()
                        .addKeyValue("port", app.port())
                        .addKeyValue("demo", config.demo())
                        .log("Tandem is listening on http://localhost:{}", app.port()))
                .recover(failure -> pool.close().transform(closed -> Future.failedFuture(failure)));
    }

    /** Stopping an embedded PostgreSQL waits for its process: a worker's job. */
    private static Future<Void> closeDatabase(Vertx vertx, Database database) {
        return vertx.executeBlocking(() -> {
            database.close();
            return null;
        });
    }

    public int port() {
        return port;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    public Identity identity() {
        return wired.identity();
    }

    /** The running capability of this type (for tests and tools that call one directly). */
    public <T extends Capability> T capability(Class<T> type) {
        return wired.all().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    public Housekeeping housekeeping() {
        return wired.housekeeping();
    }

    /** Every capability, in start order (the platform's operations first). */
    public List<Capability> capabilities() {
        return wired.all();
    }

    /**
     * Graceful stop: readiness turns 503, the HTTP servers stop accepting and finish what is in flight
     * (bounded by the grace period), then the pool, Vert.x and any embedded database close.
     */
    public synchronized Future<Void> stop() {
        if (stopped != null) return stopped.future();
        draining.set(true);
        log.info("shutting down: finishing requests in flight");
        stopped = Promise.promise();
        wired.housekeeping().stop();
        // Live sockets close first, so phones reconnect elsewhere while requests in flight finish.
        wired.realtime()
                .stop()
                .eventually(() -> vertx.undeploy(deployment))
                .eventually(() -> wired.stopAll(wired.all().size()))
                .eventually(pool::close)
                .eventually(() -> closeDatabase(vertx, database))
                .onComplete(
                        done -> CompletableFuture.runAsync(() -> vertx.close().onComplete(closed -> {
                            log.info("stopped");
                            stopped.complete();
                        })));
        return stopped.future();
    }
}
