package app.tandem.push;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static app.tandem.testing.Conversations.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.FcmStandIn;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pushes go through the real Firebase Admin SDK to a local FCM stand-in: reliably, on time, and with nothing personal in them. */
class PushTest {
    static final FcmStandIn fcm = FcmStandIn.start();

    @RegisterExtension
    static TestServer server = new TestServer().withDemoData().withPushTo(fcm);

    static final String DEMO_CONVERSATION = "0d000000-0000-4000-8000-000000000701";
    static final String PARENT_ID = "0d000000-0000-4000-8000-000000000201";

    @AfterAll
    static void stopStandIn() {
        fcm.close();
    }

    private static HttpResponse<Buffer> register(String token, String fcmToken) {
        HttpResponse<Buffer> response = server.post(
                "/v1/devices",
                new JsonObject()
                        .put("token", fcmToken)
                        .put("platform", "ios")
                        .put("appVersion", "1.4.0")
                        .put("locale", "en-GB"),
                token);
        assertResponse("registerDevice", response);
        return response;
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(20), condition);
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) {
        Await.until(what, bound, condition);
    }

    private static long count(String sql) {
        return server.count(sql);
    }

    private static void queue(String userId, String kind, int n, boolean urgent) {
        server.sql(
                """
        INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
        SELECT '%s', '%s', '%s', gen_random_uuid(), %s, NULL, now(), now() FROM generate_series(1, %d)"""
                        .formatted(Demo.SCHOOL, userId, kind, urgent, n));
    }

    @Test
    void aPupilsOwnDeviceIsToldOnlyThatAQuestionFromSchoolIsWaiting() {
        String pupil = Callers.pupilToken(server, Demo.AMARA);
        assertEquals(
                201,
                server.post(
                                "/v1/devices",
                                new JsonObject().put("token", "amara-tablet").put("platform", "android"),
                                pupil)
                        .statusCode());
        HttpResponse<Buffer> asked = server.post(
                "/v1/views-requests",
                new JsonObject()
                        .put("question", "What did you enjoy this week?")
                        .put("formats", new JsonArray().add("symbols"))
                        .put("about", new JsonObject().put("kind", "general"))
                        .put("for", new JsonObject().put("pupilIds", new JsonArray().add(Demo.AMARA))),
                server.token(Demo.TEACHER));
        assertEquals(201, asked.statusCode(), asked.bodyAsString());
        await("the pupil's question push", Duration.ofSeconds(10), () -> !fcm.acceptedFor("amara-tablet")
                .isEmpty());
        String sent = fcm.acceptedFor("amara-tablet").get(0).encode();
        assertTrue(sent.contains("Your teacher would like to know what you think."), sent);
        assertTrue(sent.contains("views-request"), sent);
        assertFalse(sent.contains("enjoy"), "nothing of the question itself: " + sent);
        assertFalse(sent.contains("Amara"), sent);
    }

    @Test
    void aPhoneRegistersOncePerSessionAndItsTokenMovesWithTheSession() {
        String first = server.token(Demo.PARENT2);
        assertEquals(201, register(first, "token-move-1").statusCode());
        assertEquals(200, register(first, "token-move-1").statusCode());
        HttpResponse<Buffer> listed = server.get("/v1/devices", first);
        assertResponse("listDevices", listed);
        assertTrue(
                listed.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getBoolean("current"));

        String second = server.token(Demo.PARENT2);
        assertEquals(201, register(second, "token-move-1").statusCode());
        assertEquals(1, count("SELECT count(*) FROM device WHERE token = 'token-move-1'"));
        String deviceId = server.get("/v1/devices", second)
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");

        assertProblem(server.delete("/v1/devices/" + deviceId, server.token(Demo.PARENT)), 404, "not-found");
        assertProblem(
                server.post("/v1/devices", new JsonObject().put("token", "x").put("platform", "windows"), second),
                400,
                "validation");

        server.post("/v1/auth/logout", null, second);
        assertEquals(
                0, count("SELECT count(*) FROM device WHERE token = 'token-move-1'"), "signing out forgets the phone");
        assertEquals(201, register(first, "token-move-2").statusCode());
        assertEquals(
                204,
                server.delete(
                                "/v1/devices/"
                                        + server.get("/v1/devices", first)
                                                .bodyAsJsonObject()
                                                .getJsonArray("items")
                                                .getJsonObject(0)
                                                .getString("id"),
                                first)
                        .statusCode());
    }

    @Test
    void aNewMessageReachesTheParentsPhoneWithNothingPersonalInIt() {
        String parent = server.token(Demo.PARENT);
        register(parent, "token-parent-phone");
        String text = "Amara was upset after lunch; she is fine now.";
        send(server, server.token(Demo.TEACHER), DEMO_CONVERSATION, "push-1", text);
        await("the push", () -> !fcm.receivedFor("token-parent-phone").isEmpty());
        JsonObject pushed = fcm.receivedFor("token-parent-phone").get(0);
        assertEquals("/v1/projects/tandem-test/messages:send", pushed.getString("_path"));
        assertTrue(
                pushed.getString("_authorization").startsWith("Bearer stand-in-"),
                "sent with the token the service account's signed assertion was traded for");
        assertEquals("message", pushed.getJsonObject("data").getString("type"));
        assertEquals(DEMO_CONVERSATION, pushed.getJsonObject("data").getString("id"));
        assertEquals(
                "conversation-" + DEMO_CONVERSATION,
                pushed.getJsonObject("android").getString("collapse_key"));
        assertEquals(
                "conversation-" + DEMO_CONVERSATION,
                pushed.getJsonObject("apns").getJsonObject("headers").getString("apns-collapse-id"));
        assertTrue(
                pushed.getJsonObject("apns")
                                .getJsonObject("payload")
                                .getJsonObject("aps")
                                .getInteger("badge")
                        >= 1,
                "the badge is the parent's unread total");
        assertFalse(pushed.encode().contains(text));
    }

    @Test
    void noPayloadTheServerCanProduceNamesAnyoneOrSaysAnythingAboutAPupil() {
        String parent = server.token(Demo.PARENT);
        register(parent, "token-privacy");
        List<String> kinds = new ArrayList<>(PushPayloads.WORDING.keySet());
        kinds.add("meeting-booked");
        for (String kind : kinds) queue(PARENT_ID, kind, 1, false);
        await("one push per kind", () -> fcm.receivedFor("token-privacy").size() >= kinds.size());
        List<String> forbidden = new ArrayList<>();
        server.app()
                .pool()
                .query("SELECT display_name, email FROM app_user")
                .execute()
                .await()
                .forEach(r -> forbidden.addAll(List.of(r.getString("display_name"), r.getString("email"))));
        server.app()
                .pool()
                .query("SELECT first_name, last_name, coalesce(preferred_name, first_name) FROM pupil")
                .execute()
                .await()
                .forEach(r -> forbidden.addAll(List.of(r.getString(0), r.getString(1), r.getString(2))));
        server.app()
                .pool()
                .query("SELECT text FROM message")
                .execute()
                .await()
                .forEach(r -> forbidden.add(r.getString(0)));
        server.app()
                .pool()
                .query("SELECT title FROM notice")
                .execute()
                .await()
                .forEach(r -> forbidden.add(r.getString(0)));
        forbidden.addAll(List.of("sen-support", "ehc-plan", "SEN support", "EHC"));
        for (JsonObject pushed : fcm.receivedFor("token-privacy")) {
            String payload =
                    pushed.copy().put("_path", "").put("_authorization", "").encode();
            for (String word : forbidden)
                assertFalse(payload.contains(word), "push for " + pushed.getJsonObject("data") + " contains " + word);
            assertEquals(
                    3,
                    pushed.getJsonObject("data").size(),
                    "type, id and pushId only: " + pushed.getJsonObject("data"));
        }
    }

    @Test
    void twelveHundredPushesGoOutInBatchesOfAtMostFiveHundredAndAreAllMarkedSent() {
        String parent2 = server.token(Demo.PARENT2);
        register(parent2, "token-bulk");
        String parent2Id = "0d000000-0000-4000-8000-000000000202";
        queue(parent2Id, "notice", 1200, false);
        await(
                "1,200 pushes",
                Duration.ofSeconds(120),
                () -> fcm.receivedFor("token-bulk").size() >= 1200);
        await(
                "all marked sent",
                Duration.ofSeconds(30),
                () -> count("SELECT count(*) FROM notification_outbox WHERE user_id = '" + parent2Id
                                + "' AND kind = 'notice' AND sent_at IS NOT NULL")
                        == 1200);
        assertEquals(1200, fcm.receivedFor("token-bulk").size(), "no row sent twice");
    }

    @Test
    void aThrottledSendIsRetriedAfterRetryAfterAndADeadTokenIsForgotten() {
        String teacher = server.token(Demo.TEACHER2);
        register(teacher, "token-throttled");
        fcm.script("token-throttled", 429, "QUOTA_EXCEEDED", 1, 1);
        String teacherId = server.app()
                .pool()
                .query("SELECT id FROM app_user WHERE email = '" + Demo.TEACHER2 + "'")
                .execute()
                .await()
                .iterator()
                .next()
                .getUUID(0)
                .toString();
        queue(teacherId, "notice", 1, false);
        await("the retry", () -> fcm.receivedFor("token-throttled").size() >= 2);
        await(
                "sent on the second attempt",
                () -> count("SELECT count(*) FROM notification_outbox WHERE user_id = '" + teacherId
                                + "' AND sent_at IS NOT NULL AND attempts = 2")
                        == 1);

        String senco = server.token(Demo.SENCO);
        register(senco, "token-dead");
        fcm.script("token-dead", 404, "UNREGISTERED", 0, 100);
        queue("0d000000-0000-4000-8000-000000000102", "notice", 1, false);
        await("the dead token forgotten", () -> count("SELECT count(*) FROM device WHERE token = 'token-dead'") == 0);
        Row row = server.app()
                .pool()
                .query(
                        "SELECT sent_at, given_up_at, last_error FROM notification_outbox WHERE user_id = '0d000000-0000-4000-8000-000000000102'"
                                + " AND last_error IS NOT NULL")
                .execute()
                .await()
                .iterator()
                .next();
        assertNull(row.getOffsetDateTime("sent_at"), "a push no phone took is not counted as sent");
        assertNotNull(row.getOffsetDateTime("given_up_at"));
        assertEquals("UNREGISTERED", row.getString("last_error"));
    }

    @Test
    void pushesInQuietHoursWaitUntilTheyEndButUrgentOnesDoNot() {
        String admin = server.token(Demo.ADMIN);
        register(admin, "token-quiet");
        var local = server.clock()
                .instant()
                .atZone(ZoneId.of("Europe/London"))
                .toLocalTime()
                .withSecond(0)
                .withNano(0);
        JsonObject quiet = new JsonObject()
                .put("from", local.minusHours(1).toString())
                .put("to", local.plusHours(1).toString());
        HttpResponse<Buffer> set = server.send(HttpMethod.PUT, "/v1/me/quiet-hours", quiet.toBuffer(), r -> r.putHeader(
                        "Content-Type", "application/json")
                .bearerTokenAuthentication(admin));
        assertResponse("setQuietHours", set);
        String adminId = "0d000000-0000-4000-8000-000000000101";
        queue(adminId, "notice", 1, false);
        queue(adminId, "concern", 1, true);
        await("the urgent push", () -> fcm.receivedFor("token-quiet").size() == 1);
        assertEquals(
                "concern",
                fcm.receivedFor("token-quiet").get(0).getJsonObject("data").getString("type"));
        await(
                "the other deferred",
                () -> count(
                                "SELECT count(*) FROM notification_outbox WHERE user_id = '" + adminId
                                        + "' AND kind = 'notice' AND sent_at IS NULL AND due_at > now() + interval '30 minutes'")
                        == 1);
        assertEquals(
                204,
                server.send(HttpMethod.DELETE, "/v1/me/quiet-hours", null, r -> r.bearerTokenAuthentication(admin))
                        .statusCode());
    }

    @Test
    void rowsClaimedByAReplicaThatDiedAreSentByAnotherOnceTheLeaseLapses() {
        String parent2 = server.token(Demo.PARENT2);
        register(parent2, "token-lease");
        String parent2Id = "0d000000-0000-4000-8000-000000000202";
        UUID ref = UUID.randomUUID();
        // A replica claimed the row, then died before settling it.
        server.sql(
                """
        INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at, lease_until, leased_by, attempts)
        VALUES ('%s', '%s', 'notice', '%s', false, 'notice-%s', now(), now(), now() + interval '45 seconds', 'a-dead-replica', 1)"""
                        .formatted(Demo.SCHOOL, parent2Id, ref, ref));
        server.app().capability(app.tandem.push.Push.class).dispatchNow().await();
        assertTrue(
                fcm.receivedFor("token-lease").stream().noneMatch(m -> ref.toString()
                        .equals(m.getJsonObject("data").getString("id"))),
                "nobody sends a row under someone else's lease");
        server.clock().advance(Duration.ofSeconds(50));
        try {
            await("the lapsed lease taken over", () -> fcm.receivedFor("token-lease").stream()
                    .anyMatch(m -> ref.toString().equals(m.getJsonObject("data").getString("id"))));
            assertEquals(
                    "notice-" + ref,
                    fcm.receivedFor("token-lease").stream()
                            .filter(m -> ref.toString()
                                    .equals(m.getJsonObject("data").getString("id")))
                            .findFirst()
                            .orElseThrow()
                            .getJsonObject("android")
                            .getString("collapse_key"),
                    "a repeat replaces the first notification on the phone");
        } finally {
            server.clock().advance(Duration.ofSeconds(-50));
        }
    }
}
