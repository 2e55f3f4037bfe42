package app.tandem.push;

import app.tandem.platform.AppConfig.PushSettings;
import app.tandem.platform.Capability;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
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
public final class Push implements Capability {
    private static final Logger log = LoggerFactory.getLogger(Push.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration GAUGE = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    private final PushSettings settings;
    private final PushRoutes routes;
    private final PushMetrics metrics;
    private final Function<List<UUID>, Future<Map<UUID, Integer>>> badges;
    private FcmSender sender;
    private PushDispatcher dispatcher;
    private long tickTimer = -1;
    private long gaugeTimer = -1;
    private boolean dispatching;

    /** @param badges each person's unread count, shown on the app icon */
    public Push(
            Vertx vertx,
            Pool pool,
            PushSettings settings,
            MeterRegistry registry,
            Clock clock,
            Function<List<UUID>, Future<Map<UUID, Integer>>> badges) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
        this.settings = settings;
        this.routes = new PushRoutes(new Devices(pool, clock));
        this.metrics = new PushMetrics(registry);
        this.badges = badges;
    }

    /** Starts the Firebase SDK on a worker when push is configured, then this replica's dispatcher. */
    @Override
    public Future<Void> start() {
        gaugeTimer = vertx.setPeriodic(GAUGE.toMillis(), id -> measureOldest());
        if (!settings.enabled()) {
            log.warn(
                    "push notifications are off: set TANDEM_FCM_PROJECT_ID and GOOGLE_APPLICATION_CREDENTIALS (or TANDEM_FCM_ENDPOINT)"
                            + " to send them; the outbox keeps recording what would be sent");
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> FcmSender.start(vertx, settings), false)
                .onSuccess(started -> {
                    sender = started;
                    dispatcher = new PushDispatcher(pool, started, clock, settings.maxAttempts(), badges, metrics);
                    tickTimer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
                    log.atInfo()
                            .addKeyValue("project", settings.projectId().orElse(""))
                            .addKeyValue(
                                    "endpoint",
                                    settings.endpoint().map(Object::toString).orElse("fcm.googleapis.com"))
                            .log("push notifications are on");
                })
                .mapEmpty();
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }

    /** What push deletes when it is no longer needed (see {@link PushRetention}). */
    @Override
    public List<Housekeeping.Chore> chores() {
        return PushRetention.chores();
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
        Outbox.oldestWaitingSeconds(pool, clock.instant()).onSuccess(seconds -> metrics.oldest(Math.max(0, seconds)));
    }

    @Override
    public Future<Void> stop() {
        if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
        if (gaugeTimer >= 0) vertx.cancelTimer(gaugeTimer);
        if (sender == null) return Future.succeededFuture();
        return vertx.executeBlocking(
                        () -> {
                            sender.close();
                            return null;
                        },
                        false)
                .mapEmpty();
    }
}
