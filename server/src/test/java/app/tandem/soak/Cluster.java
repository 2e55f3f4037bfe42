package app.tandem.soak;

import app.tandem.platform.DatabaseUrl;
import app.tandem.platform.EmbeddedDatabase;
import app.tandem.testing.FcmStandIn;
import app.tandem.testing.ServerProcess;
import app.tandem.testing.Smtp;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the soak runs on, all on loopback: one PostgreSQL (the embedded one, reached by URL like an
 * external database, so it can be restarted on its own), two replicas of the packaged server, an
 * FCM stand-in and a real SMTP server (GreenMail). Each can be made to fail: a replica killed with
 * SIGKILL and started again, PostgreSQL restarted, FCM refusing connections, SMTP down.
 */
final class Cluster implements AutoCloseable {
    private final Path work;
    private final int databasePort;
    private final int smtpPort;
    final int[] ports;
    final FcmStandIn fcm = FcmStandIn.start();
    private volatile EmbeddedDatabase database;
    private volatile GreenMail smtp;
    private final List<MimeMessage> mailBeforeOutage = new ArrayList<>();
    private final Map<String, String> shared = new HashMap<>();
    private final ServerProcess[] replicas = new ServerProcess[2];
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Cluster(Path work) throws IOException {
        this.work = work;
        int[] free = ServerProcess.freePorts(4);
        databasePort = free[0];
        smtpPort = free[1];
        ports = new int[] {free[2], free[3]};
    }

    /** Starts PostgreSQL, the stand-ins and replica A with the demo school, seeds the bench school, then replica B. */
    static Cluster start(Path work) throws Exception {
        Cluster c = new Cluster(work);
        try {
            c.startAll();
        } catch (Exception | Error ex) {
            c.close();
            throw ex;
        }
        return c;
    }

    private void startAll() throws Exception {
        Cluster c = this;
        c.database = EmbeddedDatabase.start(work.resolve("database"), c.databasePort, true);
        c.smtp = Smtp.start(c.smtpPort);
        DatabaseUrl url = c.database.url(EmbeddedDatabase.DATABASE);
        c.shared.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + url.port() + "/" + url.database());
        c.shared.put("TANDEM_SMTP_HOST", "127.0.0.1");
        c.shared.put("TANDEM_SMTP_PORT", Integer.toString(c.smtpPort));
        c.shared.put("TANDEM_SMTP_TLS", "none");
        c.shared.put("TANDEM_PUBLIC_URL", "http://127.0.0.1:" + c.ports[0]);
        c.shared.put("TANDEM_LOG_LEVEL", "WARN");
        // Sign-ins made at the start outlive the run, so a socket never closes for an expired token.
        c.shared.put("TANDEM_ACCESS_TOKEN_SECONDS", "3600");
        c.shared.putAll(c.fcm.env());
        c.replicas[0] = c.startReplica(0, "--demo");
        c.seed();
        Path keys = work.resolve("replica-0/data");
        c.shared.put(
                "TANDEM_JWT_KEYS_FILE", keys.resolve("jwt-signing-keys.json").toString());
        c.shared.put(
                "TANDEM_AUDIT_KEY", Files.readString(keys.resolve("audit-key")).strip());
        c.replicas[1] = c.startReplica(1);
    }

    private ServerProcess startReplica(int i, String... args) throws IOException {
        Map<String, String> env = new HashMap<>(shared);
        env.put("TANDEM_HTTP_PORT", Integer.toString(ports[i]));
        return ServerProcess.start(work.resolve("replica-" + i), env, args).awaitReady(Duration.ofMinutes(3));
    }

    /** bench/seed.sql: 2,000 families with a year of history, a phone each. */
    private void seed() throws IOException, SQLException {
        String sql = Files.readString(Path.of("bench/seed.sql"))
                .replaceAll("(?m)^\\\\set.*$", "")
                .replace(":school", "'0d000000-0000-4000-8000-000000000010'");
        try (Connection c = jdbc();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    Connection jdbc() throws SQLException {
        DatabaseUrl url = database.url(EmbeddedDatabase.DATABASE);
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    /** SIGKILL, mid-whatever: no shutdown hook, no drain, leases left to lapse. */
    void killReplica(int i) {
        replicas[i].kill();
    }

    /**
     * Starts the replica again, as its orchestrator would: a start that fails (PostgreSQL went away
     * while it was starting, and it exits rather than run half-started) is tried again.
     */
    void restartReplica(int i) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                replicas[i] = startReplica(i);
                return;
            } catch (AssertionError exited) {
                if (attempt == 5) throw exited;
            }
        }
    }

    /**
     * PostgreSQL stopped (fast shutdown: sessions ended, a checkpoint written) and started again on
     * the same data, port and settings, by its own `pg_ctl restart`, run as the embedded server runs
     * it (in a user namespace when we are root, since PostgreSQL will not run as root).
     */
    void restartDatabase() throws IOException, InterruptedException {
        Path binaries;
        try (var found = Files.list(work.resolve("database/postgres-binaries"))) {
            binaries = found.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) command.addAll(List.of("unshare", "-U"));
        command.addAll(List.of(
                binaries.resolve("bin/pg_ctl").toString(),
                "-D",
                work.resolve("database/postgres").toString(),
                "restart",
                "-l",
                work.resolve("database/restarted.log").toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                "120"));
        // Its output to a file: the postmaster it starts would hold a pipe open for as long as it runs.
        Path output = work.resolve("database/pg_ctl.out");
        Process restart = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (restart.waitFor() != 0)
            throw new IllegalStateException("pg_ctl restart failed: " + Files.readString(output));
    }

    /** The SMTP server stops; what it received so far is kept. */
    void smtpDown() {
        synchronized (mailBeforeOutage) {
            mailBeforeOutage.addAll(Arrays.asList(smtp.getReceivedMessages()));
            smtp.stop();
        }
    }

    /** The SMTP server is back, on the same port. */
    void smtpUp() {
        synchronized (mailBeforeOutage) {
            smtp = Smtp.start(smtpPort);
        }
    }

    /** Every email the SMTP server accepted, across its outages. */
    List<MimeMessage> mail() {
        synchronized (mailBeforeOutage) {
            List<MimeMessage> all = new ArrayList<>(mailBeforeOutage);
            all.addAll(Arrays.asList(smtp.getReceivedMessages()));
            return all;
        }
    }

    boolean replicaUp(int i) {
        return replicas[i].isAlive();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (ServerProcess replica : replicas) if (replica != null) replica.close();
        fcm.close();
        if (smtp != null) smtp.stop();
        if (database != null) database.close();
    }
}
