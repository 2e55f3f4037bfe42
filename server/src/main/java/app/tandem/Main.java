package app.tandem;

import app.tandem.identity.SigningKeys;
import app.tandem.platform.AppConfig;
import app.tandem.platform.ConfigException;
import app.tandem.platform.StartupException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Reads the configuration, starts the server, and stops it gracefully on SIGTERM or SIGINT. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        if (args.length == 1 && args[0].equals("--generate-signing-key")) {
            System.out.println(SigningKeys.newKeySet());
            return;
        }
        if (args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"))) {
            System.exit(command(() -> BackupCommand.run(
                    args[0], System.getenv(), java.util.List.of(args).subList(1, args.length), System.out)));
            return;
        }
        if (args.length > 0 && args[0].equals("create-school")) {
            System.exit(command(() ->
                    CreateSchool.run(System.getenv(), java.util.List.of(args).subList(1, args.length), System.out)));
            return;
        }
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment(System.getenv(), args);
        } catch (ConfigException ex) {
            exit("configuration error: " + ex.getMessage());
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        Application app;
        try {
            // The main thread is not an event loop: waiting here for start-up blocks nothing that serves.
            app = Application.start(config, java.time.Clock.systemUTC())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
        } catch (Exception ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            boolean expected = cause instanceof StartupException || cause instanceof ConfigException;
            // An expected failure is explained in one line; only a surprise deserves its stack trace.
            if (expected) log.error("start-up failed: {}", cause.getMessage());
            else log.atError().setCause(cause).log("start-up failed");
            exit(expected ? cause.getMessage() : "start-up failed: " + cause.getMessage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            CompletableFuture<Void> done = app.stop().toCompletionStage().toCompletableFuture();
            done.whenComplete((v, err) -> stopped.countDown());
        };
        Signal.handle(new Signal("TERM"), signal -> shutdown.run());
        Signal.handle(new Signal("INT"), signal -> shutdown.run());
        try {
            stopped.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    /**
     * A one-off command: its own output on stdout, the server's log only from warnings up (unless
     * TANDEM_LOG_LEVEL says otherwise), and a failure as one line on stderr.
     */
    private static int command(java.util.function.IntSupplier command) {
        if (System.getenv("TANDEM_LOG_LEVEL") == null) System.setProperty("TANDEM_LOG_LEVEL", "WARN");
        try {
            return command.getAsInt();
        } catch (CreateSchool.CommandException
                | ConfigException
                | StartupException
                | app.tandem.backup.Backups.BackupException ex) {
            System.err.println("tandem: " + ex.getMessage());
            return 1;
        } catch (RuntimeException ex) {
            LoggerFactory.getLogger(Main.class).atError().setCause(ex).log("command failed");
            System.err.println("tandem: the command failed: " + ex.getMessage());
            return 1;
        }
    }

    /** One line on stderr for the operator, and a non-zero exit code. */
    private static void exit(String message) {
        System.err.println("tandem: " + message);
        System.exit(1);
    }
}
