package app.tandem.push;

import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.Application;
import app.tandem.platform.DatabaseUrl;
import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.FcmStandIn;
import app.tandem.testing.ServerProcess;
import app.tandem.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica killed mid-batch, for real: the packaged server claims a batch of pushes and is sent
 * SIGKILL while FCM has them in flight. Another replica sends the rest at once and the dead one's
 * batch when its lease lapses; only that batch can reach a phone twice, and each repeat carries the
 * same collapse key, so it replaces the first notification instead of adding one.
 */
class PushReplicaIT {
    static final FcmStandIn fcm = FcmStandIn.start();
    /** The shared database, with push off in this replica so it does not compete. */
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String PARENT2_ID = "0d000000-0000-4000-8000-000000000202";
    static final String TOKEN = "token-replica-it";
    static final int ROWS = 700;

    @AfterAll
    static void stopStandIn() {
        fcm.close();
    }

    private static String databaseUrl(DatabaseUrl db) {
        String credentials = db.user() + (db.password() == null || db.password().isEmpty() ? "" : ":" + db.password());
        return "postgresql://" + credentials + "@" + db.host() + ":" + db.port() + "/" + db.database();
    }

    private static Map<String, String> withPush(Map<String, String> vars) {
        vars.putAll(fcm.env());
        return vars;
    }

    private static Map<String, String> pushOn() {
        return fcm.env();
    }

    @Test
    void aReplicaKilledMidBatchLosesNothingAndOnlyItsInFlightBatchCanRepeat() throws Exception {
        assertResponse(
                "registerDevice",
                server.post(
                        "/v1/devices",
                        new JsonObject().put("token", TOKEN).put("platform", "android"),
                        server.token(Demo.PARENT2)));
        server.sql(
                """
        INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
        SELECT '%s', '%s', 'notice', r, false, 'notice-' || r, now(), now() FROM (SELECT gen_random_uuid() AS r FROM generate_series(1, %d)) AS refs"""
                        .formatted(Demo.SCHOOL, PARENT2_ID, ROWS));
        String mine = "user_id = '" + PARENT2_ID + "'";

        // The doomed replica claims one batch and sends it into an FCM that does not answer.
        fcm.hold(true);
        Map<String, String> env = new HashMap<>(pushOn());
        env.put("DATABASE_URL", databaseUrl(server.database()));
        Path dir = Path.of(
                System.getProperty("tandem.test.dir", "target/it-data"),
                UUID.randomUUID().toString());
        Set<String> claimedByDead = new HashSet<>();
        try (ServerProcess doomed = ServerProcess.start(dir, env).awaitReady(Duration.ofSeconds(90))) {
            Await.until(
                    "a batch claimed and in flight",
                    Duration.ofSeconds(30),
                    () -> server.count("SELECT count(*) FROM notification_outbox WHERE " + mine
                                            + " AND lease_until IS NOT NULL")
                                    == PushDispatcher.CLAIM
                            && !fcm.receivedFor(TOKEN).isEmpty());
            doomed.kill();
            doomed.awaitExit(Duration.ofSeconds(30));
        }
        for (Row r : server.app()
                .pool()
                .query("SELECT id FROM notification_outbox WHERE " + mine + " AND lease_until IS NOT NULL")
                .execute()
                .await()) {
            claimedByDead.add(r.getUUID("id").toString());
        }
        // Requests already on the wire when it died still reach the stand-in; wait until they stop.
        Await.steady(
                "the dead replica's requests stop reaching the stand-in",
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                () -> fcm.receivedFor(TOKEN).size());
        List<JsonObject> inFlight = fcm.receivedFor(TOKEN);
        fcm.hold(false);
        assertEquals(
                0,
                server.count("SELECT count(*) FROM notification_outbox WHERE " + mine + " AND sent_at IS NOT NULL"),
                "nothing was answered");
        assertTrue(
                inFlight.stream()
                        .allMatch(m ->
                                claimedByDead.contains(m.getJsonObject("data").getString("pushId"))),
                "the dead replica sent only what it had claimed");

        // The survivor sends the unclaimed rows at once, and the dead replica's only when its lease lapses.
        Application survivor = Application.start(
                        server.replicaConfig(withPush(new HashMap<>(
                                Map.of("TANDEM_EVENT_LOOPS", "2", "TANDEM_SHUTDOWN_GRACE_SECONDS", "2")))),
                        server.clock())
                .await();
        try {
            Await.until(
                    "the unclaimed rows sent",
                    Duration.ofSeconds(60),
                    () -> server.count("SELECT count(*) FROM notification_outbox WHERE " + mine
                                    + " AND sent_at IS NOT NULL")
                            == ROWS - PushDispatcher.CLAIM);
            survivor.capability(app.tandem.push.Push.class).dispatchNow().await();
            assertEquals(
                    ROWS - PushDispatcher.CLAIM,
                    server.count("SELECT count(*) FROM notification_outbox WHERE " + mine + " AND sent_at IS NOT NULL"),
                    "nobody sends a row under someone else's lease");
            server.clock().advance(PushDispatcher.LEASE.plusSeconds(1));
            Await.until(
                    "the dead replica's batch sent",
                    Duration.ofSeconds(60),
                    () -> server.count("SELECT count(*) FROM notification_outbox WHERE " + mine
                                    + " AND sent_at IS NOT NULL")
                            == ROWS);
        } finally {
            survivor.stop().await();
        }

        List<JsonObject> all = fcm.receivedFor(TOKEN);
        List<JsonObject> afterDeath = all.subList(inFlight.size(), all.size());
        Set<String> sentAfter = new HashSet<>();
        for (JsonObject m : afterDeath)
            assertTrue(sentAfter.add(m.getJsonObject("data").getString("pushId")), "the survivor sent each row once");
        assertEquals(ROWS, sentAfter.size(), "every row reached the phone");
        Map<String, String> firstKey = new HashMap<>();
        for (JsonObject m : inFlight)
            firstKey.put(
                    m.getJsonObject("data").getString("pushId"),
                    m.getJsonObject("android").getString("collapse_key"));
        for (JsonObject m : afterDeath) {
            String pushId = m.getJsonObject("data").getString("pushId");
            if (firstKey.containsKey(pushId)) {
                assertTrue(claimedByDead.contains(pushId), "only the in-flight batch repeats");
                assertEquals(
                        firstKey.get(pushId),
                        m.getJsonObject("android").getString("collapse_key"),
                        "a repeat replaces the first notification");
            }
        }
    }
}
