package app.tandem.platform;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the database is: parsed once from a `postgres://user:pass@host:port/db?sslmode=...` URL into
 * the two shapes the server needs, Vert.x client options and a JDBC URL for Flyway.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, SslMode sslMode) {

    public DatabaseUrl {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host");
        if (database == null || database.isBlank()) throw new IllegalArgumentException("database");
    }

    public static DatabaseUrl parse(String variable, String value) {
        URI uri = AppConfig.uri(variable, value);
        String scheme = uri.getScheme();
        if (!"postgres".equals(scheme) && !"postgresql".equals(scheme)) {
            throw new ConfigException(variable, "must start with postgres:// or postgresql://");
        }
        if (uri.getHost() == null) throw new ConfigException(variable, "has no host");
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty())
            throw new ConfigException(variable, "has no database name (postgres://user@host:5432/dbname)");
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length == 2) password = decode(parts[1]);
        }
        SslMode ssl = SslMode.PREFER;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("sslmode") && kv.length == 2) {
                    try {
                        ssl = SslMode.of(decode(kv[1]));
                    } catch (IllegalArgumentException ex) {
                        throw new ConfigException(variable, "has an unknown sslmode '" + kv[1] + "'");
                    }
                }
            }
        }
        return new DatabaseUrl(
                uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), decode(path), user, password, ssl);
    }

    public PgConnectOptions connectOptions() {
        PgConnectOptions options = new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(user)
                .setSslMode(sslMode)
                .setPipeliningLimit(1)
                // Each connection prepares a statement once and PostgreSQL then reuses its plan. The
                // client caches only SQL up to 2,048 characters by default, which left the home
                // screens' queries (several kilobytes) parsed and planned on every request.
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheSqlLimit(64 * 1024);
        if (password != null) options.setPassword(password);
        return options;
    }

    /** For Flyway's JDBC connection; the password travels separately. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?sslmode=" + sslMode.value
                + "&connectTimeout=5&ApplicationName=tandem";
    }

    /** For messages: where, never the password. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + user + "@" + describe() + "]";
    }
}
