import io.vertx.core.Future;
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
 *   race     PORT TOKENS_FILE                     every parent in the file books one of the bench round's
 *                                                 30 slots at once (bench/seed.sql)
 *   notice   PORT FCM_PORT DEVICES                a whole-school notice, timed until a local FCM stand-in
 *                                                 has accepted a push for each of the bench's DEVICES
 *   send-sql SENDERS                              prints sendMessage's statements as a pgbench script
 *   views-sql PUPIL                               prints getViewsForReview's statement for one pupil
 *   export   PORT MANAGEMENT_PORT EMAIL PUPIL     a subject access export of five years (bench/seed-export.sql):
 *                                                 built (timed from asking to ready) and downloaded, with the
 *                                                 replica's heap sampled throughout
 *   service-account FCM_PORT FILE                 writes a Firebase service account (a fresh key) whose
 *                                                 token_uri is the notice scenario's stand-in
 */
public class Load {
    static final String PASSWORD = "tandem-demo-1";
    static final Vertx vertx = Vertx.vertx();
    static final HttpClient http = vertx.createHttpClient(
            new io.vertx.core.http.HttpClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(100));
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
            case "race" -> race(Integer.parseInt(args[1]), args[2]);
            case "notice" -> notice(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "send-sql" -> System.out.print(sendSql(Integer.parseInt(args[1])));
            case "views-sql" -> System.out.print(viewsSql(args[1]));
            case "export" -> export(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], args[4]);
            case "service-account" -> serviceAccount(Integer.parseInt(args[1]), args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    /**
     * The statements the server runs for one sendMessage without attachments, in its order, as a
     * pgbench script (bench parents 1..SENDERS, each to their own conversation, a new client id each
     * time). The long fragments are read from the server's own classes, so they cannot drift; the
     * short statements are MessageStore's and ConversationStore's, copied.
     */
    static String sendSql(int senders) throws Exception {
        String json = field("app.tandem.messaging.ConversationStore", "MESSAGE_JSON");
        String fromMessage = field("app.tandem.messaging.MessageStore", "FROM_MESSAGE");
        String announceLive = field("app.tandem.messaging.ConversationEventStore", "ANNOUNCE");
        String outbox = field("app.tandem.push.OutboxStore", "INSERT");
        Class<?> access = Class.forName("app.tandem.access.Access");
        Class<?> action = Class.forName("app.tandem.access.Access$Action");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object message = Enum.valueOf((Class) action, "MESSAGE");
        String grants = (String) access.getMethod("grants", action, String.class).invoke(null, message, "r");
        String relationship = (String) access.getMethod("relationshipOf", String.class, String.class, String.class)
                .invoke(null, "bumped.user_id", "c.pupil_id", "r");
        // The app's parameters are plain values; pgbench can only make numbers, so one small query
        // first turns the family's number into its ids (a round trip the server does not make).
        String conv = "(:conv)::uuid";
        String sender = "(:sender)::uuid";
        String client = ":client";
        String[] live = {"'message.created'", conv, "(:id)::uuid", sender, "(:last_seq)::bigint", "now()"};
        for (int i = live.length; i >= 1; i--) announceLive = announceLive.replace("$" + i, live[i - 1]);
        return String.join(
                "\n",
                "\\set f random(1, " + senders + ")",
                "\\set r random(1, 9000000000000000)",
                "SELECT '0f000000-0000-4000-8000-' || lpad(to_hex((:f)::int), 12, '0') AS conv,"
                        + " '0e100000-0000-4000-8000-' || lpad(to_hex((:f)::int), 12, '0') AS sender,"
                        + " 'pgbench-' || :r AS client",
                "\\gset",
                oneLine("SELECT c.id, c.pupil_id, c.school_id, c.last_seq, cp.user_id IS NOT NULL AS member,"
                        + " coalesce(cp.delivered_seq, 0) AS delivered_seq FROM conversation c LEFT JOIN"
                        + " conversation_participant cp ON cp.conversation_id = c.id AND cp.user_id = " + sender
                        + " WHERE c.id = " + conv + ";"),
                oneLine("SELECT " + json + " AS message" + fromMessage + "WHERE m.sender_id = " + sender
                        + " AND m.client_message_id = " + client + ";"),
                "BEGIN;",
                oneLine("UPDATE conversation c SET last_seq = c.last_seq + 1, last_message_at = now() FROM school s"
                        + " WHERE c.id = " + conv + " AND s.id = c.school_id"
                        + " RETURNING c.last_seq, c.school_id, s.time_zone, s.office_hours"),
                "\\gset",
                oneLine("INSERT INTO message (conversation_id, school_id, seq, sender_id, client_message_id, text, sent_at)"
                        + " VALUES (" + conv + ", (:school_id)::uuid, (:last_seq)::bigint, " + sender + ", " + client
                        + ", 'How today went.', now()) RETURNING id"),
                "\\gset",
                oneLine("WITH bumped AS (UPDATE conversation_participant SET unread = unread + 1 WHERE conversation_id = "
                        + conv + " AND user_id <> " + sender + " RETURNING user_id)"
                        + " SELECT c.school_id AS to_school, r.person_id, r.relationship = 'parent' AS parent"
                        + " FROM bumped JOIN conversation c ON c.id = " + conv + ", " + relationship + " WHERE "
                        + grants),
                "\\gset",
                oneLine(waking(outbox + " SELECT (:school_id)::uuid, t.user_id, 'message', " + conv
                                        + ", false, 'conversation-' || " + conv + ", now(), t.due"
                                        + " FROM unnest(ARRAY[(:person_id)::uuid], ARRAY[now()]::timestamptz[]) AS t (user_id, due)")
                                .replace("$6", "now()")
                        + ";"),
                oneLine(announceLive + ";"),
                oneLine("SELECT " + json + " AS message" + fromMessage + "WHERE m.id = (:id)::uuid AND m.conversation_id = " + conv
                        + ";"),
                "COMMIT;",
                "");
    }

    /**
     * getViewsForReview's statement as the server runs it for one pupil and no meeting named (the
     * views since the last review, until now), read from the server's own class, as a pgbench script.
     */
    static String viewsSql(String pupilId) throws Exception {
        return oneLine(field("app.tandem.voice.ReviewPackStore", "VIEWS_SINCE_LAST_REVIEW")
                        .replace("$1", "'" + pupilId + "'::uuid")
                        .replace("$2", "now()"))
                + ";\n";
    }

    /** The outbox insert as the server wraps it (waking every replica's dispatcher when due now). */
    static String waking(String insert) throws Exception {
        var waking = Class.forName("app.tandem.push.OutboxStore").getDeclaredMethod("waking", String.class);
        waking.setAccessible(true);
        return (String) waking.invoke(null, insert);
    }

    static String field(String className, String name) throws Exception {
        var f = Class.forName(className).getDeclaredField(name);
        f.setAccessible(true);
        return (String) f.get(null);
    }

    /** pgbench reads one statement per line unless it ends in a semicolon later; keep each on one line. */
    static String oneLine(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
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

    /** Parents racing for 30 slots: how many booked, how many were told the slot had gone, p50/p99. */
    static void race(int port, String tokensFile) throws Exception {
        List<String> tokens = java.nio.file.Files.readAllLines(java.nio.file.Path.of(tokensFile)).stream()
                .map(line -> line.split(" ")[0])
                .toList();
        String firstPupil = String.format("0a000000-0000-4000-8000-%012x", 1);
        RequestOptions list = new RequestOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/v1/pupils/" + firstPupil + "/slots")
                .putHeader("Authorization", "Bearer " + tokens.get(0));
        JsonObject slots = http.request(list)
                .compose(request -> request.send())
                .compose(response -> response.body())
                .map(b -> b.toJsonObject())
                .await();
        List<String> ids = slots.getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("slotId"))
                .filter(id -> slots.getJsonArray("items").stream()
                        .anyMatch(x -> ((JsonObject) x).getString("slotId").equals(id)
                                && ((JsonObject) x).getString("roundId").equals("0e300000-0000-4000-8000-000000000001")))
                .limit(30)
                .toList();
        if (ids.size() < 30) throw new IllegalStateException("the bench round has " + ids.size() + " slots");
        // Each parent has the app open on the slots first, as they would, and the client has sent a
        // booking each that the server refuses (a minute after a slot: never offered): connections are
        // made and both ends are warm, so what is timed is the race, not the load generator starting.
        String[] first = new String(java.util.Base64.getUrlDecoder().decode(ids.get(0))).split(":");
        String never = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((first[0] + ":" + (Long.parseLong(first[1]) + 60)).getBytes());
        List<Future<?>> warm = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String pupil = String.format("0a000000-0000-4000-8000-%012x", i + 1);
            warm.add(send(port, HttpMethod.GET, "/v1/pupils/" + pupil + "/slots", tokens.get(i), null));
            warm.add(send(port, HttpMethod.POST, "/v1/meetings", tokens.get(i), booking(pupil, never)));
        }
        Future.join(warm).otherwiseEmpty().await();
        // Then every parent presses "book" at the same moment.
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime(), wallBefore = System.nanoTime();
        ConcurrentLinkedQueue<long[]> results = new ConcurrentLinkedQueue<>();
        List<Future<?>> racing = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            long start = System.nanoTime();
            racing.add(send(port, HttpMethod.POST, "/v1/meetings", tokens.get(i),
                            booking(String.format("0a000000-0000-4000-8000-%012x", i + 1), ids.get(i % ids.size())))
                    .andThen(done -> results.add(done.succeeded()
                            ? new long[] {done.result(), (System.nanoTime() - start) / 1_000_000}
                            : new long[] {-1, 0})));
        }
        Future.join(racing).otherwiseEmpty().await();
        long clientCpu = (os.getProcessCpuTime() - cpuBefore) / 1_000_000, wall = (System.nanoTime() - wallBefore) / 1_000_000;
        List<Long> times = results.stream().map(r -> r[1]).sorted().toList();
        long booked = results.stream().filter(r -> r[0] == 201).count();
        long gone = results.stream().filter(r -> r[0] == 409).count();
        System.out.printf(
                "parents=%d booked=%d slot_gone=%d errors=%d p50_ms=%d p99_ms=%d all_ms=%d client_cpu_ms=%d%n",
                tokens.size(), booked, gone, tokens.size() - booked - gone, pct(times, 50), pct(times, 99), wall, clientCpu);
    }

    /**
     * A stand-in for FCM's HTTP v1 send on loopback that accepts every message, and a whole-school
     * notice from the SENCO: the time from the request to the last bench device's push accepted.
     */
    /** A Firebase service account with a fresh RSA key, trading its tokens at the stand-in. */
    static void serviceAccount(int fcmPort, String file) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        java.nio.file.Files.writeString(
                java.nio.file.Path.of(file),
                new JsonObject()
                        .put("type", "service_account")
                        .put("project_id", "bench")
                        .put("private_key_id", "bench")
                        .put("private_key", pem)
                        .put("client_email", "tandem@bench.iam.gserviceaccount.com")
                        .put("client_id", "1")
                        .put("token_uri", "http://127.0.0.1:" + fcmPort + "/token")
                        .encode());
    }

    /** One notice's pushes as the FCM stand-in sees them. */
    record NoticeRound(AtomicInteger accepted, CompletableFuture<Long> first, CompletableFuture<Long> last) {
        NoticeRound() {
            this(new AtomicInteger(), new CompletableFuture<>(), new CompletableFuture<>());
        }
    }

    /**
     * A whole-school urgent notice, timed from the request to the stand-in accepting the last push.
     * A first notice warms the push path up (a replica that has been sending messages has it warm),
     * and the second is the one measured.
     */
    static void notice(int port, int fcmPort, int devices) throws Exception {
        java.util.concurrent.atomic.AtomicReference<NoticeRound> round =
                new java.util.concurrent.atomic.AtomicReference<>(new NoticeRound());
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    if (request.path().equals("/token")) {
                        // The service account's token_uri: any signed assertion gets a token.
                        request.response()
                                .putHeader("Content-Type", "application/json")
                                .end("{\"access_token\":\"bench\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                        return;
                    }
                    String token = new JsonObject(body.toString())
                            .getJsonObject("message")
                            .getString("token", "");
                    if (token.startsWith("bench-device-")) {
                        NoticeRound r = round.get();
                        int n = r.accepted().incrementAndGet();
                        if (n == 1) r.first().complete(System.nanoTime());
                        if (n == devices) r.last().complete(System.nanoTime());
                    }
                    request.response()
                            .putHeader("Content-Type", "application/json")
                            .end(new JsonObject()
                                    .put("name", "projects/bench/messages/" + UUID.randomUUID())
                                    .encode());
                }))
                .listen(fcmPort, "127.0.0.1")
                .await();
        String senco = login(port, "senco@example.org");
        String line = null;
        for (String title : List.of("Sports day moved", "School closed tomorrow")) {
            NoticeRound r = new NoticeRound();
            round.set(r);
            long start = System.nanoTime();
            Answer sent = post(
                    port,
                    "/v1/notices",
                    senco,
                    new JsonObject()
                            .put("title", title)
                            .put("body", "The heating has failed; the school is closed tomorrow.")
                            .put("audience", new JsonObject().put("type", "school"))
                            .put("urgent", true));
            if (sent.status() != 201) throw new IllegalStateException("notice: " + sent.body());
            long answered = (System.nanoTime() - start) / 1_000_000;
            Long done = null;
            try {
                done = r.last().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException ex) {
                // reported below as the pushes still missing
            }
            line = String.format(
                    "answered_ms=%d first_ms=%d pushed=%d missing=%d last_ms=%d",
                    answered,
                    r.first().isDone() ? (r.first().join() - start) / 1_000_000 : -1,
                    r.accepted().get(),
                    devices - Math.min(devices, r.accepted().get()),
                    done == null ? -1 : (done - start) / 1_000_000);
        }
        System.out.println(line);
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
                // A handshake refused because the replica is at its socket limit is a refusal, like 1013.
                int status = connected.cause() instanceof io.vertx.core.http.UpgradeRejectedException rejected
                        ? rejected.getStatus()
                        : -1;
                result.complete(new Opened(null, -1, status));
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
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillOpening) {
            // reported: a socket neither ready nor closed after two minutes counts as failed
        }
        return all.stream()
                .map(f -> f.isDone() ? f.join() : new Opened(null, -1, 0))
                .toList();
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
        long refused = opened.stream()
                .filter(o -> o.closeCode() == 1011 || o.closeCode() == 1013 || o.closeCode() == 503)
                .count();
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

    static JsonObject booking(String pupilId, String slotId) {
        return new JsonObject().put("pupilId", pupilId).put("slotId", slotId).put("note", "Bench booking");
    }

    /** A request sent without waiting for it: its status when the whole answer has arrived. */
    static Future<Integer> send(int port, HttpMethod method, String path, String token, JsonObject body) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(path)
                .putHeader("Authorization", "Bearer " + token);
        if (body != null) options.putHeader("Content-Type", "application/json");
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
                .compose(response -> response.body().map(b -> response.statusCode()));
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /**
     * One family's subject access export: asked for, built and downloaded, timed; the replica's old
     * generation (Micrometer's `jvm_memory_used_bytes`, G1 Old Gen: where anything held a while, and
     * any large array at once, lands) sampled every 50 ms from before asking to after the download,
     * so what the export holds in memory shows against the file's size.
     */
    static void export(int port, int managementPort, String email, String pupil) throws Exception {
        String token = login(port, email);
        long before = liveHeap(managementPort);
        long[] peak = {before};
        java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    peak[0] = Math.max(peak[0], liveHeap(managementPort));
                    Thread.sleep(50);
                } catch (Exception stop) {
                    return;
                }
            }
        });
        sampler.start();
        long asked = System.nanoTime();
        Answer request = post(port, "/v1/subject-access-requests", token, new JsonObject().put("pupilId", pupil));
        if (request.status() != 201) throw new IllegalStateException("export: " + request.body());
        String id = request.body().getString("id");
        JsonObject ready = null;
        for (int i = 0; i < 1200 && ready == null; i++) {
            Thread.sleep(100);
            JsonObject list = get(port, "/v1/subject-access-requests", token);
            for (Object o : list.getJsonArray("items")) {
                JsonObject r = (JsonObject) o;
                if (r.getString("id").equals(id) && "ready".equals(r.getString("status"))) ready = r;
            }
        }
        if (ready == null) throw new IllegalStateException("export " + id + " was not built in two minutes");
        long built = System.nanoTime();
        RequestOptions download = new RequestOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/v1/subject-access-requests/" + id + "/export")
                .putHeader("Authorization", "Bearer " + token);
        long[] bytes = {0};
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        http.request(download)
                .compose(r -> r.send())
                .compose(response -> {
                    response.handler(b -> {
                        bytes[0] += b.length();
                        sha.update(b.getBytes());
                    });
                    return response.end();
                })
                .await();
        long downloaded = System.nanoTime();
        sampling.set(false);
        sampler.join();
        boolean whole = java.util.HexFormat.of().formatHex(sha.digest()).equals(ready.getString("sha256"))
                && bytes[0] == ready.getLong("sizeBytes");
        System.out.printf(
                "built_ms=%d download_ms=%d mib=%.1f old_before_mib=%d old_peak_mib=%d whole=%s%n",
                (built - asked) / 1_000_000,
                (downloaded - built) / 1_000_000,
                bytes[0] / 1048576.0,
                before >> 20,
                peak[0] >> 20,
                whole);
        vertx.close();
    }

    static JsonObject get(int port, String path, String token) {
        RequestOptions options = new RequestOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(path)
                .putHeader("Authorization", "Bearer " + token);
        return http.request(options)
                .compose(r -> r.send())
                .compose(response -> response.body())
                .map(b -> b.toJsonObject())
                .await();
    }

    /** The replica's old generation in use now, in bytes, from its metrics. */
    static long liveHeap(int managementPort) {
        String metrics = http.request(new RequestOptions()
                        .setHost("127.0.0.1")
                        .setPort(managementPort)
                        .setURI("/metrics"))
                .compose(r -> r.send())
                .compose(response -> response.body())
                .map(b -> b.toString())
                .await();
        long used = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("Old Gen")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }
}
