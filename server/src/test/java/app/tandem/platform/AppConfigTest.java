package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.SslMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration is read once; every bad value is refused with a message that names its variable. */
class AppConfigTest {

    @Test
    void defaultsNeedNoVariables() {
        AppConfig config = AppConfig.fromEnvironment(Map.of());
        assertEquals(8080, config.httpPort());
        assertTrue(config.databaseUrl().isEmpty());
        assertTrue(config.dataDir().endsWith(".tandem"));
        assertEquals(1024 * 1024, config.bodyLimitBytes());
        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
        assertFalse(config.demo());
        assertEquals(Duration.ofDays(7), config.liveEventRetention());
        assertEquals(
                Duration.ofDays(30),
                AppConfig.fromEnvironment(Map.of("TANDEM_LIVE_RETENTION_DAYS", "30"))
                        .liveEventRetention());
    }

    @Test
    void demoIsOnFromTheFlagOrTheVariable() {
        assertTrue(AppConfig.fromEnvironment(Map.of(), "--demo").demo());
        assertTrue(AppConfig.fromEnvironment(Map.of("TANDEM_DEMO", "true")).demo());
    }

    @Test
    void badValuesNameTheirVariable() {
        assertMessage("TANDEM_HTTP_PORT: must be a whole number, was 'eighty'", Map.of("TANDEM_HTTP_PORT", "eighty"));
        assertMessage("TANDEM_HTTP_PORT: must be between 0 and 65535, was 70000", Map.of("TANDEM_HTTP_PORT", "70000"));
        assertMessage("TANDEM_DEMO: must be true or false, was 'maybe'", Map.of("TANDEM_DEMO", "maybe"));
        assertMessage(
                "TANDEM_BODY_LIMIT_BYTES: must be between 1024 and 67108864, was 10",
                Map.of("TANDEM_BODY_LIMIT_BYTES", "10"));
        assertMessage(
                "TANDEM_LIVE_RETENTION_DAYS: must be between 1 and 90, was 0",
                Map.of("TANDEM_LIVE_RETENTION_DAYS", "0"));
        assertMessage(
                "DATABASE_URL: must start with postgres:// or postgresql://", Map.of("DATABASE_URL", "mysql://h/db"));
        assertMessage(
                "DATABASE_URL: has no database name (postgres://user@host:5432/dbname)",
                Map.of("DATABASE_URL", "postgres://h:5432"));
        assertMessage(
                "DATABASE_URL: has an unknown sslmode 'sometimes'",
                Map.of("DATABASE_URL", "postgres://h/db?sslmode=sometimes"));
    }

    @Test
    void unknownCommandLineArgumentIsRefused() {
        ConfigException ex = assertThrows(ConfigException.class, () -> AppConfig.fromEnvironment(Map.of(), "--dmeo"));
        assertTrue(ex.getMessage().contains("--dmeo"));
    }

    @Test
    void databaseUrlIsParsedWithoutLeakingThePassword() {
        DatabaseUrl url = AppConfig.fromEnvironment(
                        Map.of("DATABASE_URL", "postgresql://app:s%40cret@db.internal:6543/tandem?sslmode=require"))
                .databaseUrl()
                .orElseThrow();
        assertEquals("db.internal", url.host());
        assertEquals(6543, url.port());
        assertEquals("tandem", url.database());
        assertEquals("app", url.user());
        assertEquals("s@cret", url.password());
        assertEquals(SslMode.REQUIRE, url.sslMode());
        assertFalse(url.toString().contains("s@cret"));
        assertFalse(url.jdbcUrl().contains("s@cret"));
    }

    private static void assertMessage(String expected, Map<String, String> env) {
        ConfigException ex = assertThrows(ConfigException.class, () -> AppConfig.fromEnvironment(env));
        assertEquals(expected, ex.getMessage());
    }
}
