package app.tandem.push;

import app.tandem.platform.Housekeeping.Chore;
import java.time.Duration;
import java.util.List;

/**
 * What push keeps. A phone whose session has ended can never be sent to again, so its token goes
 * at once (revoked sessions lose theirs by trigger already; a deleted session takes its phone with
 * it). Sessions are read through identity's `session_end` view. Sent and given-up pushes are
 * kept 30 days, to answer "did the notification go?", then deleted; they hold only ids.
 */
final class PushRetentionStore {
    static final Duration SETTLED_PUSHES = Duration.ofDays(30);

    private PushRetentionStore() {}

    static List<Chore> chores() {
        return List.of(
                new Chore(
                        "phones-of-expired-sessions",
                        Duration.ZERO,
                        """
            WITH gone AS (DELETE FROM device WHERE id IN (
                SELECT d.id FROM device d JOIN session_end s ON s.session_id = d.session_id WHERE s.ends_at < $1 LIMIT $2)
              RETURNING 1)
            SELECT count(*) FROM gone"""),
                new Chore(
                        "settled-pushes",
                        SETTLED_PUSHES,
                        """
            WITH gone AS (DELETE FROM notification_outbox WHERE id IN (
                SELECT id FROM notification_outbox WHERE coalesce(sent_at, given_up_at) < $1 LIMIT $2)
              RETURNING 1)
            SELECT count(*) FROM gone"""));
    }
}
