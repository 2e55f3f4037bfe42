package app.tandem.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.FcmStandIn;
import app.tandem.testing.FcmStandIn.Fault;
import app.tandem.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network between Tandem and FCM drops connections, answers 500 and 503, stalls past the
 * client's timeout and garbles answers. A push is marked sent only when FCM accepted it; anything
 * short of a definite answer is tried again, so every row still reaches its phone, repeats carry
 * the same collapse key (the phone shows one notification), and the counters add up.
 */
class PushFailuresTest {
    static final FcmStandIn fcm = FcmStandIn.start();

    @RegisterExtension
    static TestServer server =
            new TestServer().withDemoData().withPushTo(fcm).withEnv("TANDEM_FCM_TIMEOUT_SECONDS", "2");

    private static final int ROWS_EACH = 12;

    /** Who receives, on which phone, and what the network does to each of their pushes at first. */
    private record Flaky(String email, String token, Fault fault, int times) {}

    private static final List<Flaky> FLAKY = List.of(
            new Flaky(Demo.PARENT, "phone-reset", Fault.RESET, 2),
            new Flaky(Demo.PARENT2, "phone-500", Fault.INTERNAL_500, 2),
            new Flaky(Demo.TEACHER, "phone-503", Fault.UNAVAILABLE_503, 2),
            new Flaky(Demo.TEACHER2, "phone-stall", Fault.STALL, 1),
            new Flaky(Demo.SENCO, "phone-garbled", Fault.MALFORMED, 1));

    @AfterAll
    static void stopStandIn() {
        fcm.close();
    }

    @Test
    void everyPushStillArrivesThroughAFlakyNetworkAndOnlyAcceptedOnesCountAsSent() {
        server.sql("DELETE FROM notification_outbox"); // the demo school's own pushes, settled or not
        long sentBefore = metric("tandem_push_sent_total");
        long retriedBefore = metric("tandem_push_retried_total");
        long failedBefore = metric("tandem_push_failed_total");
        Map<String, String> users = new LinkedHashMap<>();
        for (Flaky f : FLAKY) {
            users.put(f.token(), register(f.email(), f.token()));
            fcm.misbehave(f.token(), f.fault(), f.times());
        }
        users.values().forEach(user -> queue(user, ROWS_EACH));
        int rows = ROWS_EACH * FLAKY.size();

        await(
                "every row settled",
                Duration.ofSeconds(120),
                () -> count("SELECT count(*) FROM notification_outbox WHERE sent_at IS NULL AND given_up_at IS NULL")
                        == 0);

        assertEquals(rows, count("SELECT count(*) FROM notification_outbox WHERE sent_at IS NOT NULL"), "all sent");
        for (Flaky f : FLAKY) {
            Set<String> delivered = new HashSet<>();
            fcm.acceptedFor(f.token()).forEach(m -> delivered.add(pushId(m)));
            assertEquals(ROWS_EACH, delivered.size(), f.fault() + ": every row reached the phone");
            if (f.fault() != Fault.MALFORMED) {
                // Only an answer FCM gave but we could not read may come again (FCM did take it).
                assertEquals(
                        ROWS_EACH, fcm.acceptedFor(f.token()).size(), f.fault() + ": no row reached the phone twice");
            }
            Map<String, String> collapseKeys = new LinkedHashMap<>();
            for (JsonObject request : fcm.receivedFor(f.token())) {
                String key = request.getJsonObject("android").getString("collapse_key");
                String earlier = collapseKeys.putIfAbsent(pushId(request), key);
                assertTrue(earlier == null || earlier.equals(key), f.fault() + ": a repeat keeps its collapse key");
            }
        }
        long retried = count("SELECT coalesce(sum(attempts - 1), 0) FROM notification_outbox");
        assertTrue(retried > 0, "the failures reached the dispatcher and were retried");
        assertEquals(
                rows, metric("tandem_push_sent_total") - sentBefore, "sent counts each row once, when FCM accepted it");
        assertEquals(retried, metric("tandem_push_retried_total") - retriedBefore, "every retry counted");
        assertEquals(failedBefore, metric("tandem_push_failed_total"), "nothing given up");
    }

    @Test
    void aConfigurationFcmRefusesIsGivenUpAtOnceWithItsReason() {
        server.sql("DELETE FROM notification_outbox");
        String user = register(Demo.BLOCKED, "phone-wrong-sender");
        fcm.script("phone-wrong-sender", 403, "SENDER_ID_MISMATCH", 0, 100);
        queue(user, 3);
        await(
                "given up",
                Duration.ofSeconds(30),
                () -> count("SELECT count(*) FROM notification_outbox WHERE user_id = '" + user
                                + "' AND given_up_at IS NOT NULL")
                        == 3);
        Row row = server.app()
                .pool()
                .query("SELECT attempts, sent_at, last_error FROM notification_outbox WHERE user_id = '" + user
                        + "' LIMIT 1")
                .execute()
                .await()
                .iterator()
                .next();
        assertEquals(1, row.getInteger("attempts"), "not retried");
        assertEquals(null, row.getOffsetDateTime("sent_at"), "never counted as sent");
        assertEquals("SENDER_ID_MISMATCH", row.getString("last_error"));
        assertEquals(3, fcm.receivedFor("phone-wrong-sender").size());
    }

    /** Signs in on a phone and registers it; returns the person's id. */
    private static String register(String email, String fcmToken) {
        JsonObject login = server.login(email, app.tandem.demo.DemoData.PASSWORD);
        var response = server.post(
                "/v1/devices",
                new JsonObject().put("token", fcmToken).put("platform", "android"),
                login.getString("accessToken"));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return server.app()
                .pool()
                .query("SELECT id FROM app_user WHERE email = '" + email + "'")
                .execute()
                .await()
                .iterator()
                .next()
                .getUUID(0)
                .toString();
    }

    private static void queue(String userId, int n) {
        server.sql(
                """
        INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
        SELECT '%s', '%s', 'notice', r, false, 'notice-' || r, now(), now()
        FROM (SELECT gen_random_uuid() AS r FROM generate_series(1, %d)) AS g"""
                        .formatted(Demo.SCHOOL, userId, n));
    }

    /** Where each row stands, for a failure message. */
    private static String outboxState() {
        StringBuilder state = new StringBuilder();
        server.app()
                .pool()
                .query(
                        "SELECT kind, attempts, sent_at IS NOT NULL AS sent, given_up_at IS NOT NULL AS given_up, last_error,"
                                + " count(*) AS n FROM notification_outbox GROUP BY 1, 2, 3, 4, 5 ORDER BY 2")
                .execute()
                .await()
                .forEach(r -> state.append('\n').append(r.toJson().encode()));
        return state.toString();
    }

    private static String pushId(JsonObject message) {
        return message.getJsonObject("data").getString("pushId");
    }

    private static long metric(String name) {
        String text = server.get("/metrics").bodyAsString();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static long count(String sql) {
        return server.count(sql);
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) {
        Await.until(() -> what + outboxState(), bound, condition);
    }
}
