package app.tandem.realtime;

import app.tandem.identity.Identity;
import app.tandem.platform.Capability;
import app.tandem.platform.Housekeeping;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Live delivery, wired: the WebSocket endpoint and this replica's reader of the live event log. */
public final class Realtime implements Capability {
    private static final Duration SWEEP = Duration.ofSeconds(25);

    private final Vertx vertx;
    private final Pool pool;
    private final PgConnectOptions options;
    private final Identity identity;
    private final LiveRenderer renderer;
    private final Clock clock;
    private final Duration keepEvents;
    private final LiveSockets sockets = new LiveSockets();
    private final SocketLimit limit;
    private LiveFeed feed;
    private LiveEndpoint endpoint;
    private long sweepTimer = -1;

    /** @param keepEvents how long live events are kept for devices to resume from */
    public Realtime(
            Vertx vertx,
            Pool pool,
            PgConnectOptions options,
            Identity identity,
            LiveRenderer renderer,
            Clock clock,
            Duration keepEvents,
            int maxSockets) {
        this.vertx = vertx;
        this.limit = SocketLimit.of(maxSockets);
        this.pool = pool;
        this.options = options;
        this.identity = identity;
        this.renderer = renderer;
        this.clock = clock;
        this.keepEvents = keepEvents;
    }

    /** Starts listening for live events; the endpoint takes sockets from then on. */
    @Override
    public Future<Void> start() {
        return LiveFeed.start(vertx, pool, options, sockets, renderer).map(started -> {
            feed = started;
            endpoint = new LiveEndpoint(vertx, identity, sockets, feed, limit, clock);
            sweepTimer = vertx.setPeriodic(SWEEP.toMillis(), id -> endpoint.sweep());
            return null;
        });
    }

    /** Housekeeping for the live event log: events older than the retention are pruned. */
    @Override
    public List<Housekeeping.Chore> chores() {
        return List.of(LiveRetentionStore.chore(keepEvents));
    }

    /** What the HTTP servers need to take WebSockets at `/v1/live`. */
    public HttpServerOptions configure(HttpServerOptions options) {
        // No WebSocket compression: frames are a few hundred bytes of JSON, and each compressed
        // connection holds zlib contexts of a few hundred KiB, which idle sockets cannot afford.
        return options.setWebSocketSubProtocols(List.of(LiveEndpoint.SUBPROTOCOL))
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setMaxWebSocketFrameSize(16 * 1024)
                .setMaxWebSocketMessageSize(16 * 1024);
    }

    public Handler<ServerWebSocketHandshake> handshakes() {
        return endpoint::handshake;
    }

    public Handler<ServerWebSocket> sockets() {
        return endpoint::connected;
    }

    /** Reads the log now rather than at the next wake-up (tests and shutdown). */
    public void wake() {
        feed.wake();
    }

    @Override
    public Future<Void> stop() {
        if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
        LiveEndpoint closing = endpoint;
        endpoint = null; // a second stop (the application stops live delivery first) finds nothing to do
        if (closing == null) return Future.succeededFuture();
        return closing.close().eventually(feed::close);
    }
}
