package app.tandem.platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the server reads from its environment, read once at start-up and validated, so a bad
 * value stops the server with a message that names the variable instead of failing later.
 */
public record AppConfig(
        int httpPort,
        Optional<DatabaseUrl> databaseUrl,
        Path dataDir,
        int embeddedDatabasePort,
        boolean demo,
        int bodyLimitBytes,
        Duration shutdownGrace,
        int databasePoolSize,
        int eventLoops,
        String logLevel,
        boolean trustForwarded,
        AuthSettings auth,
        PushSettings push,
        Duration liveEventRetention,
        int liveMaxSockets,
        int managementPort,
        MailSettings mail,
        Optional<String> auditKey,
        BackupSettings backup) {

    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    public AppConfig {
        if (httpPort < 0 || httpPort > 65535)
            throw new ConfigException("TANDEM_HTTP_PORT", "must be a port number (0-65535)");
        if (!LOG_LEVELS.contains(logLevel))
            throw new ConfigException("TANDEM_LOG_LEVEL", "must be one of " + LOG_LEVELS);
    }

    /** Reads the configuration from environment variables and the command line (`--demo`). */
    public static AppConfig fromEnvironment(Map<String, String> env, String... args) {
        boolean demoFlag = false;
        for (String arg : args) {
            if (arg.equals("--demo")) demoFlag = true;
            else throw new ConfigException("command line", "unknown argument '" + arg + "' (the only one is --demo)");
        }
        Env e = new Env(env);
        return new AppConfig(
                e.integer("TANDEM_HTTP_PORT", 8080, 0, 65535),
                e.optional("DATABASE_URL").map(url -> DatabaseUrl.parse("DATABASE_URL", url)),
                e.path("TANDEM_DATA_DIR", Path.of(".tandem")),
                e.integer("TANDEM_EMBEDDED_DB_PORT", 0, 0, 65535),
                demoFlag || e.bool("TANDEM_DEMO", false),
                e.integer("TANDEM_BODY_LIMIT_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
                Duration.ofSeconds(e.integer("TANDEM_SHUTDOWN_GRACE_SECONDS", 10, 0, 300)),
                e.integer("TANDEM_DB_POOL_SIZE", 10, 1, 200),
                e.integer("TANDEM_EVENT_LOOPS", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64),
                e.optional("TANDEM_LOG_LEVEL").orElse("INFO").toUpperCase(Locale.ROOT),
                e.bool("TANDEM_TRUST_FORWARDED", false),
                new AuthSettings(
                        e.optional("TANDEM_JWT_ISSUER").orElse("tandem"),
                        e.optional("TANDEM_JWT_AUDIENCE").orElse("tandem-app"),
                        e.optional("TANDEM_JWT_KEYS"),
                        e.optional("TANDEM_JWT_KEYS_FILE").map(f -> Path.of(f)),
                        e.optional("TANDEM_JWT_ACTIVE_KID"),
                        Duration.ofSeconds(e.integer("TANDEM_ACCESS_TOKEN_SECONDS", 900, 60, 3600)),
                        Duration.ofDays(e.integer("TANDEM_SESSION_DAYS", 60, 1, 365)),
                        e.integer("TANDEM_LOGIN_MAX_FAILURES", 5, 1, 100),
                        e.integer("TANDEM_LOGIN_MAX_FAILURES_PER_ADDRESS", 50, 1, 10_000),
                        Duration.ofSeconds(e.integer("TANDEM_LOGIN_LOCK_SECONDS", 900, 1, 86_400)),
                        Duration.ofDays(e.integer("TANDEM_INVITATION_DAYS", 14, 1, 90)),
                        Duration.ofMinutes(e.integer("TANDEM_PAIRING_CODE_MINUTES", 10, 1, 1440))),
                new PushSettings(
                        e.optional("TANDEM_FCM_ENDPOINT").map(url -> endpoint("TANDEM_FCM_ENDPOINT", url)),
                        e.optional("TANDEM_FCM_PROJECT_ID").map(id -> projectId("TANDEM_FCM_PROJECT_ID", id)),
                        e.optional("TANDEM_FCM_CREDENTIALS_FILE")
                                .or(() -> e.optional("GOOGLE_APPLICATION_CREDENTIALS"))
                                .map(Path::of),
                        e.integer("TANDEM_PUSH_MAX_ATTEMPTS", 8, 1, 50),
                        // Below the dispatcher's 60 s lease, so a slow send never outlives its claim.
                        Duration.ofSeconds(e.integer("TANDEM_FCM_TIMEOUT_SECONDS", 15, 1, 50)),
                        Duration.ofSeconds(e.integer("TANDEM_PUSH_POLL_SECONDS", 1, 1, 3600))),
                Duration.ofDays(e.integer("TANDEM_LIVE_RETENTION_DAYS", 7, 1, 90)),
                e.integer("TANDEM_LIVE_MAX_SOCKETS", 0, 0, 10_000_000),
                e.integer("TANDEM_MANAGEMENT_PORT", 0, 0, 65535),
                new MailSettings(
                        e.optional("TANDEM_SMTP_HOST"),
                        e.integer("TANDEM_SMTP_PORT", 587, 1, 65535),
                        e.optional("TANDEM_SMTP_USERNAME"),
                        e.optional("TANDEM_SMTP_PASSWORD"),
                        e.optional("TANDEM_SMTP_FROM").orElse("Tandem <no-reply@tandem.invalid>"),
                        tls(e.optional("TANDEM_SMTP_TLS").orElse("starttls")),
                        e.integer("TANDEM_MAIL_MAX_ATTEMPTS", 8, 1, 50),
                        e.optional("TANDEM_PUBLIC_URL").map(url -> endpoint("TANDEM_PUBLIC_URL", url))),
                e.optional("TANDEM_AUDIT_KEY").map(AppConfig::auditKey),
                new BackupSettings(
                        e.optional("TANDEM_BACKUP_DIR").map(d -> e.path("TANDEM_BACKUP_DIR", Path.of(d))),
                        e.integer("TANDEM_BACKUP_KEEP", 7, 1, 365),
                        e.optional("TANDEM_BACKUP_PASSPHRASE")));
    }

    /**
     * Nightly encrypted backups of the database and the keys that verify it (the `backup` and
     * `restore` commands use the passphrase too): off without a folder. A passphrase is needed with
     * a folder, and is never written anywhere by Tandem.
     */
    public record BackupSettings(Optional<Path> dir, int keep, Optional<String> passphrase) {
        public BackupSettings {
            if (dir.isPresent() && passphrase.isEmpty())
                throw new ConfigException(
                        "TANDEM_BACKUP_PASSPHRASE", "is needed with TANDEM_BACKUP_DIR: backups are encrypted");
            if (passphrase.isPresent() && passphrase.get().length() < 12)
                throw new ConfigException("TANDEM_BACKUP_PASSPHRASE", "must be at least 12 characters");
        }
    }

    /**
     * Email to people without an account (share links and their codes, parent invitations) through
     * an SMTP server, and the address those people open links at. With no host, nothing is emailed:
     * the people who would have been emailed are given the link or code to pass on.
     */
    public record MailSettings(
            Optional<String> host,
            int port,
            Optional<String> username,
            Optional<String> password,
            String from,
            String tls,
            int maxAttempts,
            Optional<URI> publicUrl) {
        public boolean enabled() {
            return host.isPresent();
        }
    }

    private static String auditKey(String value) {
        try {
            if (java.util.Base64.getDecoder().decode(value).length >= 32) return value;
        } catch (IllegalArgumentException ex) {
            // reported below
        }
        throw new ConfigException(
                "TANDEM_AUDIT_KEY", "must be at least 32 bytes, base64-encoded (openssl rand -base64 32)");
    }

    private static String tls(String value) {
        if (!Set.of("none", "starttls", "tls").contains(value))
            throw new ConfigException("TANDEM_SMTP_TLS", "must be none, starttls or tls");
        return value;
    }

    /**
     * Firebase Cloud Messaging: where to send (the real FCM unless overridden, e.g. a staging
     * stand-in), the project, and the service account (`GOOGLE_APPLICATION_CREDENTIALS` as usual).
     */
    public record PushSettings(
            Optional<URI> endpoint,
            Optional<String> projectId,
            Optional<Path> credentialsFile,
            int maxAttempts,
            Duration timeout,
            Duration poll) {
        /**
         * Push is on with a project and its service account; a stand-in (an overridden endpoint)
         * needs a service account too, whose `token_uri` is the stand-in's.
         */
        public boolean enabled() {
            return projectId.isPresent() && credentialsFile.isPresent();
        }
    }

    private static URI endpoint(String variable, String value) {
        URI uri = uri(variable, value);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException(variable, "must be an http(s) base URL such as http://127.0.0.1:9099");
        }
        return uri;
    }

    private static String projectId(String variable, String value) {
        if (!value.matches("[a-z][a-z0-9-]{4,62}")) throw new ConfigException(variable, "is not a Firebase project id");
        return value;
    }

    /** Sign-in settings: token lifetimes, signing keys, brute-force limits, code lifetimes. */
    public record AuthSettings(
            String issuer,
            String audience,
            Optional<String> signingKeys,
            Optional<Path> signingKeysFile,
            Optional<String> activeKeyId,
            Duration accessTokenTtl,
            Duration sessionTtl,
            int maxFailuresPerAccount,
            int maxFailuresPerAddress,
            Duration lockout,
            Duration invitationTtl,
            Duration pairingCodeTtl) {}

    /** Typed reads of environment variables; each failure names its variable. */
    private record Env(Map<String, String> env) {
        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) return fallback;
            try {
                int value = Integer.parseInt(raw.get());
                if (value < min || value > max)
                    throw new ConfigException(name, "must be between " + min + " and " + max + ", was " + value);
                return value;
            } catch (NumberFormatException ex) {
                throw new ConfigException(name, "must be a whole number, was '" + raw.get() + "'");
            }
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) return fallback;
            return switch (raw.get().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new ConfigException(name, "must be true or false, was '" + raw.get() + "'");
            };
        }

        Path path(String name, Path fallback) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) return fallback.toAbsolutePath().normalize();
            try {
                return Path.of(raw.get()).toAbsolutePath().normalize();
            } catch (RuntimeException ex) {
                throw new ConfigException(name, "is not a usable path");
            }
        }
    }

    /** Helper for URLs in configuration, shared by the database URL parser. */
    static URI uri(String variable, String value) {
        try {
            return new URI(value);
        } catch (Exception ex) {
            throw new ConfigException(variable, "is not a valid URL");
        }
    }
}
