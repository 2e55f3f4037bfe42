package app.tandem.directory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every replica that the directory changed (a link, class, role, pupil or account), so each
 * drops its cached access decisions and session states. A write announces the change with NOTIFY in
 * its own transaction: nothing is announced for work that rolled back. After a lost connection the
 * caches are dropped too, since a change may have been missed.
 */
public final class DirectoryChanges {
  private static final Logger log = LoggerFactory.getLogger(DirectoryChanges.class);
  static final String CHANNEL = "tandem_directory";

  private final PgSubscriber subscriber;
  private final List<Runnable> forget;
  private volatile boolean closing;

  private DirectoryChanges(PgSubscriber subscriber, List<Runnable> forget) {
    this.subscriber = subscriber;
    this.forget = forget;
  }

  public static Future<DirectoryChanges> listen(Vertx vertx, PgConnectOptions options, List<Runnable> forget) {
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options);
    DirectoryChanges changes = new DirectoryChanges(subscriber, forget);
    subscriber.reconnectPolicy(retries -> 1_000L);
    subscriber.channel(CHANNEL)
        .subscribeHandler(v -> changes.forgetAll())
        .exceptionHandler(ex -> log.atDebug().setCause(ex).log("directory change listener failed"))
        .handler(payload -> changes.forgetAll());
    subscriber.closeHandler(v -> {
      if (!changes.closing) log.warn("directory change listener lost its connection; reconnecting");
    });
    return subscriber.connect().map(changes);
  }

  /** Announces a change, inside the transaction that makes it. */
  static Future<Void> announce(SqlClient tx) {
    return tx.query("NOTIFY " + CHANNEL).execute().mapEmpty();
  }

  /** Drops this replica's caches now, without waiting for the notification to come back. */
  void forgetAll() {
    forget.forEach(Runnable::run);
  }

  public Future<Void> close() {
    closing = true;
    return subscriber.close();
  }
}
