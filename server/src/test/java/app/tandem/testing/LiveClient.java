package app.tandem.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device's connection to `/v1/live`, as the app makes it: frames are collected for the test to read in order. */
public final class LiveClient implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final WebSocket ws;

    private LiveClient(int port, List<String> subProtocols) {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options =
                new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/v1/live");
        subProtocols.forEach(options::addSubProtocol);
        ws = client.connect(options).await();
        ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    }

    public static LiveClient connect(int port) {
        return new LiveClient(port, List.of());
    }

    public static LiveClient connect(int port, List<String> subProtocols) {
        return new LiveClient(port, subProtocols);
    }

    /** Signs in with the first frame and waits until the server says it is live. */
    public static LiveClient signIn(int port, String token, String resumeAfter) {
        LiveClient client = connect(port);
        client.send(auth(token, resumeAfter));
        return client;
    }

    /** The HTTP status a handshake is refused with; 101 when it is taken (the socket is closed again). */
    public static int handshakeStatus(int port) {
        Vertx vertx = Vertx.vertx();
        try {
            WebSocket ws = vertx.createWebSocketClient()
                    .connect(new WebSocketConnectOptions()
                            .setHost("127.0.0.1")
                            .setPort(port)
                            .setURI("/v1/live"))
                    .await();
            ws.close().await();
            return 101;
        } catch (io.vertx.core.http.UpgradeRejectedException refused) {
            return refused.getStatus();
        } finally {
            vertx.close().await();
        }
    }

    public static JsonObject auth(String token, String resumeAfter) {
        JsonObject frame = new JsonObject().put("type", "auth").put("accessToken", token);
        if (resumeAfter != null) frame.put("resumeAfter", resumeAfter);
        return frame;
    }

    public String subProtocol() {
        return ws.subProtocol();
    }

    public void send(JsonObject frame) {
        ws.writeTextMessage(frame.encode()).await();
    }

    /** The next frame, or null when none arrives in time. */
    public JsonObject next(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** The next frame, which must be of this type. */
    public JsonObject expect(String type, Duration timeout) {
        JsonObject frame = next(timeout);
        assertNotNull(frame, "no " + type + " frame within " + timeout);
        assertEquals(type, frame.getString("type"), frame.encode());
        return frame;
    }

    /** Every frame that arrives until none has come for `quiet`. */
    public List<JsonObject> drain(Duration quiet) {
        List<JsonObject> all = new ArrayList<>();
        for (JsonObject f = next(quiet); f != null; f = next(quiet)) all.add(f);
        return all;
    }

    /** The close code once the server closes the socket. */
    public Short closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ex) {
            throw new AssertionError("socket not closed within " + timeout, ex);
        }
    }

    @Override
    public void close() {
        try {
            if (!ws.isClosed()) ws.close().await();
        } finally {
            vertx.close().await();
        }
    }
}
