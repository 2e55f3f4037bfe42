package app.tandem.directory;

import app.tandem.platform.Capability;
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
public final class DirectoryChanges implements Capability {
    private static final Logger log = LoggerFactory.getLogger(DirectoryChanges.class);
    static final String CHANNEL = "tandem_directory";

    private final PgSubscriber subscriber;
    private final List<Runnable> forget;
    private volatile boolean closing;

    /** @param forget what each replica drops when the directory changes */
    public DirectoryChanges(Vertx vertx, PgConnectOptions options, List<Runnable> forget) {
        this.subscriber = PgSubscriber.subscriber(vertx, options);
        this.forget = forget;
    }

    @Override
    public Future<Void> start() {
        subscriber.reconnectPolicy(retries -> 1_000L);
        subscriber
                .channel(CHANNEL)
                .subscribeHandler(v -> forgetAll())
                .exceptionHandler(ex -> log.atDebug().setCause(ex).log("directory change listener failed"))
                .handler(payload -> forgetAll());
        subscriber.closeHandler(v -> {
            if (!closing) log.warn("directory change listener lost its connection; reconnecting");
        });
        return subscriber.connect();
    }

    /**
     * Announces a change, inside the transaction that makes it (also for other capabilities that
     * change who sees a pupil, such as a young person's choice about their record).
     */
    public static Future<Void> announce(SqlClient tx) {
        return tx.query("NOTIFY " + CHANNEL).execute().mapEmpty();
    }

    /** Drops this replica's caches now, without waiting for the notification to come back. */
    void forgetAll() {
        forget.forEach(Runnable::run);
    }

    @Override
    public Future<Void> stop() {
        closing = true;
        return subscriber.close();
    }
}
