package app.tandem.platform;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Optional;

/**
 * The one stateful dependency: the configured PostgreSQL, or an embedded one in the data folder when
 * none is configured. {@link #prepare} blocks (it may start a server and migrates): call it on a worker.
 */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final Optional<EmbeddedDatabase> embedded;

    private Database(DatabaseUrl url, Optional<EmbeddedDatabase> embedded) {
        this.url = url;
        this.embedded = embedded;
    }

    public static Database prepare(AppConfig config) {
        Optional<EmbeddedDatabase> embedded = Optional.empty();
        DatabaseUrl url;
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
        } else {
            try {
                EmbeddedDatabase db = EmbeddedDatabase.start(config.dataDir(), config.embeddedDatabasePort(), true);
                embedded = Optional.of(db);
                url = db.url(EmbeddedDatabase.DATABASE);
            } catch (RuntimeException ex) {
                throw new StartupException(
                        "cannot start the embedded PostgreSQL in " + config.dataDir() + " ("
                                + Migrations.firstLine(ex.getMessage()) + "); set TANDEM_DATA_DIR or DATABASE_URL",
                        ex);
            }
        }
        Database database = new Database(url, embedded);
        try {
            Migrations.migrate(url);
        } catch (RuntimeException ex) {
            database.close();
            throw ex;
        }
        return database;
    }

    /**
     * The database for a one-off command (`create-school`): the configured one; else the embedded
     * server a running Tandem already has on this data folder; else the embedded one, started for
     * the command and stopped by {@link #close}. Blocking: call it from the command's own thread.
     */
    public static Database forCommand(AppConfig config) {
        if (config.databaseUrl().isEmpty()) {
            Optional<DatabaseUrl> running = EmbeddedDatabase.running(config.dataDir());
            if (running.isPresent()) {
                Migrations.migrate(running.get());
                return new Database(running.get(), Optional.empty());
            }
        }
        return prepare(config);
    }

    /**
     * The pool: `size` connections and a bounded queue of requests waiting for one (beyond it, a
     * request is refused at once). A queued request waits without a timer of the pool's own: in
     * Vert.x 5.0 a waiter's timeout can fire just as a connection is handed to it, and that
     * connection is then never returned (eclipse-vertx/vert.x#6169, fixed in 5.1.3); under a
     * reconnect storm a replica lost its whole pool that way (bench/run, measured). HTTP clients
     * and the readiness check keep their own time limits.
     */
    public Pool pool(Vertx vertx, int size) {
        return PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(size)
                        .setName("tandem")
                        .setMaxWaitQueueSize(size * 50)
                        .setConnectionTimeout(0))
                .with(new NetClientOptions().setConnectTimeout(5_000))
                .connectingTo(url.connectOptions())
                .using(vertx)
                .build();
    }

    public DatabaseUrl url() {
        return url;
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
