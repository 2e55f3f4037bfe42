package app.tandem.soak;

import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `bench/soak`: a busy school day with failures, measured. Two replicas on one PostgreSQL carry a
 * school morning (see {@link Traffic}) with 2,000 live sockets for 10 minutes, and meanwhile one
 * replica is killed with SIGKILL and started again, PostgreSQL is restarted, FCM refuses connections
 * for 30 seconds and the SMTP server is down for 60. Then everything owed is let through (bounded)
 * and the {@link Ledger} is read. Prints requests, the 5xx rate, p99 per kind and the ledger; exits
 * 1 on anything lost or duplicated. Loopback only, bounded in time.
 *
 * <p>Settings (environment): SOAK_SECONDS (600), SOAK_USERS (16 at once), SOAK_FAMILIES (200 signed
 * in), SOAK_SOCKETS (2,000), SOAK_TEACHERS (20).
 */
public final class Soak {
    static final Pattern LINK = Pattern.compile("/s/([A-Za-z0-9_-]{43})");
    static final Pattern CODE = Pattern.compile("(?s)shared with you by .*?:\\s+(\\S+)\\s");

    private Soak() {}

    public static void main(String[] args) throws Exception {
        Duration length = Duration.ofSeconds(setting("SOAK_SECONDS", 600));
        int users = setting("SOAK_USERS", 16);
        int familyCount = setting("SOAK_FAMILIES", 200);
        int socketCount = setting("SOAK_SOCKETS", 2000);
        int teacherCount = setting("SOAK_TEACHERS", 20);
        Path work = Files.createTempDirectory("tandem-soak-");
        int exit;
        long t0 = System.nanoTime();
        try (Cluster cluster = Cluster.start(work);
                LiveSockets live = new LiveSockets(cluster.ports)) {
            // Stopped early (Ctrl-C): the replicas and PostgreSQL stop with it.
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
            say(t0, "two replicas on one PostgreSQL, the bench school seeded");
            Client client = new Client(cluster.ports);
            Traffic traffic = signIn(client, familyCount, teacherCount);
            say(t0, familyCount + " families and " + teacherCount + " teachers signed in");
            for (int i = 0; i < socketCount; i++) {
                Traffic.Family f = traffic.families.get(i % familyCount);
                live.open(f.parent(), f.token(), i % 2);
                if (i % 10 == 9) Thread.sleep(20); // 500 a second
            }
            until("every socket ready", Duration.ofSeconds(120), () -> live.ready() == socketCount);
            say(t0, live.ready() + " sockets ready");
            Instant started = databaseNow(cluster);
            exit = run(cluster, traffic, live, length, users, started, t0);
        }
        System.exit(exit);
    }

    private static int run(
            Cluster cluster, Traffic traffic, LiveSockets live, Duration length, int users, Instant started, long t0)
            throws Exception {
        long end = System.nanoTime() + length.toNanos();
        ExecutorService morning = Executors.newFixedThreadPool(users);
        for (int u = 0; u < users; u++)
            morning.submit(() -> {
                while (System.nanoTime() < end) traffic.step();
            });
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(16);
        long l = length.toMillis();
        List<String> faults = new ArrayList<>();
        at(clock, l / 5, () -> {
            cluster.killReplica(1);
            faults.add(say(t0, "replica B killed (SIGKILL)"));
        });
        at(clock, l / 4, () -> {
            cluster.restartReplica(1);
            faults.add(say(t0, "replica B started again and ready"));
        });
        at(clock, l * 2 / 5, () -> {
            cluster.restartDatabase();
            faults.add(say(t0, "PostgreSQL restarted"));
        });
        at(clock, l * 11 / 20, () -> {
            cluster.fcm.refuseConnectionsFor(Duration.ofSeconds(30));
            faults.add(say(t0, "FCM refusing connections for 30 s"));
        });
        at(clock, l * 7 / 10, () -> {
            cluster.smtpDown();
            faults.add(say(t0, "SMTP server down for 60 s"));
        });
        at(clock, l * 7 / 10 + 60_000, () -> {
            cluster.smtpUp();
            faults.add(say(t0, "SMTP server back"));
        });
        for (long at = l / 10; at < l; at += l / 5) at(clock, at, traffic::wholeSchoolNotice);
        AtomicInteger exported = new AtomicInteger(-1);
        at(clock, l * 3 / 20, () -> exported.set(traffic.export() ? 1 : 0));
        for (long at = 15_000; at < l; at += 30_000) at(clock, at, () -> traffic.share(LEOS_PLAN));
        Set<String> opened = new HashSet<>();
        clock.scheduleWithFixedDelay(() -> openShares(cluster, traffic, opened), 5, 5, TimeUnit.SECONDS);
        morning.shutdown();
        morning.awaitTermination(l + 120_000, TimeUnit.MILLISECONDS);
        say(t0, "the morning is over; letting everything owed through");
        until(
                "everything owed let through",
                Duration.ofSeconds(300),
                () -> drained(cluster, live, started)
                        && opened.size() == traffic.shareRecipients.size()
                        && exported.get() >= 0);
        clock.shutdownNow();
        List<Ledger.Line> ledger = Ledger.check(cluster, traffic, live, started);
        return Report.print(traffic, live, ledger, faults, opened.size(), exported.get() == 1, length);
    }

    static final String LEOS_PLAN = "0d000000-0000-4000-8000-000000000b11";

    /** The outside professional reads each share's two emails and opens it (once each). */
    private static void openShares(Cluster cluster, Traffic traffic, Set<String> opened) {
        try {
            for (String recipient : traffic.shareRecipients) {
                if (opened.contains(recipient)) continue;
                String token = null, code = null;
                for (MimeMessage m : cluster.mail()) {
                    if (!m.getAllRecipients()[0].toString().equals(recipient)) continue;
                    String text = m.getContent().toString();
                    Matcher link = LINK.matcher(text);
                    Matcher c = CODE.matcher(text);
                    if (link.find()) token = link.group(1);
                    else if (c.find()) code = c.group(1);
                }
                if (token != null && code != null && traffic.openShare(token, code)) opened.add(recipient);
            }
        } catch (Exception ex) {
            System.out.println("opening shares: " + ex);
        }
    }

    /** Nothing left to send: no push or email waiting, every socket open and quiet for five seconds. */
    private static boolean drained(Cluster cluster, LiveSockets live, Instant started) {
        try (Connection db = cluster.jdbc();
                Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM notification_outbox WHERE sent_at IS NULL"
                        + " AND given_up_at IS NULL AND due_at <= now() AND created_at >= '" + started + "')"
                        + " + (SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND given_up_at IS NULL"
                        + " AND created_at >= '" + started + "')")) {
            r.next();
            return r.getLong(1) == 0
                    && live.ready() == live.phones.size()
                    && System.nanoTime() - live.lastFrameAt.get() > 5_000_000_000L;
        } catch (Exception databaseNotBackYet) {
            return false;
        }
    }

    private static Traffic signIn(Client client, int familyCount, int teacherCount) throws Exception {
        String senco = login(client, "senco@example.org");
        Map<Integer, String> teachers = new java.util.concurrent.ConcurrentHashMap<>();
        List<Traffic.Family> families = new ArrayList<>();
        for (int i = 0; i < familyCount; i++) families.add(null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 1; t <= teacherCount; t++) {
            int n = t;
            pool.submit(() -> teachers.put(n, login(client, "bench-teacher-" + n + "@example.org")));
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        pool = Executors.newFixedThreadPool(4);
        for (int f = 1; f <= familyCount; f++) {
            int n = f;
            pool.submit(() -> families.set(
                    n - 1,
                    new Traffic.Family(
                            n,
                            UUID.fromString(String.format("0e100000-0000-4000-8000-%012x", n)),
                            login(client, "bench-parent-" + n + "@example.org"),
                            String.format("0a000000-0000-4000-8000-%012x", n),
                            String.format("0f000000-0000-4000-8000-%012x", n),
                            teachers.get(1 + n % 60))));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        String code = client.post("setup", "/v1/pupils/" + Traffic.AMARA + "/pairing-codes", senco, null)
                .json()
                .getString("code");
        String pupil = client.post("setup", "/v1/auth/pairing/redeem", null, new JsonObject().put("code", code))
                .json()
                .getString("accessToken");
        return new Traffic(client, families, senco, pupil, login(client, "parent@example.org"));
    }

    private static String login(Client client, String email) {
        Client.Answer answer = client.post(
                "setup",
                "/v1/auth/login",
                null,
                new JsonObject().put("email", email).put("password", "tandem-demo-1"));
        if (!answer.ok()) throw new IllegalStateException("login " + email + ": " + answer.status());
        return answer.json().getString("accessToken");
    }

    private static Instant databaseNow(Cluster cluster) throws Exception {
        try (Connection db = cluster.jdbc();
                Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT now()")) {
            r.next();
            return r.getTimestamp(1).toInstant();
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static void at(ScheduledExecutorService clock, long millis, Step step) {
        clock.schedule(
                () -> {
                    try {
                        step.run();
                    } catch (Exception | Error ex) {
                        System.out.println("scheduled step failed: " + ex);
                    }
                },
                millis,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the condition (the tests' `Await`), at most `limit`; past it the run goes on, and
     * whatever is still owed shows in the ledger as lost.
     */
    private static void until(String what, Duration limit, java.util.function.BooleanSupplier done) {
        try {
            app.tandem.testing.Await.until(what, limit, done);
        } catch (AssertionError notInTime) {
            System.out.println("not in time: " + what);
        }
    }

    static String say(long t0, String what) {
        String line = String.format("%6.1f s  %s", (System.nanoTime() - t0) / 1e9, what);
        System.out.println(line);
        return line;
    }

    private static int setting(String name, int otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : Integer.parseInt(value);
    }
}
