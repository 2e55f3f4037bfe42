package app.tandem.realtime;

import app.tandem.identity.Identity;
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
public final class Realtime {
  private static final Duration SWEEP = Duration.ofSeconds(25);

  private final Vertx vertx;
  private final LiveFeed feed;
  private final LiveEndpoint endpoint;
  private final LiveSockets sockets;
  private final long sweepTimer;

  private Realtime(Vertx vertx, LiveFeed feed, LiveEndpoint endpoint, LiveSockets sockets) {
    this.vertx = vertx;
    this.feed = feed;
    this.endpoint = endpoint;
    this.sockets = sockets;
    this.sweepTimer = vertx.setPeriodic(SWEEP.toMillis(), id -> endpoint.sweep());
  }

  public static Future<Realtime> start(Vertx vertx, Pool pool, PgConnectOptions options, Identity identity, LiveRenderer renderer,
                                       Clock clock) {
    LiveSockets sockets = new LiveSockets();
    return LiveFeed.start(vertx, pool, options, sockets, renderer)
        .map(feed -> new Realtime(vertx, feed, new LiveEndpoint(vertx, identity, sockets, feed, clock), sockets));
  }

  /** Housekeeping for the live event log: events older than `keepEvents` are pruned. */
  public static List<Housekeeping.Chore> chores(Duration keepEvents) {
    return List.of(LiveRetention.chore(keepEvents));
  }

  /** What the HTTP servers need to take WebSockets at `/v1/live`. */
  public HttpServerOptions configure(HttpServerOptions options) {
    return options.setWebSocketSubProtocols(List.of(LiveEndpoint.SUBPROTOCOL))
        .setMaxWebSocketFrameSize(16 * 1024).setMaxWebSocketMessageSize(16 * 1024);
  }

  public Handler<ServerWebSocketHandshake> handshakes() {
    return endpoint::handshake;
  }

  public Handler<ServerWebSocket> sockets() {
    return endpoint::connected;
  }

  /** Open sockets on this replica. */
  public int openSockets() {
    return sockets.count();
  }

  /** Reads the log now rather than at the next wake-up (tests and shutdown). */
  public void wake() {
    feed.wake();
  }

  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return endpoint.close().eventually(feed::close);
  }
}
