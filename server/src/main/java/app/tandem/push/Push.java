package app.tandem.push;

import app.tandem.platform.AppConfig.PushSettings;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push notifications, wired: the devices API, and (when FCM is configured) this replica's
 * dispatcher, which looks for due pushes every second. Without configuration push is off, said
 * once at start-up, and the outbox still records what would have been sent.
 */
public final class Push {
  private static final Logger log = LoggerFactory.getLogger(Push.class);
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration GAUGE = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final PushRoutes routes;
  private final PushMetrics metrics;
  private final FcmSender sender;
  private final PushDispatcher dispatcher;
  private long tickTimer = -1;
  private long gaugeTimer = -1;
  private boolean dispatching;

  private Push(Vertx vertx, Pool pool, Clock clock, PushMetrics metrics, FcmSender sender, PushDispatcher dispatcher) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.routes = new PushRoutes(new Devices(pool, clock));
    this.metrics = metrics;
    this.sender = sender;
    this.dispatcher = dispatcher;
  }

  /** Starts the Firebase SDK on a worker when push is configured. */
  public static Future<Push> start(Vertx vertx, Pool pool, PushSettings settings, MeterRegistry registry, Clock clock,
                                   Function<List<UUID>, Future<Map<UUID, Integer>>> badges) {
    PushMetrics metrics = new PushMetrics(registry);
    if (!settings.enabled()) {
      log.warn("push notifications are off: set TANDEM_FCM_PROJECT_ID and GOOGLE_APPLICATION_CREDENTIALS (or TANDEM_FCM_ENDPOINT)"
          + " to send them; the outbox keeps recording what would be sent");
      return Future.succeededFuture(new Push(vertx, pool, clock, metrics, null, null));
    }
    return vertx.executeBlocking(() -> FcmSender.start(vertx, settings), false)
        .map(sender -> new Push(vertx, pool, clock, metrics, sender,
            new PushDispatcher(pool, sender, clock, settings.maxAttempts(), badges, metrics)))
        .onSuccess(push -> log.atInfo().addKeyValue("project", settings.projectId().orElse(""))
            .addKeyValue("endpoint", settings.endpoint().map(Object::toString).orElse("fcm.googleapis.com"))
            .log("push notifications are on"));
  }

  public Map<String, Operation> operations() {
    return routes.operations();
  }

  /** What push deletes when it is no longer needed (see {@link PushRetention}). */
  public static List<Housekeeping.Chore> chores() {
    return PushRetention.chores();
  }

  public void startDispatching() {
    gaugeTimer = vertx.setPeriodic(GAUGE.toMillis(), id -> measureOldest());
    if (dispatcher != null) tickTimer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
  }

  /** One dispatch round now (tests, and the timer); a full round is followed at once by another. */
  public Future<Integer> dispatchNow() {
    return dispatcher == null ? Future.succeededFuture(0) : dispatcher.dispatchOnce();
  }

  private void tick() {
    if (dispatching) return;
    dispatching = true;
    dispatcher.dispatchOnce().onComplete(done -> {
      dispatching = false;
      if (done.failed()) log.atWarn().setCause(done.cause()).log("sending pushes failed; will retry");
      else if (done.result() == PushDispatcher.CLAIM) tick();
    });
  }

  private void measureOldest() {
    pool.preparedQuery("""
            SELECT coalesce(extract(epoch FROM $1 - min(due_at)), 0)::bigint FROM notification_outbox
            WHERE sent_at IS NULL AND given_up_at IS NULL AND due_at <= $1""")
        .execute(Tuple.of(Requests.utc(clock.instant())))
        .onSuccess(rows -> metrics.oldest(Math.max(0, rows.iterator().next().getLong(0))));
  }

  public Future<Void> stop() {
    if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
    if (gaugeTimer >= 0) vertx.cancelTimer(gaugeTimer);
    if (sender == null) return Future.succeededFuture();
    return vertx.executeBlocking(() -> {
      sender.close();
      return null;
    }, false).mapEmpty();
  }
}
