package app.tandem.realtime;

import app.tandem.platform.Caller;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's reader of the live event log. A NOTIFY wakes it; it then reads every event after
 * the last one it handled, in id order, and hands each to the recipients' sockets on this replica.
 * It also reads on a short timer and after its listening connection comes back, so a lost wake-up
 * delays an event but never loses it. One read runs at a time, which keeps events in order.
 */
final class LiveFeed {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final int BATCH = 500;
    /** Resumes in flight at once on this replica; the rest wait in {@link #resumes}. */
    private static final int CONCURRENT_RESUMES = 4;

    static final Duration POLL = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Pool pool;
    private final LiveSockets sockets;
    private final LiveRenderer renderer;
    private PgSubscriber subscriber;
    private long timer = -1;
    private long position;
    private boolean reading;
    private boolean again;
    private volatile boolean closing;
    private final ArrayDeque<Waiting> resumes = new ArrayDeque<>();
    private int resuming;

    private LiveFeed(Vertx vertx, Pool pool, LiveSockets sockets, LiveRenderer renderer, long position) {
        this.vertx = vertx;
        this.pool = pool;
        this.sockets = sockets;
        this.renderer = renderer;
        this.position = position;
    }

    static Future<LiveFeed> start(
            Vertx vertx, Pool pool, PgConnectOptions options, LiveSockets sockets, LiveRenderer renderer) {
        return LiveEventStore.lastId(pool)
                .map(last -> new LiveFeed(vertx, pool, sockets, renderer, last))
                .compose(feed -> feed.listen(options).map(feed));
    }

    private Future<Void> listen(PgConnectOptions options) {
        // Named, so operators (and tests) can tell the listening connection apart.
        subscriber = PgSubscriber.subscriber(
                vertx, new PgConnectOptions(options).addProperty("application_name", "tandem-live"));
        subscriber.reconnectPolicy(retries -> 500L);
        subscriber
                .channel(LiveEvents.CHANNEL)
                .subscribeHandler(v -> wake())
                .exceptionHandler(ex -> log.atDebug().setCause(ex).log("live listener failed"))
                .handler(id -> wake());
        subscriber.closeHandler(v -> {
            if (!closing) log.warn("live listener lost its connection; reconnecting, and reading the log meanwhile");
        });
        timer = vertx.setPeriodic(POLL.toMillis(), id -> wake());
        return subscriber.connect();
    }

    /** The newest event this replica has handed out. */
    synchronized long position() {
        return position;
    }

    synchronized void wake() {
        if (closing) return;
        if (reading) {
            again = true;
            return;
        }
        reading = true;
        again = false;
        read();
    }

    private void read() {
        long after;
        synchronized (this) {
            after = position;
        }
        // The order lock, exclusively: every event with an id is committed (or gone) before the read,
        // whose own statement then sees them (LiveEvents).
        pool.withTransaction(tx -> LiveEventStore.inOrderAfter(tx, after, BATCH))
                .compose(events -> {
                    return events.isEmpty()
                            ? Future.succeededFuture(0)
                            : hand(events).map(events.size());
                })
                .onComplete(done -> {
                    if (done.failed())
                        log.atWarn().setCause(done.cause()).log("reading live events failed; will retry");
                    boolean more;
                    synchronized (this) {
                        more = !closing && ((done.succeeded() && done.result() == BATCH) || again);
                        again = false;
                        reading = more;
                    }
                    if (more) read();
                });
    }

    private Future<Void> hand(List<LiveEvent> events) {
        return renderer.load(events).compose(render -> {
            List<LiveEvent> deliveredEvents = new ArrayList<>();
            List<Caller> deliveredTo = new ArrayList<>();
            for (LiveEvent event : events) {
                for (var user : event.recipients()) {
                    for (LiveSocket socket : sockets.of(user)) {
                        socket.offer(event.id(), render.apply(event, socket.caller()));
                        deliveredEvents.add(event);
                        deliveredTo.add(socket.caller());
                    }
                }
                synchronized (this) {
                    position = event.id();
                }
            }
            // Receipts are best effort and announce events of their own: the feed reads on without waiting.
            if (!deliveredEvents.isEmpty()) {
                renderer.delivered(deliveredEvents, deliveredTo)
                        .onFailure(ex -> log.atDebug().setCause(ex).log("delivery receipts not recorded"));
            }
            return Future.<Void>succeededFuture();
        });
    }

    /**
     * Catches a signed-in device up: its own events after the one it saw, and a `resync` when events
     * after that one have been pruned (it refetches by REST). The pruned mark and the first page of
     * the backlog come from one statement, so they agree (one snapshot), and a device with nothing to
     * catch up on costs one indexed query. Resumes run a few at a time: when a whole school opens the
     * app at once, sockets wait their turn for the database instead of overflowing the pool's queue.
     */
    Future<Void> resume(LiveSocket socket, long after) {
        // Only up to what this replica's reader has handed out: those events are committed in id
        // order, and the socket (already registered) is offered every later one by the feed.
        long upTo = position();
        Waiting waiting = new Waiting(() -> catchUp(socket, after, upTo), Promise.promise());
        synchronized (resumes) {
            resumes.add(waiting);
        }
        nextResume();
        return waiting.done().future();
    }

    /** A resume waiting its turn, and what it answers when it has run. */
    private record Waiting(Supplier<Future<Void>> work, Promise<Void> done) {}

    /** Starts the next waiting resume if fewer than {@link #CONCURRENT_RESUMES} are running. */
    private void nextResume() {
        Waiting next;
        synchronized (resumes) {
            if (resuming >= CONCURRENT_RESUMES || resumes.isEmpty()) return;
            resuming++;
            next = resumes.poll();
        }
        Future<Void> running;
        try {
            running = next.work().get();
        } catch (RuntimeException ex) {
            running = Future.failedFuture(ex);
        }
        running.onComplete(next.done()).onComplete(v -> {
            synchronized (resumes) {
                resuming--;
            }
            nextResume();
        });
    }

    private Future<Void> catchUp(LiveSocket socket, long after, long upTo) {
        return LiveEventStore.firstPage(pool, socket.caller().subject(), after, BATCH, upTo)
                .compose(page -> {
                    long pruned = page.prunedThrough();
                    if (after < pruned) resync(socket);
                    List<LiveEvent> events = page.events();
                    return send(socket, events)
                            .compose(v -> events.size() < BATCH
                                    ? Future.<Void>succeededFuture()
                                    // A long backlog: the rest in pages, then the mark again in case
                                    // a prune ran meanwhile.
                                    : backlog(
                                                    socket,
                                                    events.get(events.size() - 1)
                                                            .id(),
                                                    upTo)
                                            .compose(x -> after < pruned
                                                    ? Future.succeededFuture()
                                                    : LiveRetentionStore.prunedThrough(pool)
                                                            .map(now -> {
                                                                if (after < now) resync(socket);
                                                                return null;
                                                            })));
                });
    }

    private static void resync(LiveSocket socket) {
        socket.notice(new JsonObject()
                .put("type", "resync")
                .put("detail", "Some events are too old to resend; fetch your conversations again."));
    }

    /** A device's own events after the one it saw last, in pages, in id order. */
    private Future<Void> backlog(LiveSocket socket, long after, long upTo) {
        return LiveEventStore.page(pool, socket.caller().subject(), after, BATCH, upTo)
                .compose(events -> {
                    return send(socket, events)
                            .compose(v -> events.size() == BATCH
                                    ? backlog(
                                            socket,
                                            events.get(events.size() - 1).id(),
                                            upTo)
                                    : Future.succeededFuture());
                });
    }

    /** Sends part of a device's backlog and records it as delivered. */
    private Future<Void> send(LiveSocket socket, List<LiveEvent> events) {
        if (events.isEmpty()) return Future.succeededFuture();
        return renderer.load(events).compose(render -> {
            for (LiveEvent event : events) socket.backlog(event.id(), render.apply(event, socket.caller()));
            return renderer.delivered(
                    events, events.stream().map(e -> socket.caller()).toList());
        });
    }

    Future<Void> close() {
        closing = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        return subscriber == null ? Future.succeededFuture() : subscriber.close();
    }
}
