package app.tandem;

import app.tandem.backup.Backups;
import app.tandem.platform.AppConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * `backup FILE`, `backup --verify FILE` and `restore FILE`: the database (DATABASE_URL, or the data
 * folder's embedded one, running or not) and its keys in one file encrypted with
 * TANDEM_BACKUP_PASSPHRASE; a restore goes into an empty database, or into the data folder with the
 * server stopped, the old data moved aside.
 */
final class BackupCommand {
    static final String USAGE = "usage: backup FILE | backup --verify FILE | restore FILE"
            + " (with TANDEM_BACKUP_PASSPHRASE, and DATABASE_URL or TANDEM_DATA_DIR)";

    private BackupCommand() {}

    static int run(String command, Map<String, String> env, List<String> args, PrintStream out) {
        boolean verify =
                command.equals("backup") && !args.isEmpty() && args.get(0).equals("--verify");
        List<String> files = verify ? args.subList(1, args.size()) : args;
        if (files.size() != 1 || files.get(0).startsWith("--"))
            throw new CreateSchool.CommandException(command + ": name one file\n" + USAGE);
        AppConfig config = AppConfig.fromEnvironment(env);
        String passphrase = config.backup()
                .passphrase()
                .orElseThrow(() -> new CreateSchool.CommandException(
                        command + ": set TANDEM_BACKUP_PASSPHRASE (at least 12 characters): backups are encrypted"));
        Path file = Path.of(files.get(0)).toAbsolutePath();
        Clock clock = Clock.systemUTC();
        if (verify) {
            Backups.Done done = Backups.verify(file, passphrase);
            out.println("The backup verifies: schema " + done.schemaVersion() + ", made " + done.createdAt() + ", "
                    + done.rows().values().stream().mapToLong(Long::longValue).sum() + " rows in "
                    + done.rows().size() + " tables, keys: " + keys(done) + ".");
        } else if (command.equals("backup")) {
            Backups.Done done = Backups.backup(config, file, passphrase, clock);
            out.println("Backed up to " + file + " (schema " + done.schemaVersion() + ", keys: " + keys(done)
                    + "). Keep it away from this machine, and the passphrase apart from it.");
        } else {
            Backups.Done done = Backups.restore(config, file, passphrase, clock);
            out.println("Restored the backup made " + done.createdAt() + " (schema " + done.schemaVersion() + ", "
                    + done.rows().values().stream().mapToLong(Long::longValue).sum() + " rows, keys: " + keys(done)
                    + ")." + (done.aside() == null ? "" : " What was there before is in " + done.aside() + "."));
        }
        return 0;
    }

    private static String keys(Backups.Done done) {
        return done.keys().isEmpty() ? "none (set in the environment)" : String.join(", ", done.keys());
    }
}
