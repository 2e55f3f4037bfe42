package app.tandem.identity;

import app.tandem.platform.Housekeeping.Chore;
import java.time.Duration;
import java.util.List;

/**
 * What sign-in keeps, and for how long. Ended sessions (with their refresh tokens and phones) are
 * kept 30 days for anyone looking into a security event, then deleted; failed-attempt counters,
 * which hold email addresses and client addresses, go two days after they stop mattering (the
 * longest lock is one day); pairing codes a day after they expire; invitations nobody redeemed
 * (a name and an email of someone who never joined) 30 days after they lapse. Security events stay.
 */
final class IdentityRetentionStore {
    static final Duration ENDED_SESSIONS = Duration.ofDays(30);
    static final Duration THROTTLE = Duration.ofDays(2);
    static final Duration PAIRING_CODES = Duration.ofDays(1);
    static final Duration LAPSED_INVITATIONS = Duration.ofDays(30);

    private IdentityRetentionStore() {}

    static List<Chore> chores() {
        return List.of(
                new Chore(
                        "ended-sessions",
                        ENDED_SESSIONS,
                        """
            WITH doomed AS (SELECT id FROM session WHERE least(coalesce(revoked_at, expires_at), expires_at) < $1 LIMIT $2),
            tokens AS (DELETE FROM refresh_token WHERE session_id IN (SELECT id FROM doomed)),
            gone AS (DELETE FROM session WHERE id IN (SELECT id FROM doomed) RETURNING 1)
            SELECT count(*) FROM gone"""),
                new Chore(
                        "sign-in-attempts",
                        THROTTLE,
                        """
            WITH gone AS (DELETE FROM auth_throttle WHERE key IN (
                SELECT key FROM auth_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $1) LIMIT $2)
              RETURNING 1)
            SELECT count(*) FROM gone"""),
                new Chore(
                        "pairing-codes",
                        PAIRING_CODES,
                        """
            WITH gone AS (DELETE FROM pairing_code WHERE code_hash IN (SELECT code_hash FROM pairing_code WHERE expires_at < $1 LIMIT $2)
              RETURNING 1)
            SELECT count(*) FROM gone"""),
                new Chore(
                        "lapsed-invitations",
                        LAPSED_INVITATIONS,
                        """
            WITH doomed AS (SELECT id FROM invitation WHERE redeemed_at IS NULL AND expires_at < $1 LIMIT $2),
            pupils AS (DELETE FROM invitation_pupil WHERE invitation_id IN (SELECT id FROM doomed)),
            gone AS (DELETE FROM invitation WHERE id IN (SELECT id FROM doomed) RETURNING 1)
            SELECT count(*) FROM gone"""));
    }
}
