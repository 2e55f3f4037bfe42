package app.tandem.backup;

import app.tandem.platform.AppConfig;
import app.tandem.platform.Capability;
import app.tandem.platform.DatabaseUrl;
import app.tandem.platform.HourlyCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With TANDEM_BACKUP_DIR set, a backup a day: checked hourly on every replica, made by the one
 * that takes the advisory lock when the newest file there is more than 23 hours old, the oldest
 * beyond TANDEM_BACKUP_KEEP removed. Its outcome is in the log and in `/metrics`
 * (`tandem_backup_last_success_timestamp_seconds`, `tandem_backup_failures_total`).
 */
public final class NightlyBackup implements Capability {
    private static final Logger log = LoggerFactory.getLogger(NightlyBackup.class);
    /** "tandembk" in ASCII: one replica backs up at a time. */
    static final long LOCK_KEY = 0x74616e64656d626bL;

    static final String PREFIX = "tandem-";
    static final String SUFFIX = ".tbk";
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Vertx vertx;
    private final DatabaseUrl url;
    private final AppConfig.BackupSettings settings;
    private final Path dataDir;
    private final Clock clock;
    private final HourlyCheck check;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final Counter failures;

    public NightlyBackup(Vertx vertx, DatabaseUrl url, AppConfig config, MeterRegistry registry, Clock clock) {
        this.vertx = vertx;
        this.url = url;
        this.settings = config.backup();
        this.dataDir = config.dataDir();
        this.clock = clock;
        this.check = new HourlyCheck(vertx, this::runIfDue);
        Gauge.builder("tandem_backup_last_success_timestamp_seconds", lastSuccess, AtomicLong::get)
                .description("When the last backup this replica made finished (Unix seconds; 0: none yet)")
                .register(registry);
        this.failures = Counter.builder("tandem_backup_failures")
                .description("Backups this replica started that failed")
                .register(registry);
    }

    @Override
    public Future<Void> start() {
        if (settings.dir().isEmpty()) return Future.succeededFuture();
        return check.start();
    }

    @Override
    public Future<Void> stop() {
        return check.stop();
    }

    /** The check: a new backup when the newest is over 23 hours old; its file, or null when none was due or another replica had it. */
    public Future<Path> runIfDue() {
        if (settings.dir().isEmpty()) return Future.succeededFuture();
        Path dir = settings.dir().get();
        return vertx.executeBlocking(() -> backUpIfDue(dir), false).onFailure(ex -> {
            failures.increment();
            log.atError().setCause(ex).addKeyValue("dir", dir.toString()).log("nightly backup failed");
        });
    }

    private Path backUpIfDue(Path dir) throws Exception {
        Instant now = clock.instant();
        List<Path> kept = backups(dir);
        if (!kept.isEmpty()
                && Files.getLastModifiedTime(kept.get(kept.size() - 1))
                        .toInstant()
                        .isAfter(now.minus(Duration.ofHours(23)))) return null;
        try (Connection lock = Backups.connect(url)) {
            if (!BackupStore.tryLock(lock, LOCK_KEY)) return null;
            Path file = dir.resolve(PREFIX + NAME.format(now) + SUFFIX);
            Backups.backup(url, dataDir, file, settings.passphrase().orElseThrow(), clock);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(now));
            prune(dir);
            lastSuccess.set(clock.instant().getEpochSecond());
            log.atInfo().addKeyValue("file", file.toString()).log("nightly backup made");
            return file;
        }
    }

    /** The backups in the folder, oldest first. */
    static List<Path> backups(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        }
    }

    private void prune(Path dir) throws IOException {
        List<Path> kept = backups(dir);
        for (int i = 0; i < kept.size() - settings.keep(); i++) Files.delete(kept.get(i));
    }
}
