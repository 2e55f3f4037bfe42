package app.tandem.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged server jar run as an operator would run it, in its own process. */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    public final int port;

    private ServerProcess(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    public static ServerProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(workDir);
        int port = env.containsKey("TANDEM_HTTP_PORT") ? Integer.parseInt(env.get("TANDEM_HTTP_PORT")) : freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TANDEM_") || k.equals("DATABASE_URL"));
        builder.environment().put("TANDEM_HTTP_PORT", Integer.toString(port));
        builder.environment().put("TANDEM_DATA_DIR", workDir.resolve("data").toString());
        builder.environment().putAll(env);
        Path out = Files.createTempFile(workDir, "stdout-", ".log");
        Path err = Files.createTempFile(workDir, "stderr-", ".log");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new ServerProcess(builder.start(), out, err, port);
    }

    /** Polls readiness until it answers 200, or fails with what the server printed. */
    public ServerProcess awaitReady(Duration timeout) {
        Await.until(() -> "server ready in " + timeout + ": " + stdout(), timeout, () -> {
            if (!process.isAlive())
                throw new AssertionError("server exited " + process.exitValue() + ": " + stderr() + stdout());
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready")
                        .toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                return c.getResponseCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return this;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process dies on the spot, mid-whatever, as on a lost node. */
    public void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server did not exit within " + timeout);
        }
        return process.exitValue();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** SIGTERM first, so the server stops its embedded PostgreSQL; force only if it does not exit. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (process.waitFor(20, TimeUnit.SECONDS)) return;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    public static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** Distinct free ports: each socket stays open until all are chosen, so none is handed out twice. */
    public static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) if (socket != null) socket.close();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        String jar = System.getProperty("tandem.jar", "target/tandem-server.jar");
        if (!Files.exists(Path.of(jar))) throw new IllegalStateException("package the server first: " + jar);
        return jar;
    }
}
