import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's load generator for what wrk cannot do: live sockets, and latency from one replica
 * to another. Run by bench/run with the server jar on the class path (Vert.x, as the app would use
 * it); prints one line of `key=value` figures per scenario. Loopback only, bounded in time.
 *
 *   sockets  PORT EMAIL COUNT RATE HOLD_SECONDS   open COUNT sockets at RATE a second, then hold them
 *   delivery PORT_A PORT_B IDLE MESSAGES          IDLE idle sockets on B, then messages sent on A
 *                                                 timed until they arrive on B
 *   tokens   PORT COUNT                           signs in bench parents 1..COUNT; prints "token conversation"
 */
public class Load {
    static final String PASSWORD = "tandem-demo-1";
    static final Vertx vertx = Vertx.vertx();
    static final HttpClient http = vertx.createHttpClient();
    static final WebSocketClient ws = vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxConnections(50_000).setConnectTimeout(30_000));

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "sockets" -> sockets(
                    Integer.parseInt(args[1]),
                    args[2],
                    Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            case "delivery" -> delivery(
                    Integer.parseInt(args[1]),
                    Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "tokens" -> tokens(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    record Answer(int status, JsonObject body) {}

    static Answer post(int port, String path, String token, JsonObject body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(path)
                .putHeader("Content-Type", "application/json");
        if (token != null) options.putHeader("Authorization", "Bearer " + token);
        return http.request(options)
                .compose(request -> request.send(body.toBuffer()))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.toJsonObject())))
                .await();
    }

    static String login(int port, String email) {
        Answer answer = post(port, "/v1/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD));
        if (answer.status() != 200) throw new IllegalStateException("login " + email + ": " + answer.body());
        return answer.body().getString("accessToken");
    }

    /** Signs in parents 1..count, a few at a time (password hashing is meant to be slow). */
    static void tokens(int port, int count) throws Exception {
        String[] lines = new String[count];
        AtomicInteger next = new AtomicInteger(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> {
                for (int f; (f = next.getAndIncrement()) <= count; ) {
                    lines[f - 1] = login(port, "bench-parent-" + f + "@example.org")
                            + String.format(" 0f000000-0000-4000-8000-%012x", f);
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) t.join();
        for (String line : lines) System.out.println(line);
    }

    /** A socket's outcome: milliseconds to `ready`, or the close code it got instead. */
    record Opened(WebSocket socket, long readyMillis, int closeCode) {}

    /** Opens a socket and signs in; completes at `ready` or at close, never fails. */
    static CompletableFuture<Opened> open(int port, String token, ConcurrentLinkedQueue<JsonObject> frames) {
        CompletableFuture<Opened> result = new CompletableFuture<>();
        long start = System.nanoTime();
        WebSocketConnectOptions options =
                new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/v1/live");
        ws.connect(options).onComplete(connected -> {
            if (connected.failed()) {
                result.complete(new Opened(null, -1, -1));
                return;
            }
            WebSocket socket = connected.result();
            socket.textMessageHandler(text -> {
                JsonObject frame = new JsonObject(text);
                if ("ready".equals(frame.getString("type")))
                    result.complete(new Opened(socket, (System.nanoTime() - start) / 1_000_000, 0));
                else if (frames != null) frames.add(frame.put("receivedAt", System.nanoTime()));
            });
            socket.closeHandler(v -> result.complete(new Opened(null, -1, socket.closeStatusCode())));
            socket.writeTextMessage(new JsonObject()
                    .put("type", "auth")
                    .put("accessToken", token)
                    .encode());
        });
        return result;
    }

    /** Opens `count` sockets at `rate` a second; returns them all once each is ready or closed. */
    static List<Opened> storm(int port, String token, int count, int rate) throws Exception {
        List<CompletableFuture<Opened>> all = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger started = new AtomicInteger();
        int perTick = Math.max(1, rate / 100);
        long timer = vertx.setPeriodic(10, id -> {
            for (int i = 0; i < perTick && started.get() < count; i++) {
                started.incrementAndGet();
                all.add(open(port, token, null));
            }
        });
        while (started.get() < count) Thread.sleep(10);
        vertx.cancelTimer(timer);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return all.stream().map(CompletableFuture::join).toList();
    }

    static void sockets(int port, String email, int count, int rate, int hold) throws Exception {
        String token = login(port, email);
        long start = System.nanoTime();
        List<Opened> opened = storm(port, token, count, rate);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> ready = opened.stream()
                .filter(o -> o.socket() != null)
                .map(Opened::readyMillis)
                .sorted()
                .toList();
        long refused = opened.stream().filter(o -> o.closeCode() == 1011 || o.closeCode() == 1013).count();
        System.out.printf(
                "ready=%d failed=%d refused_for_load=%d seconds=%.1f p50_ms=%d p99_ms=%d%n",
                ready.size(), count - ready.size(), refused, seconds, pct(ready, 50), pct(ready, 99));
        System.out.println("holding");
        System.out.flush();
        Thread.sleep(hold * 1000L);
    }

    static void delivery(int portA, int portB, int idle, int messages) throws Exception {
        // Families 1, 61, 121, ... all talk to bench teacher 2 (bench/seed.sql): eight senders keep
        // each under the per-person send limit, and one socket of the teacher's on replica B hears all.
        int[] families = {1, 61, 121, 181, 241, 301, 361, 421};
        List<String> senders = new ArrayList<>();
        for (int f : families) senders.add(login(portA, "bench-parent-" + f + "@example.org"));
        String teacher = login(portB, "bench-teacher-2@example.org");
        String bystander = login(portB, "bench-parent-2@example.org");
        List<Opened> idleSockets = storm(portB, bystander, idle, 500);
        long idleReady = idleSockets.stream().filter(o -> o.socket() != null).count();
        ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
        Opened listener = open(portB, teacher, frames).get(30, TimeUnit.SECONDS);
        if (listener.socket() == null) throw new IllegalStateException("the teacher's socket did not open");
        List<Long> latencies = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < messages; i++) {
            int f = families[i % families.length];
            String conversation = String.format("0f000000-0000-4000-8000-%012x", f);
            frames.clear();
            Answer sent = post(
                    portA,
                    "/v1/conversations/" + conversation + "/messages",
                    senders.get(i % families.length),
                    new JsonObject()
                            .put("clientMessageId", UUID.randomUUID().toString())
                            .put("text", "Bench message " + i));
            long answered = System.nanoTime();
            if (sent.status() != 201) throw new IllegalStateException("send: " + sent.body());
            String messageId = sent.body().getString("id");
            Long arrived = null;
            long deadline = answered + 5_000_000_000L;
            while (arrived == null && System.nanoTime() < deadline) {
                for (JsonObject frame : frames)
                    if (frame.encode().contains(messageId)) arrived = frame.getLong("receivedAt");
                if (arrived == null) Thread.sleep(1);
            }
            if (arrived == null) lost++;
            else latencies.add(Math.max(0, (arrived - answered) / 1_000_000));
            Thread.sleep(50);
        }
        Collections.sort(latencies);
        System.out.printf(
                "idle_ready=%d messages=%d lost=%d p50_ms=%d p99_ms=%d%n",
                idleReady, messages, lost, pct(latencies, 50), pct(latencies, 99));
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
