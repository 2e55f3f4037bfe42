package app.tandem.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.LiveClient;
import app.tandem.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica takes live sockets up to its limit (here one) and refuses the next handshake with 503
 * at once, so a phone is never left on a connection nobody answers; a closed socket frees its place.
 */
class LiveLimitTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData().withEnv("TANDEM_LIVE_MAX_SOCKETS", "1");

    @Test
    void atItsLimitAReplicaRefusesTheNextSocketAtOnceAndTakesOneAgainWhenOneCloses() {
        String token = server.token(Demo.PARENT);
        try (LiveClient phone = LiveClient.signIn(server.port(), token, null)) {
            phone.expect("ready", Duration.ofSeconds(5));
            assertEquals(503, LiveClient.handshakeStatus(server.port()), "refused, not left waiting");
            assertEquals(503, LiveClient.handshakeStatus(server.port()), "and again while it is full");
        }
        Await.until(
                "the closed socket's place is taken again",
                Duration.ofSeconds(5),
                () -> LiveClient.handshakeStatus(server.port()) == 101);
    }
}
