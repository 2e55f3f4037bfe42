package app.tandem.directory;

import app.tandem.identity.SetupCodes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The first step of every real school: the school, its trust (when it has one) and its first admin,
 * who sets a password and two-step sign-in with a one-time setup code. Run by the operator
 * (`create-school`), never over the API: nobody at the school exists yet to authorise it.
 */
public final class SchoolSetup {
    // The same shape the API accepts for staff emails: something@somewhere.tld, no spaces.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final SchoolStore STORE = new SchoolStore();

    private SchoolSetup() {}

    /** What the operator asked for, checked before anything is written. */
    public record NewSchool(String name, ZoneId timeZone, Optional<String> trust, String adminEmail, String adminName) {
        public NewSchool {
            // In the order the usage line lists them, so the first complaint is the first to fix.
            name = text("--name", name, 200);
            if (timeZone == null) throw new Refused("--time-zone", "is required (for example Europe/London)");
            adminEmail = text("--admin-email", adminEmail, 254).toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(adminEmail).matches())
                throw new Refused("--admin-email", "'" + adminEmail + "' is not an email address");
            adminName = text("--admin-name", adminName, 200);
            trust = trust.map(t -> text("--trust", t, 200));
        }

        /** An IANA zone name, as PostgreSQL and the apps know it; offsets such as +01:00 are not places. */
        public static ZoneId zone(String value) {
            if (value == null || value.isBlank()) return null;
            try {
                ZoneId zone = ZoneId.of(value.strip());
                if (zone.getId().contains("/")) return zone;
            } catch (DateTimeException unknown) {
                // refused below
            }
            throw new Refused("--time-zone", "'" + value + "' is not a time zone (use a name such as Europe/London)");
        }

        private static String text(String option, String value, int max) {
            if (value == null || value.isBlank()) throw new Refused(option, "is required");
            String v = value.strip();
            if (v.length() > max) throw new Refused(option, "is longer than " + max + " characters");
            if (v.chars().anyMatch(Character::isISOControl)) throw new Refused(option, "contains a control character");
            return v;
        }
    }

    /** Bad input, naming the option; nothing was written. */
    public static final class Refused extends RuntimeException {
        private final String option;

        public Refused(String option, String message) {
            super(option + ": " + message);
            this.option = option;
        }

        public String option() {
            return option;
        }
    }

    public enum Outcome {
        /** The school and its admin were made now. */
        CREATED,
        /** Already there and its admin had not signed in: a new setup code replaces the old ones. */
        NEW_CODE,
        /** Already there and its admin has signed in: nothing changed. */
        ALREADY_SET_UP
    }

    /** What happened, with the setup code when one was made (shown once, never stored in clear). */
    public record Result(
            Outcome outcome, UUID schoolId, String schoolName, Optional<SetupCodes.Issued> code, boolean emailed) {}

    /**
     * Creates the school, or finds it again by name (so running the same command twice is safe), in one
     * transaction: a refusal changes nothing.
     */
    public static Future<Result> create(Pool pool, NewSchool school, boolean emailOn, Duration codeTtl, Instant now) {
        return pool.withTransaction(tx -> STORE.lockSchoolCreation(tx)
                .compose(v -> STORE.byName(tx, school.name(), school.adminEmail()))
                .compose(existing -> {
                    if (existing.isPresent()) {
                        SchoolStore.Existing found = existing.get();
                        if (found.adminId().isEmpty())
                            return Future.failedFuture(
                                    new Refused(
                                            "--name",
                                            "a school named '" + found.name()
                                                    + "' already exists with another first admin;"
                                                    + " choose another name (add the town), or give that school's admin email"));
                        if (!found.timeZone().equals(school.timeZone().getId()))
                            return Future.failedFuture(new Refused(
                                    "--time-zone",
                                    "'" + found.name() + "' already exists in " + found.timeZone()
                                            + "; its admin changes the time zone in the app"));
                        if (found.adminHasSignedIn())
                            return Future.succeededFuture(new Result(
                                    Outcome.ALREADY_SET_UP, found.id(), found.name(), Optional.empty(), false));
                        UUID adminId = found.adminId().get();
                        return SetupCodes.lapseUnused(tx, adminId, now)
                                .compose(lapsed -> code(tx, school, found.id(), adminId, emailOn, codeTtl, now))
                                .map(issued -> new Result(
                                        Outcome.NEW_CODE, found.id(), found.name(), Optional.of(issued), emailOn));
                    }
                    return STORE.emailTaken(tx, school.adminEmail()).compose(taken -> {
                        if (taken)
                            return Future.failedFuture(new Refused(
                                    "--admin-email",
                                    school.adminEmail() + " already has a Tandem account; the first admin needs"
                                            + " an email of their own"));
                        Future<UUID> trust = school.trust().isPresent()
                                ? STORE.trust(tx, school.trust().get())
                                : Future.succeededFuture(null);
                        return trust.compose(trustId -> STORE.insertSchool(
                                        tx, school.name(), school.timeZone().getId(), trustId))
                                .compose(schoolId -> STORE.insertAdmin(
                                                tx, schoolId, school.adminEmail(), school.adminName())
                                        .compose(adminId -> code(tx, school, schoolId, adminId, emailOn, codeTtl, now))
                                        .map(issued -> new Result(
                                                Outcome.CREATED,
                                                schoolId,
                                                school.name(),
                                                Optional.of(issued),
                                                emailOn)));
                    });
                }));
    }

    private static Future<SetupCodes.Issued> code(
            io.vertx.sqlclient.SqlClient tx,
            NewSchool school,
            UUID schoolId,
            UUID adminId,
            boolean emailOn,
            Duration ttl,
            Instant now) {
        return SetupCodes.issue(tx, schoolId, adminId, school.adminName(), school.adminEmail(), null, now, ttl)
                .compose(issued -> emailOn
                        ? SetupCodes.emailToFirstAdmin(
                                        tx,
                                        schoolId,
                                        school.name(),
                                        school.timeZone(),
                                        school.adminEmail(),
                                        school.adminName(),
                                        issued,
                                        now)
                                .map(issued)
                        : Future.succeededFuture(issued));
    }
}
