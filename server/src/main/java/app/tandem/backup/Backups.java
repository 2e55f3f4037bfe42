package app.tandem.backup;

import app.tandem.audit.AuditKey;
import app.tandem.identity.SigningKeys;
import app.tandem.platform.AppConfig;
import app.tandem.platform.Database;
import app.tandem.platform.DatabaseUrl;
import app.tandem.platform.EmbeddedDatabase;
import app.tandem.platform.Migrations;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Backing up and restoring a school's Tandem: the database (PostgreSQL's COPY of every table, in one
 * snapshot) and the keys that verify its audit chain and its sessions' tokens (the data folder's
 * generated `audit-key` and `jwt-signing-keys.json`), in one encrypted file ({@link BackupCipher}).
 * Blocking throughout: the commands run it on their own thread, the nightly backup on a worker.
 */
public final class Backups {
    static final List<String> KEY_FILES = List.of(AuditKey.GENERATED_FILE, SigningKeys.GENERATED_FILE);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private Backups() {}

    /** What a backup or restore did, as a command prints it. */
    public record Done(
            String schemaVersion, Instant createdAt, Map<String, Long> rows, List<String> keys, Path aside) {}

    /** Backs up the configured database (or the data folder's embedded one) and its keys to the file. */
    public static Done backup(AppConfig config, Path file, String passphrase, Clock clock) {
        try (Database database = Database.forCommand(config)) {
            return backup(database.url(), config.dataDir(), file, passphrase, clock);
        }
    }

    static Done backup(DatabaseUrl url, Path dataDir, Path file, String passphrase, Clock clock) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            for (String name : KEY_FILES) {
                Path key = dataDir.resolve(name);
                if (Files.isRegularFile(key)) keys.put(name, Files.readAllBytes(key));
            }
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            BackupStore.Contents contents;
            try (Connection c = connect(url);
                    OutputStream out = BackupCipher.encrypting(
                            new BufferedOutputStream(Files.newOutputStream(partial)), passphrase)) {
                contents = BackupStore.dump(c, keys, out, clock.instant());
            }
            // Only a whole file takes the name: a backup cut short never looks like one.
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return done(contents, null);
        } catch (IOException | SQLException ex) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file is named as such; the next backup replaces it
            }
            throw new BackupException("the backup failed: " + ex.getMessage(), ex);
        }
    }

    /** Reads the file through with the passphrase, checking every table's checksum; loads nothing. */
    public static Done verify(Path file, String passphrase) {
        try (InputStream in = open(file, passphrase)) {
            BackupStore.Contents contents = BackupStore.verify(in);
            return done(contents, null);
        } catch (IOException ex) {
            throw new BackupException("the backup does not verify: " + why(ex), ex);
        }
    }

    /**
     * Restores the file: into the configured database when it is empty, or into the data folder's
     * embedded database (the server stopped), whose old folder and keys are moved aside, never
     * deleted. A backup from a newer Tandem than this one is refused before anything changes.
     */
    public static Done restore(AppConfig config, Path file, String passphrase, Clock clock) {
        BackupStore.Manifest manifest;
        try (InputStream in = open(file, passphrase)) {
            manifest = BackupStore.manifest(in);
        } catch (IOException ex) {
            throw new BackupException("cannot read the backup: " + why(ex), ex);
        }
        String latest = Migrations.latestVersion();
        if (MigrationVersion.fromVersion(manifest.schemaVersion()).compareTo(MigrationVersion.fromVersion(latest)) > 0)
            throw new BackupException("the backup is from a newer Tandem (schema " + manifest.schemaVersion()
                    + "; this one knows up to " + latest + "): restore it with that version or a later one");
        Path dataDir = config.dataDir();
        if (config.databaseUrl().isPresent()) {
            DatabaseUrl url = config.databaseUrl().get();
            requireEmpty(url);
            BackupStore.Contents contents = load(url, file, passphrase, manifest);
            return done(contents, writeKeys(dataDir, contents.keys(), List.of(), clock));
        }
        if (EmbeddedDatabase.running(dataDir).isPresent())
            throw new BackupException("a Tandem server is running on " + dataDir + ": stop it, then restore");
        Path aside = moveAside(dataDir, List.of("postgres"), clock);
        BackupStore.Contents contents;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0, true)) {
            contents = load(db.url(EmbeddedDatabase.DATABASE), file, passphrase, manifest);
        } catch (RuntimeException ex) {
            putBack(dataDir, aside);
            throw ex;
        }
        writeKeys(dataDir, contents.keys(), List.of(), null);
        return done(contents, aside);
    }

    /** A restore that failed leaves the data folder as it was: its half-made database goes, the old one comes back. */
    private static void putBack(Path dataDir, Path aside) {
        try {
            Path failed = dataDir.resolve("postgres");
            if (Files.exists(failed)) {
                try (var walk = Files.walk(failed)) {
                    for (Path p :
                            walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            if (aside == null) return;
            try (var moved = Files.list(aside)) {
                for (Path p : moved.toList()) Files.move(p, dataDir.resolve(p.getFileName()));
            }
            Files.delete(aside);
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "the restore failed and the old data is still in " + aside + ": " + ex.getMessage(), ex);
        }
    }

    /** Migrates an empty database to the backup's schema, loads it, then migrates to this build's newest. */
    private static BackupStore.Contents load(
            DatabaseUrl url, Path file, String passphrase, BackupStore.Manifest manifest) {
        Migrations.migrate(url, manifest.schemaVersion());
        try (InputStream in = open(file, passphrase);
                Connection c = connect(url)) {
            BackupStore.Contents contents = BackupStore.load(c, in);
            Migrations.migrate(url);
            return contents;
        } catch (IOException | SQLException ex) {
            throw new BackupException("the restore failed, and loaded nothing: " + why(ex), ex);
        }
    }

    private static Done done(BackupStore.Contents contents, Path aside) {
        return new Done(
                contents.manifest().schemaVersion(),
                contents.manifest().createdAt(),
                contents.rows(),
                List.copyOf(contents.keys().keySet()),
                aside);
    }

    /**
     * The keys the backup holds, into the data folder; with a clock, keys already there are first
     * moved aside (and that folder returned), otherwise the folder was cleared before.
     */
    private static Path writeKeys(Path dataDir, Map<String, byte[]> keys, List<String> none, Clock clock) {
        try {
            Files.createDirectories(dataDir);
            Path aside = null;
            if (clock != null && KEY_FILES.stream().anyMatch(k -> Files.exists(dataDir.resolve(k))))
                aside = moveAside(dataDir, none, clock);
            for (Map.Entry<String, byte[]> key : keys.entrySet()) {
                if (!KEY_FILES.contains(key.getKey())) continue;
                Files.write(dataDir.resolve(key.getKey()), key.getValue());
            }
            return aside;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the keys to " + dataDir + ": " + ex.getMessage(), ex);
        }
    }

    private static void requireEmpty(DatabaseUrl url) {
        try (Connection c = connect(url)) {
            if (BackupStore.tableCount(c) > 0)
                throw new BackupException("the database at " + url.describe()
                        + " is not empty: restore into a new, empty database (nothing was changed)");
        } catch (SQLException ex) {
            throw new BackupException(
                    "cannot connect to the database at " + url.describe() + ": " + ex.getMessage(), ex);
        }
    }

    /** The old database folder (named) and keys, moved into `before-restore-<time>` in the data folder. */
    private static Path moveAside(Path dataDir, List<String> folders, Clock clock) {
        Path aside = dataDir.resolve("before-restore-" + STAMP.format(clock.instant()));
        try {
            Files.createDirectories(aside);
            for (String name : concat(folders, KEY_FILES)) {
                Path from = dataDir.resolve(name);
                if (Files.exists(from)) Files.move(from, aside.resolve(name));
            }
            try (var moved = Files.list(aside)) {
                if (moved.findAny().isEmpty()) {
                    Files.delete(aside);
                    return null;
                }
            }
            return aside;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot move the old data aside to " + aside + ": " + ex.getMessage(), ex);
        }
    }

    private static List<String> concat(List<String> first, List<String> rest) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(first);
        all.addAll(rest);
        return all;
    }

    /** One line an operator can act on: a failed authentication tag means the passphrase or the file. */
    private static String why(Exception ex) {
        String message = String.valueOf(ex.getMessage());
        if (message.startsWith("Tag mismatch") || message.contains("decryptionErrorOccured"))
            return "the passphrase is wrong, or the file was changed or cut short";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static InputStream open(Path file, String passphrase) throws IOException {
        return BackupCipher.decrypting(new BufferedInputStream(Files.newInputStream(file)), passphrase);
    }

    static Connection connect(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    /** A backup or restore that cannot go on, said in one line; nothing it did is left half-done. */
    public static final class BackupException extends RuntimeException {
        BackupException(String message) {
            super(message);
        }

        BackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
