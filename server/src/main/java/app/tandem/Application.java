package app.tandem;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.audit.Audit;
import app.tandem.audit.AuditKey;
import app.tandem.demo.DemoData;
import app.tandem.directory.Directory;
import app.tandem.directory.DirectoryChanges;
import app.tandem.documents.Documents;
import app.tandem.identity.Identity;
import app.tandem.identity.SigningKeys;
import app.tandem.mail.Mail;
import app.tandem.meetings.Meetings;
import app.tandem.messaging.Messaging;
import app.tandem.notices.Notices;
import app.tandem.platform.ApiDocsRoutes;
import app.tandem.platform.ApiRouter;
import app.tandem.platform.AppConfig;
import app.tandem.platform.BodyLimits;
import app.tandem.platform.Capability;
import app.tandem.platform.Contract;
import app.tandem.platform.ContractSchemas;
import app.tandem.platform.Database;
import app.tandem.platform.HealthRoutes;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.ManagementServer;
import app.tandem.platform.Operation;
import app.tandem.platform.StartupException;
import app.tandem.platform.TextRules;
import app.tandem.platform.WebPages;
import app.tandem.push.Push;
import app.tandem.realtime.Realtime;
import app.tandem.record.SendRecord;
import app.tandem.voice.Voice;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
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
    private final Wired wired;
    private Promise<Void> stopped;

    /**
     * Every capability of a running server in start order, with the ones tests and wiring reach by
     * name. The platform's own operations (health, API docs) are listed first.
     */
    private record Wired(
            List<Capability> all,
            Identity identity,
            Notices notices,
            Push push,
            Realtime realtime,
            WebPages pages,
            Housekeeping housekeeping) {}

    private Application(
            Vertx vertx,
            Database database,
            Pool pool,
            AtomicBoolean draining,
            int port,
            String deployment,
            Wired wired) {
        this.vertx = vertx;
        this.database = database;
        this.pool = pool;
        this.draining = draining;
        this.port = port;
        this.deployment = deployment;
        this.wired = wired;
    }

    public static Future<Application> start(AppConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts with the given clock; tests move time on to expire codes, tokens and locks. */
    public static Future<Application> start(AppConfig config, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(config.eventLoops())
                        .setMetricsOptions(metricsOptions()))
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

    /** Builds every capability, in dependency order; nothing runs until {@link #startAll}. */
    private static Wired wire(
            Vertx vertx,
            AppConfig config,
            Database database,
            Pool pool,
            SigningKeys keys,
            AtomicBoolean draining,
            PrometheusMeterRegistry registry,
            Buffer contract,
            Access access,
            Audit audit,
            Clock clock) {
        HealthRoutes health = new HealthRoutes(pool, draining, registry, config.managementPort() > 0);
        URI publicUrl = config.mail().publicUrl().orElse(URI.create("http://localhost:" + config.httpPort()));
        WebPages pages =
                new WebPages(vertx, publicUrl, Path.of(System.getProperty("java.io.tmpdir"), "tandem-uploads"));
        Mail mail = new Mail(vertx, pool, config.mail(), clock);
        Identity identity = new Identity(vertx, pool, access, keys, config.auth(), mail.enabled(), publicUrl, clock);
        Runnable forget = () -> {
            access.forgetAll();
            identity.forgetSessions();
        };
        Attachments attachments = new Attachments(vertx, pool, clock);
        Notices notices = new Notices(vertx, pool, access, attachments, clock);
        Messaging messaging = new Messaging(pool, access, attachments, clock);
        Directory directory = new Directory(pool, access, identity, forget);
        Voice voice = new Voice(vertx, pool, access, messaging, clock);
        Documents documents = new Documents(vertx, pool, access, notices, mail.enabled(), publicUrl, clock);
        Push push = new Push(
                vertx, pool, database.url().connectOptions(), config.push(), registry, clock, messaging::unreadTotals);
        Realtime realtime = new Realtime(
                vertx, pool, database.url().connectOptions(), identity, messaging, clock, config.liveEventRetention());
        List<Capability> all = List.of(
                platform(health.operations()),
                platform(new ApiDocsRoutes(contract, buildProperty("swaggerUiVersion")).operations()),
                pages,
                new DirectoryChanges(vertx, database.url().connectOptions(), List.of(forget)),
                identity,
                directory,
                attachments,
                notices,
                messaging,
                voice,
                mail,
                documents,
                new SendRecord(pool, access, notices, voice, clock),
                new Meetings(vertx, pool, access, notices, clock),
                push,
                realtime,
                audit,
                new ManagementServer(vertx, health, config.managementPort()));
        List<Housekeeping.Chore> chores =
                all.stream().flatMap(c -> c.chores().stream()).toList();
        audit.exportFrom(all);
        return new Wired(
                all, identity, notices, push, realtime, pages, new Housekeeping(vertx, pool, clock, chores, registry));
    }

    /** The paths that take files, and how large. */
    private static Map<String, Integer> uploadLimits() {
        Map<String, Integer> limits = new HashMap<>();
        limits.put(Attachments.UPLOAD_PATH, Attachments.MAX_BYTES);
        limits.put(Voice.UPLOAD_PATH, Voice.MAX_UPLOAD_BYTES);
        for (String path : Documents.UPLOAD_PATHS) limits.put(path, Documents.MAX_UPLOAD_BYTES);
        return limits;
    }

    private static Capability platform(Map<String, Operation> operations) {
        return () -> operations;
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
                    // One access rule object: the one whose cache every directory change drops.
                    Access access = new Access(pool);
                    Audit audit = new Audit(vertx, pool, access, (AuditKey) loaded[1], clock);
                    Wired wired = wire(
                            vertx,
                            config,
                            database,
                            pool,
                            keys,
                            draining,
                            registry,
                            contract.yaml(),
                            access,
                            audit,
                            clock);
                    Map<String, Audit.Marking> audited = Audit.markings(contract.document());
                    Future<Void> seeded =
                            config.demo() ? DemoData.seed(vertx, pool, wired.identity()) : Future.succeededFuture();
                    Map<String, Operation> bindings = operations(wired.all());
                    Set<String> open = contract.publicOperations();
                    TextRules textRules = new TextRules(new ContractSchemas(contract.document()));
                    BodyLimits limits = new BodyLimits(config.bodyLimitBytes(), uploadLimits());
                    Supplier<Handler<HttpServerRequest>> routers = () -> {
                        Router api = ApiRouter.create(
                                vertx,
                                contract.routable(),
                                bindings,
                                limits,
                                wired.identity()::authenticatorFor,
                                open,
                                textRules,
                                config.trustForwarded(),
                                id -> audited.containsKey(id) ? audit.recorder(audited.get(id)) : null);
                        Router web =
                                wired.pages().router(wired.all(), Documents.MAX_UPLOAD_BYTES, config.trustForwarded());
                        return request -> (WebPages.isPage(request.path()) ? web : api).handle(request);
                    };
                    int port = config.httpPort() == 0 ? FreePort.find() : config.httpPort();
                    return seeded.compose(v -> startAll(wired.all(), 0))
                            .compose(v -> vertx.deployVerticle(
                                            () -> new HttpVerticle(
                                                    routers, wired.realtime(), port, config.shutdownGrace()),
                                            new DeploymentOptions().setInstances(config.eventLoops()))
                                    .recover(failure -> Future.failedFuture(
                                            failure instanceof BindException
                                                    ? new StartupException(
                                                            "TANDEM_HTTP_PORT: cannot listen on port " + port + " ("
                                                                    + failure.getMessage() + ")",
                                                            failure)
                                                    : failure))
                                    .recover(failure -> stopAll(
                                                    wired.all(), wired.all().size())
                                            .transform(stopped -> Future.failedFuture(failure))))
                            .map(deployment -> {
                                wired.housekeeping().start();
                                return new Application(vertx, database, pool, draining, port, deployment, wired);
                            });
                })
                .onSuccess(app -> log.atInfo()
                        .addKeyValue("port", app.port())
                        .addKeyValue("demo", config.demo())
                        .log("Tandem is listening on http://localhost:{}", app.port()))
                .recover(failure -> pool.close().transform(closed -> Future.failedFuture(failure)));
    }

    /** Starts capabilities from `from` on, in order; if one fails, those already started are stopped. */
    private static Future<Void> startAll(List<Capability> all, int from) {
        if (from == all.size()) return Future.succeededFuture();
        return all.get(from)
                .start()
                .recover(failure -> stopAll(all, from).transform(stopped -> Future.failedFuture(failure)))
                .compose(v -> startAll(all, from + 1));
    }

    /** Stops the first `count` capabilities in reverse order; every one is stopped even if another fails. */
    private static Future<Void> stopAll(List<Capability> all, int count) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = count - 1; i >= 0; i--) {
            Capability capability = all.get(i);
            chain = chain.eventually(() -> capability.stop().recover(ex -> {
                log.atWarn().setCause(ex).log("a capability did not stop cleanly");
                return Future.succeededFuture();
            }));
        }
        return chain;
    }

    /** Every capability's operations, keyed by operationId; the router checks them against the contract. */
    static Map<String, Operation> operations(List<Capability> capabilities) {
        Map<String, Operation> all = new HashMap<>();
        for (Capability capability : capabilities) {
            capability.operations().forEach((id, op) -> {
                if (all.putIfAbsent(id, op) != null) throw new IllegalStateException("operation bound twice: " + id);
            });
        }
        return all;
    }

    private static MicrometerMetricsOptions metricsOptions() {
        return new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                // Route templates, not raw paths: ids in paths would make a series per pupil.
                .setLabels(EnumSet.of(
                        Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
    }

    static String buildProperty(String name) {
        try (InputStream in = Application.class.getClassLoader().getResourceAsStream("tandem-build.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty(name);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
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

    public Notices notices() {
        return wired.notices();
    }

    public Push push() {
        return wired.push();
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
                .eventually(() -> stopAll(wired.all(), wired.all().size()))
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
