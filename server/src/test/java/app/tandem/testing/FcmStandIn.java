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
    private volatile HttpServer server;
    private final int port;
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
        server = listen(0);
        port = server.actualPort();
    }

    private HttpServer listen(int on) {
        return vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    if (req.path().equals("/token")) {
                        token(req, body.toString());
                        return;
                    }
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
                .listen(on, "127.0.0.1")
                .await();
    }

    /**
     * FCM out of reach: the port is closed for `outage` (every connection refused), then listened
     * on again, everything recorded so far kept.
     */
    public void refuseConnectionsFor(java.time.Duration outage) {
        server.close().await();
        vertx.setTimer(outage.toMillis(), id -> vertx.executeBlocking(() -> server = listen(port)));
    }

    public static FcmStandIn start() {
        return new FcmStandIn();
    }

    /**
     * Google's OAuth token endpoint, as the service account's `token_uri`: the SDK trades a JWT it
     * signed with the account's private key for an access token. The signature is checked against
     * the account's public key, so a send proves the SDK used the credentials it was given.
     */
    private void token(io.vertx.core.http.HttpServerRequest req, String form) {
        String assertion = io.netty.handler.codec.http.QueryStringDecoder.decodeComponent(
                form.replaceAll(".*assertion=([^&]*).*", "$1"));
        boolean signed;
        try {
            signed = com.nimbusds.jwt.SignedJWT.parse(assertion)
                    .verify(new com.nimbusds.jose.crypto.RSASSAVerifier((java.security.interfaces.RSAPublicKey)
                            serviceAccount.keys().getPublic()));
        } catch (Exception bad) {
            signed = false;
        }
        req.response()
                .setStatusCode(signed ? 200 : 400)
                .putHeader("Content-Type", "application/json")
                .end(
                        signed
                                ? new JsonObject()
                                        .put("access_token", "stand-in-" + UUID.randomUUID())
                                        .put("expires_in", 3600)
                                        .put("token_type", "Bearer")
                                        .encode()
                                : new JsonObject().put("error", "invalid_grant").encode());
    }

    /** A Firebase service account of its own, its `token_uri` this stand-in, written once to a file. */
    private record ServiceAccount(java.security.KeyPair keys, java.nio.file.Path file) {}

    private final ServiceAccount serviceAccount = serviceAccount();

    private ServiceAccount serviceAccount() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.KeyPair keys = generator.generateKeyPair();
            java.nio.file.Path file = java.nio.file.Files.createTempFile("fcm-service-account-", ".json");
            file.toFile().deleteOnExit();
            return new ServiceAccount(keys, file);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The service account file, naming this stand-in (started) as where tokens come from. */
    public String serviceAccountFile() {
        try {
            java.security.interfaces.RSAPrivateKey key = (java.security.interfaces.RSAPrivateKey)
                    serviceAccount.keys().getPrivate();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            java.nio.file.Files.writeString(
                    serviceAccount.file(),
                    new JsonObject()
                            .put("type", "service_account")
                            .put("project_id", "tandem-test")
                            .put("private_key_id", "stand-in")
                            .put("private_key", pem)
                            .put("client_email", "tandem@tandem-test.iam.gserviceaccount.com")
                            .put("client_id", "1")
                            .put("token_uri", url() + "/token")
                            .encode());
            return serviceAccount.file().toString();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** What a server needs to push through this stand-in: its URL, the project and the service account. */
    public Map<String, String> env() {
        return Map.of(
                "TANDEM_FCM_ENDPOINT",
                url(),
                "TANDEM_FCM_PROJECT_ID",
                "tandem-test",
                "TANDEM_FCM_CREDENTIALS_FILE",
                serviceAccountFile());
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers this token's next `times` messages with an error. */
    public void script(String token, int status, String errorCode, int retryAfter, int times) {
        scripted.put(token, new Answer(status, errorCode, retryAfter, new AtomicInteger(times)));
    }

    /** Each message to this token meets the fault on its first `times` requests (the SDK's own retries count). */
    public void misbehave(String token, Fault fault, int times) {
        faults.put(token, new Misbehaviour(fault, times));
    }

    /** Every message answered with success, in order: what reached the phones. */
    public List<JsonObject> accepted() {
        return List.copyOf(accepted);
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
