package app.tandem;

import app.tandem.directory.SchoolSetup;
import app.tandem.directory.SchoolSetup.NewSchool;
import app.tandem.directory.SchoolSetup.Outcome;
import app.tandem.identity.SetupCodes;
import app.tandem.platform.AppConfig;
import app.tandem.platform.Database;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * `create-school`: the operator's first step for a real school, on the embedded database (a running
 * server's or its own) or on DATABASE_URL. Prints the first admin's one-time setup code.
 */
final class CreateSchool {
    static final String USAGE = "usage: create-school --name NAME --time-zone ZONE --admin-email EMAIL"
            + " --admin-name NAME [--trust NAME]";
    private static final List<String> OPTIONS =
            List.of("--name", "--time-zone", "--trust", "--admin-email", "--admin-name");
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK);

    private CreateSchool() {}

    /** Runs the command; the exit code is 0 when the school is there afterwards, 1 when nothing changed for a reason. */
    static int run(Map<String, String> env, List<String> args, PrintStream out) {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        NewSchool school;
        try {
            Map<String, String> options = options(args);
            school = new NewSchool(
                    options.get("--name"),
                    NewSchool.zone(options.get("--time-zone")),
                    Optional.ofNullable(options.get("--trust")),
                    options.get("--admin-email"),
                    options.get("--admin-name"));
        } catch (SchoolSetup.Refused ex) {
            throw new CommandException("create-school: " + ex.getMessage() + "\n" + USAGE);
        }
        AppConfig config = AppConfig.fromEnvironment(env);
        Vertx vertx = Vertx.vertx();
        try (Database database = Database.forCommand(config)) {
            Pool pool = database.pool(vertx, 2);
            try {
                SchoolSetup.Result result = SchoolSetup.create(
                                pool,
                                school,
                                config.mail().enabled(),
                                config.auth().invitationTtl(),
                                Instant.now())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .join();
                print(out, school, result);
                return 0;
            } catch (java.util.concurrent.CompletionException ex) {
                if (ex.getCause() instanceof SchoolSetup.Refused refused)
                    throw new CommandException("create-school: " + refused.getMessage() + "; nothing was changed");
                throw ex;
            } finally {
                pool.close().toCompletionStage().toCompletableFuture().join();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static void print(PrintStream out, NewSchool school, SchoolSetup.Result result) {
        String where =
                school.timeZone().getId() + school.trust().map(t -> ", in " + t).orElse("");
        switch (result.outcome()) {
            case CREATED -> out.println("Created " + result.schoolName() + " (" + where + ").");
            case NEW_CODE -> out.println(result.schoolName() + " already exists and its first admin has not signed"
                    + " in yet: here is a new setup code (earlier ones no longer work).");
            case ALREADY_SET_UP -> {
                out.println(result.schoolName() + " already exists and its first admin, " + school.adminEmail()
                        + ", has signed in. Nothing was changed.");
                return;
            }
        }
        SetupCodes.Issued code = result.code().orElseThrow();
        out.println("First admin: " + school.adminName() + " <" + school.adminEmail() + ">");
        out.println("Setup code: " + code.code());
        out.println("It works once, until " + UNTIL.format(code.expiresAt().atZone(school.timeZone())) + " ("
                + school.timeZone().getId() + ").");
        if (result.emailed())
            out.println("It is also emailed to " + school.adminEmail() + " (sent by the Tandem server's mail outbox).");
        out.println("In the Tandem app, " + school.adminName() + " chooses \"I have an invitation code\", enters it"
                + " with " + school.adminEmail() + ", chooses a password and sets up two-step sign-in.");
        if (result.outcome() == Outcome.CREATED)
            out.println("Running this again with the same name and admin email is safe: it creates nothing twice.");
    }

    /** `--option value` or `--option=value`, each option once. */
    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!OPTIONS.contains(name)) throw new SchoolSetup.Refused(arg, "unknown option");
            String value;
            if (arg.contains("=")) value = arg.substring(arg.indexOf('=') + 1);
            else if (i + 1 < args.size()) value = args.get(++i);
            else throw new SchoolSetup.Refused(name, "needs a value");
            if (options.put(name, value) != null) throw new SchoolSetup.Refused(name, "is given twice");
        }
        return options;
    }

    /** The command cannot go on; the message is for the operator, on standard error. */
    static final class CommandException extends RuntimeException {
        CommandException(String message) {
            super(message);
        }
    }
}
