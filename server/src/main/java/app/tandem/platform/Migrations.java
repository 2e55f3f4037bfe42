package app.tandem.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway before the HTTP port opens. Replicas starting together
 * queue on one PostgreSQL advisory lock, so exactly one migrates and the others find nothing to do.
 * Blocking: run on a worker thread.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** "tandem" in ASCII: the advisory lock key every replica agrees on. */
    static final long LOCK_KEY = 0x74616e64656dL;

    private Migrations() {}

    public static MigrateResult migrate(DatabaseUrl url) {
        try (Connection lock = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            try (Statement s = lock.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                MigrateResult result = Flyway.configure()
                        .dataSource(url.jdbcUrl(), url.user(), url.password())
                        .locations("classpath:db/migration")
                        .failOnMissingLocations(true)
                        .cleanDisabled(true)
                        .load()
                        .migrate();
                log.atInfo()
                        .addKeyValue("applied", result.migrationsExecuted)
                        .addKeyValue("schemaVersion", result.targetSchemaVersion)
                        .log("database schema is up to date");
                return result;
            } finally {
                try (Statement s = lock.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        } catch (SQLException ex) {
            throw new StartupException(
                    "cannot connect to the database at " + url.describe() + " (" + firstLine(ex.getMessage()) + ")",
                    ex);
        } catch (FlywayException ex) {
            throw new StartupException("database migration failed: " + firstLine(ex.getMessage()), ex);
        }
    }

    static String firstLine(String message) {
        if (message == null) return "no detail";
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
