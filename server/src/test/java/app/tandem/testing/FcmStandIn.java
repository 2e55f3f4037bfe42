package app.tandem.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for FCM's HTTP v1 API on loopback: records every message the Firebase Admin SDK
 * sends and answers success, or what a test scripted for a token (UNREGISTERED, 429 with
 * Retry-After, 5xx), a given number of times, or holds every request unanswered (a send in flight
 * when its replica dies).
 */
public final class FcmStandIn implements AutoCloseable {
    /** A scripted answer: status, FCM error code, Retry-After seconds (0: none), and how many times. */
    public record Answer(int status, String errorCode, int retryAfter, AtomicInteger times) {}

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> scripted = new ConcurrentHashMap<>();
    private final Map<String, Misbehaviour> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsPerPush = new ConcurrentHashMap<>();
    private final List<JsonObject> accepted = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    /** What the network does to a request: drop it, fail it, stall past the timeout, or garble the answer. */
    public enum Fault {
        RESET,
        INTERNAL_500,
        UNAVAILABLE_503,
        STALL,
        MALFORMED
    }

    private record Misbehaviour(Fault fault, int times) {}

    private FcmStandIn() {
        server = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    JsonObject message = new JsonObject(body.toString()).getJsonObject("message");
                    received.add(message.put("_path", req.path())
                            .put("_authorization", String.valueOf(req.getHeader("Authorization"))));
                    if (holding) return;
                    String pushKey = message.getString("token") + "/"
                            + message.getJsonObject("data", new JsonObject()).getString("pushId");
                    int seen = requestsPerPush
                            .computeIfAbsent(pushKey, k -> new AtomicInteger())
                            .incrementAndGet();
                    Misbehaviour misbehaviour = faults.get(String.valueOf(message.getString("token")));
                    if (misbehaviour != null && seen <= misbehaviour.times()) {
                        switch (misbehaviour.fault()) {
                            case RESET -> req.connection().close();
                            case STALL -> {}
                            case MALFORMED -> req.response()
                                    .putHeader("Content-Type", "application/json")
                                    .end("{\"name\": \"projects/");
                            case INTERNAL_500 -> fcmError(req.response().setStatusCode(500), "INTERNAL", 0);
                            case UNAVAILABLE_503 -> fcmError(req.response().setStatusCode(503), "UNAVAILABLE", 1);
                        }
                        return;
                    }
                    Answer answer = scripted.get(String.valueOf(message.getString("token")));
                    if (answer != null && answer.times().getAndDecrement() > 0) {
                        var response = req.response()
                                .setStatusCode(answer.status())
                                .putHeader("Content-Type", "application/json");
                        if (answer.retryAfter() > 0)
                            response.putHeader("Retry-After", Integer.toString(answer.retryAfter()));
                        response.end(new JsonObject()
                                .put(
                                        "error",
                                        new JsonObject()
                                                .put("code", answer.status())
                                                .put("message", "scripted")
                                                .put("status", status(answer.status()))
                                                .put(
                                                        "details",
                                                        new JsonArray()
                                                                .add(new JsonObject()
                                                                        .put(
                                                                                "@type",
                                                                                "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                                                                        .put("errorCode", answer.errorCode()))))
                                .encode());
                        return;
                    }
                    accepted.add(message);
                    req.response()
                            .putHeader("Content-Type", "application/json")
                            .end(new JsonObject()
                                    .put("name", "projects/tandem-test/messages/" + UUID.randomUUID())
                                    .encode());
                }))
                .listen(0, "127.0.0.1")
                .await();
    }

    public static FcmStandIn start() {
        return new FcmStandIn();
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Answers this token's next `times` messages with an error. */
    public void script(String token, int status, String errorCode, int retryAfter, int times) {
        scripted.put(token, new Answer(status, errorCode, retryAfter, new AtomicInteger(times)));
    }

    /** Each message to this token meets the fault on its first `times` requests (the SDK's own retries count). */
    public void misbehave(String token, Fault fault, int times) {
        faults.put(token, new Misbehaviour(fault, times));
    }

    /** The messages answered with success: what reached a phone. */
    public List<JsonObject> acceptedFor(String token) {
        return accepted.stream().filter(m -> token.equals(m.getString("token"))).toList();
    }

    private static void fcmError(io.vertx.core.http.HttpServerResponse response, String status, int retryAfter) {
        response.putHeader("Content-Type", "application/json");
        if (retryAfter > 0) response.putHeader("Retry-After", Integer.toString(retryAfter));
        response.end(new JsonObject()
                .put(
                        "error",
                        new JsonObject()
                                .put("code", response.getStatusCode())
                                .put("message", "misbehaving on purpose")
                                .put("status", status))
                .encode());
    }

    /** While on, requests are recorded and never answered (the sender times out, or dies waiting). */
    public void hold(boolean on) {
        holding = on;
    }

    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    public List<JsonObject> receivedFor(String token) {
        return received.stream().filter(m -> token.equals(m.getString("token"))).toList();
    }

    private static String status(int code) {
        return switch (code) {
            case 404 -> "NOT_FOUND";
            case 400 -> "INVALID_ARGUMENT";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
