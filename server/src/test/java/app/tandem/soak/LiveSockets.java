package app.tandem.soak;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phones' live connections as the app keeps them: signed in, and when a socket closes (its replica
 * killed, PostgreSQL restarted) reconnected to whichever replica answers, resuming after the last
 * `eventId` it saw. Each socket keeps what it received, so the ledger can say what reached whom.
 */
final class LiveSockets implements AutoCloseable {
    /** One phone's socket over the whole run, through its reconnects. */
    static final class Phone {
        final UUID userId;
        final String token;
        volatile long firstReady = -1;
        volatile long lastEventId;
        volatile int reconnects;
        volatile int resyncs;
        volatile boolean open;
        final Map<String, Integer> messages = new ConcurrentHashMap<>();

        Phone(UUID userId, String token) {
            this.userId = userId;
            this.token = token;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client = vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxConnections(50_000).setConnectTimeout(5_000));
    private final int[] ports;
    final List<Phone> phones = new ArrayList<>();
    final AtomicLong lastFrameAt = new AtomicLong(System.nanoTime());
    private volatile boolean closing;

    LiveSockets(int[] ports) {
        this.ports = ports;
    }

    /** Opens one socket for the person, on replica `first`. */
    void open(UUID userId, String token, int first) {
        Phone phone = new Phone(userId, token);
        synchronized (phones) {
            phones.add(phone);
        }
        connect(phone, first);
    }

    long ready() {
        synchronized (phones) {
            return phones.stream().filter(p -> p.open).count();
        }
    }

    private void connect(Phone phone, int replica) {
        if (closing) return;
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(ports[replica % ports.length])
                .setURI("/v1/live");
        client.connect(options).onComplete(connected -> {
            if (connected.failed()) {
                retry(phone, replica + 1);
                return;
            }
            WebSocket ws = connected.result();
            ws.textMessageHandler(text -> frame(phone, new JsonObject(text)));
            ws.closeHandler(v -> {
                phone.open = false;
                phone.reconnects++;
                retry(phone, replica + 1);
            });
            JsonObject auth = new JsonObject().put("type", "auth").put("accessToken", phone.token);
            if (phone.firstReady >= 0) auth.put("resumeAfter", Long.toString(phone.lastEventId));
            ws.writeTextMessage(auth.encode());
        });
    }

    /** After a pause with jitter, as the app backs off, so a whole replica's phones do not return at once. */
    private void retry(Phone phone, int replica) {
        vertx.setTimer(200 + ThreadLocalRandom.current().nextInt(800), id -> connect(phone, replica));
    }

    private void frame(Phone phone, JsonObject frame) {
        lastFrameAt.set(System.nanoTime());
        String type = frame.getString("type", "");
        String eventId = frame.getString("eventId");
        long id = eventId == null ? -1 : Long.parseLong(eventId);
        switch (type) {
            case "ready" -> {
                long position = Math.max(0, id);
                if (phone.firstReady < 0) {
                    phone.firstReady = position;
                    phone.lastEventId = position;
                }
                phone.lastEventId = Math.max(phone.lastEventId, position);
                phone.open = true;
            }
            case "resync" -> phone.resyncs++;
            case "message.created" -> phone.messages.merge(
                    frame.getJsonObject("message").getString("id"), 1, Integer::sum);
            default -> {}
        }
        if (id > 0) phone.lastEventId = Math.max(phone.lastEventId, id);
    }

    @Override
    public void close() {
        closing = true;
        vertx.close().await();
    }
}
