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
        return migrate(url, null);
    }

    /**
     * The newest schema version this build's migrations make, read from the migration files it
     * carries (in the jar, or the class folder when run from the build), without a database.
     */
    public static String latestVersion() {
        java.util.regex.Pattern file = java.util.regex.Pattern.compile("db/migration/V([0-9_.]+)__[^/]*\\.sql");
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            java.nio.file.Path source = java.nio.file.Path.of(Migrations.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (java.nio.file.Files.isDirectory(source)) {
                try (var files = java.nio.file.Files.list(source.resolve("db/migration"))) {
                    files.forEach(f -> names.add("db/migration/" + f.getFileName()));
                }
            } else {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(source.toFile())) {
                    jar.stream().forEach(e -> names.add(e.getName()));
                }
            }
        } catch (java.io.IOException | java.net.URISyntaxException ex) {
            throw new StartupException("cannot read this build's migrations: " + ex.getMessage(), ex);
        }
        return names.stream()
                .map(file::matcher)
                .filter(java.util.regex.Matcher::matches)
                .map(m -> org.flywaydb.core.api.MigrationVersion.fromVersion(
                        m.group(1).replace('_', '.')))
                .max(Comparable::compareTo)
                .orElseThrow(() -> new StartupException("this build carries no migrations", null))
                .toString();
    }

    /** Migrates up to a version (a restore loads a backup at its own), or to the newest when null. */
    public static MigrateResult migrate(DatabaseUrl url, String target) {
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
                        .target(
                                target == null
                                        ? org.flywaydb.core.api.MigrationVersion.LATEST
                                        : org.flywaydb.core.api.MigrationVersion.fromVersion(target))
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
