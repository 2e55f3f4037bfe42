package app.tandem.soak;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app's HTTP calls, as a load balancer in front of two replicas would pass them: round robin,
 * and a request that could not even connect (a replica down) tried on the other. Counts every
 * answer per kind of request with its latency; a request neither replica answered is counted apart,
 * since the goal counts only answers given while a replica was up.
 */
final class Client {
    /** An answer: status, body, and the request id the server gave it. */
    record Answer(int status, byte[] body, String requestId, int port) {
        JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** What one kind of request met. */
    static final class Kind {
        final AtomicLong answers = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicLong clientErrors = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());

        long p99Millis() {
            List<Long> sorted;
            synchronized (micros) {
                sorted = new ArrayList<>(micros);
            }
            if (sorted.isEmpty()) return -1;
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(0.99 * sorted.size()) - 1)) / 1000;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final int[] ports;
    private final AtomicInteger next = new AtomicInteger();
    final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    Client(int[] ports) {
        this.ports = ports;
    }

    Answer get(String kind, String path, String token, Map<String, String> headers) {
        return call(kind, "GET", path, token, null, headers);
    }

    Answer post(String kind, String path, String token, JsonObject body) {
        return call(kind, "POST", path, token, body, Map.of());
    }

    private Answer call(
            String kind, String method, String path, String token, JsonObject body, Map<String, String> headers) {
        Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
        int first = Math.floorMod(next.getAndIncrement(), ports.length);
        for (int attempt = 0; attempt < ports.length; attempt++) {
            int port = ports[(first + attempt) % ports.length];
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body.encode()));
            if (body != null) request.header("Content-Type", "application/json");
            if (token != null) request.header("Authorization", "Bearer " + token);
            headers.forEach(request::header);
            long start = System.nanoTime();
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                k.micros.add((System.nanoTime() - start) / 1000);
                k.answers.incrementAndGet();
                if (response.statusCode() >= 500) k.serverErrors.incrementAndGet();
                else if (response.statusCode() >= 400) k.clientErrors.incrementAndGet();
                return new Answer(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("X-Request-Id").orElse(null),
                        port);
            } catch (IOException down) {
                // Not an answer: the replica is gone (refused, or reset mid-request). The other may answer.
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        k.unanswered.incrementAndGet();
        return new Answer(-1, new byte[0], null, -1);
    }

    /** Kinds by name, for the report. */
    Map<String, Kind> byName() {
        return new TreeMap<>(kinds);
    }
}
