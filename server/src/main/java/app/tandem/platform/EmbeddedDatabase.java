package app.tandem.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the class path (zonky), with its data kept in a
 * folder between runs. Used when no DATABASE_URL is given, so one command runs the whole of Tandem.
 * PostgreSQL will not run as root; when we are root, zonky runs it in a user namespace
 * (`unshare -U`), where it is not. Blocking: start and stop it on a worker, never on an event loop.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "tandem";

    private final EmbeddedPostgres postgres;
    private final java.nio.channels.FileLock folder;

    private EmbeddedDatabase(EmbeddedPostgres postgres, java.nio.channels.FileLock folder) {
        this.postgres = postgres;
        this.folder = folder;
    }

    /**
     * This process's hold on the data folder, taken before PostgreSQL is touched: a second server
     * started on the same folder stops here with one clear line, and never starts (or, through the
     * library's shutdown hook, stops) the PostgreSQL that belongs to the first.
     */
    private static java.nio.channels.FileLock holdFolder(Path dataDir) throws IOException {
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                dataDir.resolve("tandem.lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another Tandem server is using this data folder");
        }
        return lock;
    }

    /**
     * Starts PostgreSQL on {@code dataDir/postgres} (created and initialised on first use) and makes sure
     * the {@value #DATABASE} database exists.
     *
     * @param port the port to listen on, or 0 for any free port
     * @param keepData false for throwaway test servers, deleted on close
     */
    public static EmbeddedDatabase start(Path dataDir, int port, boolean keepData) {
        try {
            Path pgData = dataDir.resolve("postgres");
            Files.createDirectories(pgData);
            java.nio.channels.FileLock folder = holdFolder(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(!keepData)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    // A stop waits for every connection still signing in, up to this long (60 s by
                    // default); on loopback one that has not signed in within 5 s never will, and a
                    // restart under load took a minute instead of six seconds (measured, bench/soak).
                    .setServerConfig("authentication_timeout", "5s")
                    // Durable: the embedded server holds real data between runs. The library starts
                    // PostgreSQL with fsync off (-F, for throwaway test databases); a later -c wins.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", keepData ? "on" : "off")
                    .setServerConfig("full_page_writes", keepData ? "on" : "off")
                    .setOverrideWorkingDirectory(
                            dataDir.resolve("postgres-binaries").toFile());
            EmbeddedPostgres started;
            try {
                started = builder.start();
            } catch (IOException | RuntimeException ex) {
                folder.channel().close();
                throw ex;
            }
            EmbeddedDatabase db = new EmbeddedDatabase(started, folder);
            db.createDatabaseIfMissing();
            log.atInfo()
                    .addKeyValue("port", db.port())
                    .addKeyValue("dataDir", pgData.toString())
                    .log("embedded PostgreSQL started");
            return db;
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "could not start the embedded PostgreSQL in " + dataDir + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The embedded server another process (a running Tandem) has on this data folder, found from its
     * `postmaster.pid` and proven by connecting to it; empty when none answers there.
     */
    public static java.util.Optional<DatabaseUrl> running(Path dataDir) {
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            // postmaster.pid: pid, data directory, start time, port, ... (one per line).
            java.util.List<String> lines = Files.readAllLines(pid);
            if (lines.size() < 4) return java.util.Optional.empty();
            int port = Integer.parseInt(lines.get(3).strip());
            DatabaseUrl url =
                    new DatabaseUrl("127.0.0.1", port, DATABASE, "postgres", null, io.vertx.pgclient.SslMode.DISABLE);
            try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                    Statement s = c.createStatement();
                    var rs = s.executeQuery("SHOW data_directory")) {
                // Another server may have taken the port since a crash: only ours will do.
                boolean ours = rs.next()
                        && Path.of(rs.getString(1))
                                .toRealPath()
                                .equals(pid.getParent().toRealPath());
                return ours ? java.util.Optional.of(url) : java.util.Optional.empty();
            }
        } catch (IOException | NumberFormatException | SQLException none) {
            // No file, a file left by a server that died, or nothing listening: nobody runs it now.
            return java.util.Optional.empty();
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException ex) {
            throw new IllegalStateException("could not create the " + DATABASE + " database: " + ex.getMessage(), ex);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The URL of a database on this server. */
    public DatabaseUrl url(String database) {
        return new DatabaseUrl("127.0.0.1", port(), database, "postgres", null, io.vertx.pgclient.SslMode.DISABLE);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException ex) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", ex.getMessage());
        }
        try {
            folder.channel().close();
        } catch (IOException ex) {
            log.warn("could not let go of the data folder: {}", ex.getMessage());
        }
    }
}
