package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.Application;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.Future;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Housekeeping deletes what is no longer needed, exactly that, and never the records themselves. */
class HousekeepingTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String PARENT_ID = "0d000000-0000-4000-8000-000000000201";
    static final String PUPIL_ID = Demo.AMARA;

    private static long count(String sql) {
        return server.count(sql);
    }

    @Test
    void twoReplicasCleaningAtOnceRemoveEachRowOnceAndTogetherAll() {
        server.sql(
                """
        INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, created_at, due_at, sent_at)
        SELECT '%s', '%s', 'notice', gen_random_uuid(), false, now() - interval '40 days', now() - interval '40 days', now() - interval '40 days'
        FROM generate_series(1, 12000)"""
                        .formatted(Demo.SCHOOL, PARENT_ID));
        AppConfig config =
                server.replicaConfig(Map.of("TANDEM_EVENT_LOOPS", "1", "TANDEM_SHUTDOWN_GRACE_SECONDS", "1"));
        Application other = Application.start(config, server.clock()).await();
        try {
            Future<Map<String, Long>> here = server.app().housekeeping().runNow();
            Future<Map<String, Long>> there = other.housekeeping().runNow();
            long removed = here.await().get("settled-pushes") + there.await().get("settled-pushes");
            assertEquals(12000L, removed, "every settled push removed, none counted twice");
            assertEquals(
                    0,
                    count(
                            "SELECT count(*) FROM notification_outbox WHERE coalesce(sent_at, given_up_at) < now() - interval '30 days'"));
        } finally {
            other.stop().await();
        }
    }

    private static void session(String id, String expires, String revoked) {
        server.sql(
                """
        INSERT INTO session (id, school_id, user_id, created_at, last_used_at, expires_at, revoked_at)
        VALUES ('%1$s', '%2$s', '%3$s', now() - interval '90 days', now() - interval '60 days', %4$s, %5$s);
        INSERT INTO refresh_token (token_hash, session_id) VALUES (decode(md5('%1$s'), 'hex'), '%1$s');
        INSERT INTO device (school_id, user_id, session_id, token, platform, created_at, updated_at)
        VALUES ('%2$s', '%3$s', '%1$s', 'phone-%1$s', 'ios', now(), now())"""
                        .formatted(id, Demo.SCHOOL, PARENT_ID, expires, revoked));
    }

    @Test
    void onlyWhatHasStoppedMatteringIsDeletedAndASecondRunFindsNothing() {
        String longExpired = "0e000000-0000-4000-8000-000000000001";
        String justExpired = "0e000000-0000-4000-8000-000000000002";
        String open = "0e000000-0000-4000-8000-000000000003";
        String revokedLongAgo = "0e000000-0000-4000-8000-000000000004";
        session(longExpired, "now() - interval '31 days'", "NULL");
        session(justExpired, "now() - interval '1 hour'", "NULL");
        session(open, "now() + interval '30 days'", "NULL");
        // Revoking removes the phone at once (trigger); the session itself waits out the 30 days.
        session(revokedLongAgo, "now() + interval '10 days'", "NULL");
        server.sql("UPDATE session SET revoked_at = now() - interval '40 days' WHERE id = '" + revokedLongAgo + "'");
        server.sql(
                """
        INSERT INTO auth_throttle (key, failures, window_start, locked_until) VALUES
          ('account:old@example.org', 2, now() - interval '3 days', NULL),
          ('address:192.0.2.7', 0, now() - interval '3 days', now() + interval '1 hour'),
          ('account:recent@example.org', 1, now() - interval '1 hour', NULL);
        INSERT INTO pairing_code (code_hash, school_id, pupil_id, created_by, created_at, expires_at) VALUES
          (decode(md5('old-code'), 'hex'), '%1$s', '%2$s', '0d000000-0000-4000-8000-000000000102', now() - interval '3 days', now() - interval '2 days'),
          (decode(md5('new-code'), 'hex'), '%1$s', '%2$s', '0d000000-0000-4000-8000-000000000102', now(), now() + interval '10 minutes');
        INSERT INTO invitation (id, school_id, code_hash, display_name, email, created_by, created_at, expires_at, redeemed_at) VALUES
          ('0e000000-0000-4000-8000-000000000011', '%1$s', decode(md5('lapsed'), 'hex'), 'Never Joined', 'never@example.org',
           '0d000000-0000-4000-8000-000000000102', now() - interval '60 days', now() - interval '46 days', NULL),
          ('0e000000-0000-4000-8000-000000000012', '%1$s', decode(md5('pending'), 'hex'), 'Still Invited', 'soon@example.org',
           '0d000000-0000-4000-8000-000000000102', now() - interval '1 day', now() + interval '13 days', NULL),
          ('0e000000-0000-4000-8000-000000000013', '%1$s', decode(md5('joined'), 'hex'), 'Joined Long Ago', 'joined@example.org',
           '0d000000-0000-4000-8000-000000000102', now() - interval '90 days', now() - interval '76 days', now() - interval '88 days');
        INSERT INTO invitation_pupil (invitation_id, pupil_id, relationship, parental_responsibility) VALUES
          ('0e000000-0000-4000-8000-000000000011', '%2$s', 'Mother', true), ('0e000000-0000-4000-8000-000000000012', '%2$s', 'Father', true);
        INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, created_at, due_at, sent_at, given_up_at) VALUES
          ('%1$s', '%3$s', 'notice', gen_random_uuid(), false, now() - interval '40 days', now() - interval '40 days', now() - interval '40 days', NULL),
          ('%1$s', '%3$s', 'notice', gen_random_uuid(), false, now() - interval '40 days', now() - interval '40 days', NULL, now() - interval '35 days'),
          ('%1$s', '%3$s', 'notice', gen_random_uuid(), false, now() - interval '2 days', now() - interval '2 days', now() - interval '1 day', NULL),
          ('%1$s', '%3$s', 'notice', gen_random_uuid(), false, now() - interval '40 days', now() - interval '40 days', NULL, NULL)"""
                        .formatted(Demo.SCHOOL, PUPIL_ID, PARENT_ID));
        server.sql(
                """
        INSERT INTO mail_outbox (school_id, to_address, subject, body, created_at, due_at, sent_at, given_up_at) VALUES
          ('%1$s', 'a@example.org', 'Old', '(erased once sent)', now() - interval '100 days', now() - interval '100 days', now() - interval '100 days', NULL),
          ('%1$s', 'b@example.org', 'Given up', '(erased, not sent)', now() - interval '95 days', now() - interval '95 days', NULL, now() - interval '92 days'),
          ('%1$s', 'c@example.org', 'Recent', '(erased once sent)', now() - interval '5 days', now() - interval '5 days', now() - interval '5 days', NULL)"""
                        .formatted(Demo.SCHOOL));
        long messages = count("SELECT count(*) FROM message");
        long securityEvents = count("SELECT count(*) FROM security_event");

        Map<String, Long> removed = server.app().housekeeping().runNow().await();
        assertEquals(2L, removed.get("ended-sessions"), "the long-expired and the long-revoked session: " + removed);
        assertEquals(1L, removed.get("sign-in-attempts"), "only the old, unlocked counter: " + removed);
        assertEquals(1L, removed.get("pairing-codes"), removed.toString());
        assertEquals(1L, removed.get("lapsed-invitations"), "only the unredeemed one that lapsed long ago: " + removed);
        assertEquals(
                2,
                count(
                        "SELECT count(*) FROM invitation WHERE id IN ('0e000000-0000-4000-8000-000000000012', '0e000000-0000-4000-8000-000000000013')"));
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM invitation_pupil WHERE invitation_id = '0e000000-0000-4000-8000-000000000011'"));
        assertEquals(
                2L,
                removed.get("settled-pushes"),
                "sent or given up over 30 days ago; an unsent one waits: " + removed);
        assertEquals(2L, removed.get("settled-emails"), "sent or given up over 90 days ago: " + removed);

        assertEquals(
                0, count("SELECT count(*) FROM session WHERE id IN ('" + longExpired + "', '" + revokedLongAgo + "')"));
        assertEquals(
                0,
                count("SELECT count(*) FROM refresh_token WHERE session_id IN ('" + longExpired + "', '"
                        + revokedLongAgo + "')"));
        assertEquals(1, count("SELECT count(*) FROM session WHERE id = '" + justExpired + "'"), "kept for 30 days");
        assertEquals(
                0,
                count("SELECT count(*) FROM device WHERE session_id = '" + justExpired + "'"),
                "but its phone can never be sent to");
        assertEquals(1, count("SELECT count(*) FROM device WHERE session_id = '" + open + "'"));
        assertEquals(1, count("SELECT count(*) FROM refresh_token WHERE session_id = '" + open + "'"));
        assertEquals(
                2,
                count(
                        "SELECT count(*) FROM auth_throttle WHERE key IN ('address:192.0.2.7', 'account:recent@example.org')"));
        assertEquals(1, count("SELECT count(*) FROM pairing_code WHERE code_hash = decode(md5('new-code'), 'hex')"));
        assertEquals(messages, count("SELECT count(*) FROM message"), "messages are the record");
        assertEquals(securityEvents, count("SELECT count(*) FROM security_event"), "security events stay");

        assertEquals(
                0L,
                server.app().housekeeping().runNow().await().values().stream()
                        .mapToLong(Long::longValue)
                        .sum(),
                "nothing left to do");
        String metrics = server.get("/metrics").bodyAsString();
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("tandem_housekeeping_removed_total{chore=\"ended-sessions\"")
                                && l.endsWith(" 2.0")),
                "operators see what housekeeping removed");
    }
}
