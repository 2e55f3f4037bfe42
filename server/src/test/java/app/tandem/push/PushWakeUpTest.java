package app.tandem.push;

import static app.tandem.testing.Conversations.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.FcmStandIn;
import app.tandem.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A push due now goes out when its transaction commits, not at the dispatcher's next look: here
 * the dispatcher looks only once an hour, so anything that arrives was woken.
 */
class PushWakeUpTest {
    static final FcmStandIn fcm = FcmStandIn.start();

    @RegisterExtension
    static TestServer server =
            new TestServer().withDemoData().withPushTo(fcm).withEnv("TANDEM_PUSH_POLL_SECONDS", "3600");

    @AfterAll
    static void stopStandIn() {
        fcm.close();
    }

    @Test
    void aMessageToAParentIsPushedAtCommitWithoutWaitingForTheDispatchersLook() {
        String parent = server.token(Demo.PARENT);
        server.post(
                "/v1/devices",
                new JsonObject()
                        .put("token", "token-woken-phone")
                        .put("platform", "android")
                        .put("appVersion", "1.4.0")
                        .put("locale", "en-GB"),
                parent);
        // The dispatcher's first look, at start-up, is long past: nothing is due yet.
        send(server, server.token(Demo.TEACHER), PushTest.DEMO_CONVERSATION, "wake-1", "Lunch went well.");
        Await.until(
                "the push, without the hourly look", Duration.ofSeconds(20), () -> !fcm.receivedFor("token-woken-phone")
                        .isEmpty());
        assertEquals(
                0,
                server.count("SELECT count(*) FROM notification_outbox WHERE user_id = '" + PushTest.PARENT_ID
                        + "' AND sent_at IS NULL AND due_at <= now()"));

        // Every commit wakes it again, whichever round it is in.
        send(server, server.token(Demo.TEACHER), PushTest.DEMO_CONVERSATION, "wake-2", "And the afternoon.");
        Await.until(
                "the second message's push",
                Duration.ofSeconds(20),
                () -> fcm.receivedFor("token-woken-phone").size() == 2);
    }
}
