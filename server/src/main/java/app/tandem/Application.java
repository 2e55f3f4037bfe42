package app.tandem;

import app.tandem.access.Access;
import app.tandem.demo.DemoData;
import app.tandem.directory.Directory;
import app.tandem.directory.DirectoryChanges;
import app.tandem.identity.Identity;
import app.tandem.identity.SigningKeys;
import app.tandem.meetings.Meetings;
import app.tandem.messaging.Messaging;
import app.tandem.notices.Notices;
import app.tandem.push.Push;
import app.tandem.record.SendRecord;
import app.tandem.attachments.Attachments;
import app.tandem.realtime.Realtime;
import app.tandem.platform.BodyLimits;
import app.tandem.platform.ApiDocsRoutes;
import app.tandem.platform.ApiRouter;
import app.tandem.platform.AppConfig;
import app.tandem.platform.Contract;
import app.tandem.platform.Database;
import app.tandem.platform.HealthRoutes;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.Operation;
import app.tandem.platform.StartupException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.time.Clock;
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
  private final Capabilities capabilities;
  private Promise<Void> stopped;

  /** The capabilities a running server holds, for wiring and for tests. */
  public record Capabilities(Identity identity, Directory directory, Notices notices, Attachments attachments,
                             Messaging messaging, Push push, DirectoryChanges changes, Realtime realtime, Housekeeping housekeeping) {}

  private Application(Vertx vertx, Database database, Pool pool, AtomicBoolean draining, int port, String deployment,
                      Capabilities capabilities) {
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.draining = draining;
    this.port = port;
    this.deployment = deployment;
    this.capabilities = capabilities;
    capabilities.notices().startSchedule(vertx);
    capabilities.push().startDispatching();
  }

  public static Future<Application> start(AppConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** Starts with the given clock; tests move time on to expire codes, tokens and locks. */
  public static Future<Application> start(AppConfig config, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setMetricsOptions(metricsOptions()))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Promise<Application> started = Promise.promise();
    vertx.executeBlocking(() -> Database.prepare(config), false)
        .compose(database -> vertx.executeBlocking(() -> SigningKeys.load(config.auth(), config.dataDir()), false)
            .compose(keys -> serve(vertx, config, database, keys, registry, clock))
            .recover(failure -> closeDatabase(vertx, database).transform(closed -> Future.failedFuture(failure))))
        .onComplete(outcome -> {
          if (outcome.succeeded()) {
            started.complete(outcome.result());
          } else {
            // Closed from outside Vert.x: a callback on a closing event loop would never run.
            CompletableFuture.runAsync(() -> vertx.close().onComplete(closed -> started.fail(outcome.cause())));
          }
        });
    return started.future();
  }

  private static Future<Application> serve(Vertx vertx, AppConfig config, Database database, SigningKeys keys,
                                           PrometheusMeterRegistry registry, Clock clock) {
    Pool pool = database.pool(vertx, config.databasePoolSize());
    AtomicBoolean draining = new AtomicBoolean();
    Access access = new Access(pool);
    Identity identity = new Identity(vertx, pool, access, keys, config.auth(), clock);
    Runnable forget = () -> {
      access.forgetAll();
      identity.forgetSessions();
    };
    Directory directory = new Directory(pool, access, identity, forget);
    Attachments attachments = new Attachments(vertx, pool, clock);
    Notices notices = new Notices(pool, access, attachments, clock);
    Messaging messaging = new Messaging(pool, access, attachments, clock);
    SendRecord record = new SendRecord(pool, access, notices, clock);
    Meetings meetings = new Meetings(vertx, pool, access, clock);
    Future<Void> seeded = config.demo() ? DemoData.seed(vertx, pool, identity) : Future.succeededFuture();
    return DirectoryChanges.listen(vertx, database.url().connectOptions(), List.of(forget)).compose(changes -> seeded
        .compose(v -> Push.start(vertx, pool, config.push(), registry, clock, messaging::unreadTotals))
        .compose(push -> Realtime.start(vertx, pool, database.url().connectOptions(), identity, messaging, clock)
        .compose(realtime -> Contract.load(vertx)
        .map(contract -> {
          Map<String, Operation> bindings = operations(pool, draining, registry, contract.yaml(), identity, directory, notices, attachments,
              messaging, push, record, meetings);
          Set<String> open = contract.publicOperations();
          BodyLimits limits = new BodyLimits(config.bodyLimitBytes(), Map.of(Attachments.UPLOAD_PATH, Attachments.MAX_BYTES));
          return (Supplier<Router>) () -> ApiRouter.create(vertx, contract.routable(), bindings, limits,
              identity::authenticatorFor, open, config.trustForwarded());
        })
        .compose(routers -> {
          int port = config.httpPort() == 0 ? FreePort.find() : config.httpPort();
          return vertx.deployVerticle(() -> new HttpVerticle(routers, realtime, port, config.shutdownGrace()),
                  new DeploymentOptions().setInstances(config.eventLoops()))
              .recover(failure -> Future.failedFuture(failure instanceof BindException
                  ? new StartupException("TANDEM_HTTP_PORT: cannot listen on port " + port + " (" + failure.getMessage() + ")", failure)
                  : failure))
              .map(deployment -> new Application(vertx, database, pool, draining, port, deployment,
                  new Capabilities(identity, directory, notices, attachments, messaging, push, changes, realtime,
                      housekeeping(vertx, pool, config, registry, clock))));
        })
        .recover(failure -> realtime.close().transform(closed -> Future.failedFuture(failure))))
        .recover(failure -> push.stop().transform(closed -> Future.failedFuture(failure))))
        .recover(failure -> changes.close().transform(closed -> Future.failedFuture(failure))))
        .onSuccess(app -> log.atInfo().addKeyValue("port", app.port()).addKeyValue("demo", config.demo())
            .log("Tandem is listening on http://localhost:{}", app.port()))
        .recover(failure -> pool.close().transform(closed -> Future.failedFuture(failure)));
  }

  /** Every capability's clean-up of what it no longer needs, run hourly. */
  private static Housekeeping housekeeping(Vertx vertx, Pool pool, AppConfig config, MeterRegistry registry, Clock clock) {
    List<Housekeeping.Chore> chores = new ArrayList<>();
    chores.addAll(Identity.chores());
    chores.addAll(Push.chores());
    chores.addAll(Realtime.chores(config.liveEventRetention()));
    Housekeeping housekeeping = new Housekeeping(vertx, pool, clock, chores, registry);
    housekeeping.start();
    return housekeeping;
  }

  /** Every capability's operations, keyed by operationId; the router checks them against the contract. */
  static Map<String, Operation> operations(Pool pool, AtomicBoolean draining, PrometheusMeterRegistry registry, Buffer yaml,
                                           Identity identity, Directory directory, Notices notices, Attachments attachments,
                                           Messaging messaging, Push push, SendRecord record, Meetings meetings) {
    Map<String, Operation> all = new HashMap<>();
    for (Map<String, Operation> routes : List.of(
        new HealthRoutes(pool, draining, registry).operations(),
        new ApiDocsRoutes(yaml, buildProperty("swaggerUiVersion")).operations(),
        identity.operations(),
        directory.operations(),
        notices.operations(),
        attachments.operations(),
        messaging.operations(),
        push.operations(),
        record.operations(),
        meetings.operations())) {
      routes.forEach((id, op) -> {
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
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
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
    return capabilities.identity();
  }

  public Directory directory() {
    return capabilities.directory();
  }

  public Notices notices() {
    return capabilities.notices();
  }

  public Attachments attachments() {
    return capabilities.attachments();
  }

  public Messaging messaging() {
    return capabilities.messaging();
  }

  public Push push() {
    return capabilities.push();
  }

  public Realtime realtime() {
    return capabilities.realtime();
  }

  public Housekeeping housekeeping() {
    return capabilities.housekeeping();
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
    capabilities.notices().stopSchedule(vertx);
    capabilities.housekeeping().stop();
    capabilities.realtime().close()
        .eventually(() -> capabilities.push().stop())
        .eventually(() -> vertx.undeploy(deployment))
        .eventually(() -> capabilities.changes().close())
        .eventually(pool::close)
        .eventually(() -> closeDatabase(vertx, database))
        .onComplete(done -> CompletableFuture.runAsync(() -> vertx.close().onComplete(closed -> {
          log.info("stopped");
          stopped.complete();
        })));
    return stopped.future();
  }
}
