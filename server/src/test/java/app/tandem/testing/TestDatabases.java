package app.tandem.testing;

import app.tandem.platform.DatabaseUrl;
import app.tandem.platform.EmbeddedDatabase;
import app.tandem.platform.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One PostgreSQL per test JVM (embedded, or the server at TANDEM_TEST_DATABASE_URL), one migrated
 * template database, and a fresh copy of it for each test class: cloning a template takes
 * milliseconds, so every class starts from a clean, fully migrated schema.
 */
public final class TestDatabases {
    private static final String TEMPLATE = "tandem_template";
    private static DatabaseUrl admin;

    private TestDatabases() {}

    /** A new, empty, migrated database. */
    public static synchronized DatabaseUrl fresh() {
        if (admin == null) admin = startServerAndTemplate();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        execute(admin, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return withDatabase(admin, name);
    }

    /** A database on the same server that has not been migrated, for migration tests. */
    public static synchronized DatabaseUrl empty() {
        if (admin == null) admin = startServerAndTemplate();
        String name = "e_" + UUID.randomUUID().toString().replace("-", "");
        execute(admin, "CREATE DATABASE " + name);
        return withDatabase(admin, name);
    }

    private static DatabaseUrl startServerAndTemplate() {
        String external = System.getenv("TANDEM_TEST_DATABASE_URL");
        DatabaseUrl server;
        if (external != null && !external.isBlank()) {
            server = DatabaseUrl.parse("TANDEM_TEST_DATABASE_URL", external);
        } else {
            Path dir = Path.of(System.getProperty("tandem.test.dir", "target/test-data"), "pg-" + UUID.randomUUID());
            EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            server = embedded.url("postgres");
        }
        execute(server, "DROP DATABASE IF EXISTS " + TEMPLATE);
        execute(server, "CREATE DATABASE " + TEMPLATE);
        Migrations.migrate(withDatabase(server, TEMPLATE));
        return server;
    }

    private static DatabaseUrl withDatabase(DatabaseUrl url, String database) {
        return new DatabaseUrl(url.host(), url.port(), database, url.user(), url.password(), url.sslMode());
    }

    /** The URL a server is configured with (`DATABASE_URL`) for this database. */
    public static String url(DatabaseUrl url) {
        String credentials = java.net.URLEncoder.encode(url.user(), java.nio.charset.StandardCharsets.UTF_8)
                + (url.password() == null
                        ? ""
                        : ":" + java.net.URLEncoder.encode(url.password(), java.nio.charset.StandardCharsets.UTF_8));
        return "postgres://" + credentials + "@" + url.host() + ":" + url.port() + "/" + url.database() + "?sslmode="
                + url.sslMode().value;
    }

    public static void execute(DatabaseUrl url, String sql) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }
}
