package app.tandem.push;

import app.tandem.platform.AppConfig.PushSettings;
import app.tandem.platform.Wiring;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
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
 * dispatcher. It sends as soon as a push due now is committed anywhere (the outbox NOTIFYs
 * {@link Outbox#WAKE}, which every replica LISTENs on), and looks for due pushes every
 * `TANDEM_PUSH_POLL_SECONDS` besides (those due later, and any wake-up lost with a connection).
 * Without configuration push is off, said once at start-up, and the outbox still records what
 * would have been sent.
 */
public final class Push extends Wiring {
    private static final Logger log = LoggerFactory.getLogger(Push.class);
    private static final Duration GAUGE = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final Pool pool;
    private final PgConnectOptions listenOptions;
    private final Clock clock;
    private final PushSettings settings;
    private final PushMetrics metrics;
    private final Function<List<UUID>, Future<Map<UUID, Integer>>> badges;
    private FcmSender sender;
    private PushDispatcher dispatcher;
    private long tickTimer = -1;
    private long gaugeTimer = -1;
    private boolean dispatching;
    private boolean again;
    private Context context;
    private PgSubscriber wakeUps;

    /** @param badges each person's unread count, shown on the app icon */
    public Push(
            Vertx vertx,
            Pool pool,
            PgConnectOptions listenOptions,
            PushSettings settings,
            MeterRegistry registry,
            Clock clock,
            Function<List<UUID>, Future<Map<UUID, Integer>>> badges) {
        this.vertx = vertx;
        this.pool = pool;
        this.listenOptions = listenOptions;
        this.clock = clock;
        this.settings = settings;
        answers(new PushRoutes(new Devices(pool, clock)).operations());
        this.metrics = new PushMetrics(registry);
        this.badges = badges;
        holds(DeviceStore.subjectData());
        tidies(PushRetentionStore.chores());
    }

    /** Starts the Firebase SDK on a worker when push is configured, then this replica's dispatcher. */
    @Override
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        gaugeTimer = vertx.setPeriodic(GAUGE.toMillis(), id -> measureOldest());
        if (!settings.enabled()) {
            // An endpoint alone is not enough: the SDK always signs with a service account, a stand-in's too.
            log.warn("push notifications are off: set TANDEM_FCM_PROJECT_ID and GOOGLE_APPLICATION_CREDENTIALS"
                    + (settings.endpoint().isPresent()
                            ? " (TANDEM_FCM_ENDPOINT needs a service account too, its token_uri the stand-in's)"
                            : "")
                    + " to send them; the outbox keeps recording what would be sent");
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> FcmSender.start(vertx, settings), false)
                .onSuccess(started -> {
                    sender = started;
                    dispatcher = new PushDispatcher(pool, started, clock, settings.maxAttempts(), badges, metrics);
                    tickTimer = vertx.setPeriodic(settings.poll().toMillis(), id -> context.runOnContext(v -> tick()));
                    log.atInfo()
                            .addKeyValue("project", settings.projectId().orElse(""))
                            .addKeyValue(
                                    "endpoint",
                                    settings.endpoint().map(Object::toString).orElse("fcm.googleapis.com"))
                            .log("push notifications are on");
                })
                .compose(v -> listen());
    }

    /** Wakes the dispatcher whenever a push due now is committed, on this replica or another. */
    private Future<Void> listen() {
        wakeUps = PgSubscriber.subscriber(
                vertx, new PgConnectOptions(listenOptions).addProperty("application_name", "tandem-push"));
        wakeUps.reconnectPolicy(retries -> 1_000L);
        wakeUps.channel(Outbox.WAKE)
                .exceptionHandler(ex -> log.atDebug().setCause(ex).log("push wake-up listener failed"))
                // The listener's own event loop is not the timer's: rounds are started on one context only.
                .handler(payload -> context.runOnContext(v -> tick()));
        return wakeUps.connect();
    }

    /** One dispatch round now (tests, and the timer); a full round is followed at once by another. */
    public Future<Integer> dispatchNow() {
        return dispatcher == null ? Future.succeededFuture(0) : dispatcher.dispatchOnce();
    }

    private void tick() {
        if (dispatching) {
            // Woken mid-round: what woke it may have been committed after this round claimed.
            again = true;
            return;
        }
        dispatching = true;
        again = false;
        dispatcher.dispatchOnce().onComplete(done -> {
            dispatching = false;
            if (done.failed()) log.atWarn().setCause(done.cause()).log("sending pushes failed; will retry");
            else if (again || done.result() == PushDispatcher.CLAIM) tick();
        });
    }

    private void measureOldest() {
        OutboxStore.oldestWaitingSeconds(pool, clock.instant())
                .onSuccess(seconds -> metrics.oldest(Math.max(0, seconds)));
    }

    @Override
    public Future<Void> stop() {
        if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
        if (gaugeTimer >= 0) vertx.cancelTimer(gaugeTimer);
        Future<Void> unlistened = wakeUps == null ? Future.succeededFuture() : wakeUps.close();
        if (sender == null) return unlistened;
        return unlistened
                .otherwiseEmpty()
                .compose(v -> vertx.executeBlocking(
                        () -> {
                            sender.close();
                            return null;
                        },
                        false))
                .mapEmpty();
    }
}
