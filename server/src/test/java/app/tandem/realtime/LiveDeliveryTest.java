package app.tandem.realtime;

import static app.tandem.testing.Conversations.send;
import static app.tandem.testing.Conversations.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.Application;
import app.tandem.platform.AppConfig;
import app.tandem.testing.Conversations;
import app.tandem.testing.Demo;
import app.tandem.testing.LiveClient;
import app.tandem.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live delivery across two replicas sharing one PostgreSQL: a parent connected to one and a
 * teacher to the other hear each other's messages, receipts and edits; a lost listening
 * connection delays nothing for long and loses nothing; a device resuming gets exactly what it missed.
 */
class LiveDeliveryTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static Application other;

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final String TEACHER_ID = "0d000000-0000-4000-8000-000000000103";
    private static final String PARENT_ID = "0d000000-0000-4000-8000-000000000201";

    @BeforeAll
    static void startSecondReplica() {
        AppConfig config =
                server.replicaConfig(Map.of("TANDEM_EVENT_LOOPS", "2", "TANDEM_SHUTDOWN_GRACE_SECONDS", "2"));
        other = Application.start(config, server.clock()).await();
    }

    @AfterAll
    static void stopSecondReplica() {
        if (other != null) other.stop().await();
    }

    private static String conversationAboutAmara(String parentToken) {
        return start(
                        server,
                        parentToken,
                        new JsonObject().put("pupilId", Demo.AMARA).put("staff", new JsonArray().add("classTeacher")))
                .getString("id");
    }

    /** The next event of this type about this conversation, skipping others (the demo school is busy with other tests). */
    private static JsonObject next(LiveClient client, String type, String conversationId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject frame = client.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame == null) break;
            if (type.equals(frame.getString("type")) && conversationId.equals(frame.getString("conversationId")))
                return frame;
        }
        throw new AssertionError("no " + type + " for " + conversationId + " within " + timeout);
    }

    @Test
    void messagesReceiptsAndEditsReachTheOtherReplicaWithinASecond() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = conversationAboutAmara(parent);
        try (LiveClient parentDevice = LiveClient.signIn(server.port(), parent, null);
                LiveClient teacherDevice = LiveClient.signIn(other.port(), teacher, null)) {
            parentDevice.expect("ready", Duration.ofSeconds(5));
            teacherDevice.expect("ready", Duration.ofSeconds(5));

            JsonObject sent = send(server, parent, id, "live-1", "Amara loved the farm trip.")
                    .bodyAsJsonObject();
            JsonObject created = next(teacherDevice, "message.created", id, SECOND);
            assertEquals(sent.getString("id"), created.getJsonObject("message").getString("id"));
            assertEquals(
                    "Amara loved the farm trip.",
                    created.getJsonObject("message").getString("text"));
            assertNull(
                    created.getJsonObject("message").getString("clientMessageId"),
                    "only the sender sees its client id");
            assertEquals(
                    "live-1",
                    next(parentDevice, "message.created", id, SECOND)
                            .getJsonObject("message")
                            .getString("clientMessageId"));
            JsonObject reached = next(parentDevice, "receipt.delivered", id, SECOND);
            assertEquals(1, reached.getLong("deliveredUpTo"), "the sender sees the message reach the teacher's phone");
            assertEquals(TEACHER_ID, reached.getString("userId"));

            server.post("/v1/conversations/" + id + "/read", null, teacher);
            JsonObject receipt = next(parentDevice, "receipt.read", id, SECOND);
            assertEquals(1, receipt.getLong("readUpTo"));

            Conversations.patch(
                    server,
                    "/v1/conversations/" + id + "/messages/" + sent.getString("id"),
                    new JsonObject().put("text", "Amara loved the city farm trip."),
                    parent);
            assertEquals(
                    "Amara loved the city farm trip.",
                    next(teacherDevice, "message.edited", id, SECOND)
                            .getJsonObject("message")
                            .getString("text"));

            server.post("/v1/conversations/" + id + "/messages/" + sent.getString("id") + "/withdrawal", null, parent);
            JsonObject withdrawn =
                    next(teacherDevice, "message.withdrawn", id, SECOND).getJsonObject("message");
            assertTrue(withdrawn.getBoolean("withdrawn"));
            assertNull(withdrawn.getString("text"), "the class teacher no longer sees a withdrawn message's text");
        }
        long delivered = server.app()
                .pool()
                .query("SELECT delivered_seq FROM conversation_participant cp JOIN app_user u ON u.id = cp.user_id"
                        + " WHERE cp.conversation_id = '" + id + "' AND u.email = '" + Demo.TEACHER + "'")
                .execute()
                .await()
                .iterator()
                .next()
                .getLong(0);
        assertEquals(1, delivered, "reaching the teacher's socket is recorded as delivery");
    }

    @Test
    void aParentFetchingMessagesIsAnnouncedAsDeliveryOnceToTheSender() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = conversationAboutAmara(parent);
        try (LiveClient teacherDevice = LiveClient.signIn(other.port(), teacher, null)) {
            teacherDevice.expect("ready", Duration.ofSeconds(5));
            send(server, teacher, id, "fetched-1", "Spellings are in the book bag.");
            Conversations.messages(server, parent, id);
            JsonObject reached = next(teacherDevice, "receipt.delivered", id, SECOND);
            assertEquals(PARENT_ID, reached.getString("userId"));
            assertEquals(1, reached.getLong("deliveredUpTo"));
            Conversations.messages(server, parent, id);
            assertTrue(
                    teacherDevice.drain(Duration.ofMillis(500)).stream()
                            .noneMatch(f -> id.equals(f.getString("conversationId"))
                                    && "receipt.delivered".equals(f.getString("type"))),
                    "a page fetched again delivers nothing new");
        }
    }

    @Test
    void killingTheListeningConnectionsDelaysButLosesNothing() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = conversationAboutAmara(parent);
        try (LiveClient teacherDevice = LiveClient.signIn(other.port(), teacher, null)) {
            teacherDevice.expect("ready", Duration.ofSeconds(5));
            long killed = server.app()
                    .pool()
                    .query(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'tandem-live'")
                    .execute()
                    .await()
                    .iterator()
                    .next()
                    .getLong(0);
            assertTrue(killed >= 2, "both replicas listen");
            for (int i = 1; i <= 5; i++) send(server, parent, id, "lost-" + i, "Message " + i);
            for (int i = 1; i <= 5; i++) {
                JsonObject created = next(teacherDevice, "message.created", id, Duration.ofSeconds(10));
                assertEquals("Message " + i, created.getJsonObject("message").getString("text"));
            }
            assertTrue(
                    teacherDevice.drain(Duration.ofMillis(500)).stream()
                            .noneMatch(f -> id.equals(f.getString("conversationId"))
                                    && "message.created".equals(f.getString("type"))),
                    "nothing is repeated");
        }
    }

    /**
     * Signs a device in and out again: the last event it saw. An event committed just before the
     * socket opened may reach it before `ready`; `ready` still names the last one.
     */
    private static String lastEventSeen(String token) {
        try (LiveClient phone = LiveClient.signIn(server.port(), token, null)) {
            JsonObject frame;
            while (!"ready".equals((frame = phone.next(Duration.ofSeconds(5))).getString("type"))) {}
            return frame.getString("eventId");
        }
    }

    /** Every frame before `ready`: a resuming device's backlog. */
    private static List<JsonObject> untilReady(LiveClient phone) {
        List<JsonObject> frames = new java.util.ArrayList<>();
        JsonObject frame;
        while (!"ready".equals((frame = phone.next(Duration.ofSeconds(5))).getString("type"))) frames.add(frame);
        return frames;
    }

    /** The texts of new messages in this conversation, in the order they came. */
    private static List<String> created(List<JsonObject> frames, String conversationId) {
        return frames.stream()
                .filter(f -> conversationId.equals(f.getString("conversationId"))
                        && "message.created".equals(f.getString("type")))
                .map(f -> f.getJsonObject("message").getString("text"))
                .toList();
    }

    private static JsonObject firstAbout(List<JsonObject> frames, String conversationId) {
        return frames.stream()
                .filter(f -> conversationId.equals(f.getString("conversationId")))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aDeviceResumingAfterItsLastEventGetsEverythingItMissedOnceAndInOrder() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = conversationAboutAmara(parent);
        String lastSeen = lastEventSeen(parent);
        for (int i = 1; i <= 3; i++) send(server, teacher, id, "missed-" + i, "While you were away " + i);
        try (LiveClient phone = LiveClient.signIn(other.port(), parent, lastSeen)) {
            List<JsonObject> frames = untilReady(phone);
            assertEquals(
                    List.of("While you were away 1", "While you were away 2", "While you were away 3"),
                    created(frames, id));
            long previous = Long.parseLong(lastSeen);
            for (JsonObject f : frames) {
                long eventId = Long.parseLong(f.getString("eventId"));
                assertTrue(eventId > previous, "event ids increase without repeats");
                previous = eventId;
            }
            send(server, teacher, id, "live-after", "And now live");
            assertEquals(
                    "And now live",
                    next(phone, "message.created", id, SECOND)
                            .getJsonObject("message")
                            .getString("text"));
        }
    }

    @Test
    void conversationsDoNotWaitForEachOtherYetEveryDeviceHearsEventsInIdOrder() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = conversationAboutAmara(parent);
        try (LiveClient phone = LiveClient.signIn(other.port(), teacher, null)) {
            untilReady(phone);
            // A change in another transaction takes its event id and is slow to commit.
            var slow = server.app().pool().getConnection().await();
            var tx = slow.begin().await();
            long first = app.tandem.messaging.ConversationEventStore.announce(
                            slow,
                            "conversation.updated",
                            java.util.UUID.fromString(id),
                            null,
                            java.util.UUID.fromString(PARENT_ID),
                            null,
                            server.clock().instant())
                    .await();
            // Meanwhile a message is sent: it does not wait for the slow one, and gets a later id.
            send(server, parent, id, "ordered-1", "Sent while another change was committing");
            JsonObject early = phone.next(SECOND);
            assertTrue(
                    early == null || !id.equals(early.getString("conversationId")),
                    "nothing about the conversation is handed while an earlier event may still commit");
            tx.commit().await();
            slow.close().await();
            JsonObject updated = next(phone, "conversation.updated", id, Duration.ofSeconds(5));
            JsonObject created = next(phone, "message.created", id, Duration.ofSeconds(5));
            assertEquals(first, Long.parseLong(updated.getString("eventId")));
            assertTrue(Long.parseLong(created.getString("eventId")) > first);
        }
    }

    private static long count(String sql) {
        return server.count(sql);
    }

    @Test
    void aDeviceAwayLongerThanTheLogIsKeptIsToldToRefetchThenGoesLive() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = conversationAboutAmara(parent);
        String lastSeen = lastEventSeen(parent);
        for (int i = 1; i <= 3; i++) send(server, teacher, id, "old-" + i, "Last week " + i);

        // Everything so far is older than the retention (seven days); pruning takes it, and only it.
        server.sql("UPDATE live_event SET created_at = created_at - interval '8 days'");
        send(server, teacher, id, "recent", "Today");
        long removed = server.app().housekeeping().runNow().await().get("live-events");
        assertTrue(removed >= 3, "removed " + removed);
        assertEquals(
                1,
                count("SELECT count(*) FROM live_event WHERE conversation_id = '" + id + "'"),
                "today's event stays");
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM live_delivery d WHERE NOT EXISTS (SELECT 1 FROM live_event e WHERE e.id = d.event_id)"));
        assertEquals(
                4,
                count("SELECT count(*) FROM message WHERE conversation_id = '" + id + "'"),
                "messages are the record: never pruned");
        assertEquals(0L, server.app().housekeeping().runNow().await().get("live-events"), "a second run finds nothing");

        // Resuming from before the pruned events: told to refetch, then what remains, then live.
        try (LiveClient phone = LiveClient.signIn(other.port(), parent, lastSeen)) {
            assertEquals("resync", phone.next(Duration.ofSeconds(5)).getString("type"));
            assertEquals(List.of("Today"), created(untilReady(phone), id));
            send(server, teacher, id, "live-now", "And now");
            assertEquals(
                    "And now",
                    next(phone, "message.created", id, Duration.ofSeconds(5))
                            .getJsonObject("message")
                            .getString("text"));
        }

        // A device that had seen everything pruned resumes as usual, with no resync.
        long prunedThrough = count("SELECT pruned_through FROM live_retention");
        try (LiveClient phone = LiveClient.signIn(server.port(), parent, Long.toString(prunedThrough))) {
            assertTrue(
                    untilReady(phone).stream().noneMatch(f -> "resync".equals(f.getString("type"))),
                    "no resync for a device that missed nothing pruned");
        }
    }

    @Test
    void peopleOutsideTheConversationHearNothing() {
        String parent = server.token(Demo.PARENT);
        String id = conversationAboutAmara(parent);
        try (LiveClient blocked = LiveClient.signIn(server.port(), server.token(Demo.BLOCKED), null);
                LiveClient otherTeacher = LiveClient.signIn(other.port(), server.token(Demo.TEACHER2), null)) {
            blocked.expect("ready", Duration.ofSeconds(5));
            otherTeacher.expect("ready", Duration.ofSeconds(5));
            send(server, parent, id, "private-1", "Just for Amara's teacher.");
            assertNull(firstAbout(blocked.drain(Duration.ofSeconds(1)), id));
            assertNull(firstAbout(otherTeacher.drain(Duration.ofMillis(200)), id));
        }
    }

    @Test
    void aSocketSignsInWithASubProtocolOrIsClosedWithAClearCode() {
        String parent = server.token(Demo.PARENT);
        try (LiveClient viaHeader =
                LiveClient.connect(server.port(), List.of("tandem.v1", "tandem.bearer." + parent))) {
            assertEquals("tandem.v1", viaHeader.subProtocol());
            viaHeader.send(new JsonObject().put("type", "resume"));
            viaHeader.expect("ready", Duration.ofSeconds(5));
        }
        try (LiveClient forged =
                LiveClient.signIn(server.port(), parent.substring(0, parent.length() - 4) + "AAAA", null)) {
            assertNotNull(forged.expect("error", Duration.ofSeconds(5)).getString("detail"));
            assertEquals((short) 4401, forged.closeCode(Duration.ofSeconds(5)));
        }
        try (LiveClient garbled = LiveClient.connect(server.port())) {
            garbled.send(new JsonObject()
                    .put("type", "auth")
                    .put("accessToken", parent)
                    .put("resumeAfter", "yesterday"));
            assertEquals((short) 4400, garbled.closeCode(Duration.ofSeconds(5)));
        }
        try (LiveClient noToken = LiveClient.connect(server.port())) {
            noToken.send(new JsonObject().put("type", "hello"));
            assertEquals((short) 4401, noToken.closeCode(Duration.ofSeconds(5)));
        }
    }
}
