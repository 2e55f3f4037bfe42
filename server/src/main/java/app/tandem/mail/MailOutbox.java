package app.tandem.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.UUID;

/**
 * The only way into {@code mail_outbox}. Capabilities call it inside their own transaction, so an
 * email exists exactly when the change it announces committed; {@link Mail}'s dispatcher sends it.
 * Subjects say nothing about a pupil or a document beyond what the recipient already knows.
 */
public final class MailOutbox {
    private MailOutbox() {}

    /** One plain-text email, due now (or after `delay` seconds, to keep two emails in order). */
    public static Future<UUID> enqueue(
            SqlClient tx, UUID schoolId, String to, String subject, String body, Instant now, int delaySeconds) {
        return MailStore.enqueue(tx, schoolId, to, subject, body, null, now, delaySeconds);
    }

    /**
     * An email with a calendar invitation (RFC 6047): `calendar` is an iCalendar object whose METHOD
     * (REQUEST, CANCEL) the part's content type repeats, so mail programs offer to add or remove it.
     */
    public static Future<UUID> enqueueWithCalendar(
            SqlClient tx, UUID schoolId, String to, String subject, String body, String calendar, Instant now) {
        return MailStore.enqueue(tx, schoolId, to, subject, body, calendar, now, 0);
    }
}
