package app.tandem.identity;

import app.tandem.mail.MailOutbox;
import app.tandem.platform.Answer;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * Setup codes: an account someone else created (new staff, imported parents, a school's first admin)
 * sets its first password by redeeming one, like an invitation. Only the code's hash is kept.
 */
public final class SetupCodes {
    private static final IdentityStore STORE = new IdentityStore();
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK);

    private SetupCodes() {}

    /** A code just made: shown once, never stored in clear. */
    public record Issued(@JsonProperty("setupCode") String code, @JsonProperty("setupCodeExpiresAt") Instant expiresAt)
            implements Answer {}

    /**
     * A new code for the account, written in the caller's transaction.
     *
     * @param createdBy who made it; null for the operator at the command line
     */
    public static Future<Issued> issue(
            SqlClient tx,
            UUID schoolId,
            UUID userId,
            String displayName,
            String email,
            UUID createdBy,
            Instant now,
            Duration ttl) {
        String code = Codes.humanCode(2);
        Instant expires = now.plus(ttl);
        return STORE.insertSetupCode(
                        tx,
                        schoolId,
                        userId,
                        Codes.sha256(Codes.normalise(code)),
                        displayName,
                        email,
                        createdBy,
                        now,
                        expires)
                .map(v -> new Issued(code, expires));
    }

    /** Codes for this account that were never used stop working (a new one replaces them). */
    public static Future<Integer> lapseUnused(SqlClient tx, UUID userId, Instant now) {
        return STORE.lapseSetupCodes(tx, userId, now);
    }

    /** The first admin's code by email, through the mail outbox, in the same transaction. */
    public static Future<Void> emailToFirstAdmin(
            SqlClient tx,
            UUID schoolId,
            String schoolName,
            ZoneId zone,
            String email,
            String name,
            Issued issued,
            Instant now) {
        String body = "Hello " + name + ",\n\n" + schoolName
                + " has been set up on Tandem, and you are its first administrator.\n\n"
                + "Install the Tandem app, choose \"I have an invitation code\" and enter:\n\n" + issued.code()
                + "\n\nwith this email address, then choose a password and set up two-step sign-in."
                + "\n\nThe code works until " + UNTIL.format(issued.expiresAt().atZone(zone)) + " ("
                + zone.getId() + ").\n";
        return MailOutbox.enqueue(tx, schoolId, email, "Your school is ready on Tandem", body, now, 0)
                .mapEmpty();
    }
}
