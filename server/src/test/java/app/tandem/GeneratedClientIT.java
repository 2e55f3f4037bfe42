package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.platform.Digests;
import app.tandem.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript client the phone app's developers generate from the contract, run (not only
 * compiled) against the packaged server with `--demo`: a parent's and a SENCO's journeys in
 * `src/test/client/journey.cjs`, every JSON answer checked against the contract, files compared by
 * SHA-256 after going through the client as Blobs.
 */
class GeneratedClientIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Path CLIENT = Path.of(
                    "..", "mobile-api-spec", "target", "generated-clients", "typescript-fetch", "dist", "index.js")
            .toAbsolutePath()
            .normalize();

    @Test
    void aParentAndASencoUseTheGeneratedClientAndEveryAnswerIsWhatItsTypesSay() throws Exception {
        assertTrue(Files.exists(CLIENT), "the generated client is built by mobile-api-spec first: " + CLIENT);
        Path work = Path.of(System.getProperty("tandem.test.dir", "target/it-data"), "client-" + UUID.randomUUID())
                .toAbsolutePath();
        Path npm = work.resolve("npm");
        // The checker's libraries, from the npm registry at fixed versions.
        run(
                work,
                Map.of(),
                Duration.ofMinutes(3),
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                npm.toString(),
                "ajv@8.17.1",
                "ajv-formats@3.0.1",
                "js-yaml@4.1.0");
        String recording = HexFormat.of()
                .formatHex(Digests.sha256(Files.readAllBytes(Path.of("src/main/resources/demo/amara-view.ogg"))));
        try (ServerProcess server =
                ServerProcess.start(work, Map.of(), "--demo").awaitReady(START)) {
            String out = run(
                    Path.of("").toAbsolutePath(),
                    Map.of("NODE_PATH", npm.resolve("node_modules").toString()),
                    Duration.ofMinutes(2),
                    "node",
                    "src/test/client/journey.cjs",
                    "http://127.0.0.1:" + server.port,
                    CLIENT.toString(),
                    Path.of("..", "mobile-api-spec", "openapi.yaml")
                            .toAbsolutePath()
                            .normalize()
                            .toString(),
                    recording);
            assertTrue(out.contains("journeys done"), out);
        }
    }

    /** Runs a command to its end within the time given; its output, or a failure with it. */
    private static String run(Path dir, Map<String, String> env, Duration limit, String... command)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = Files.createTempFile(dir.getParent() == null ? dir : dir, "run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean ended = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!ended) process.destroyForcibly();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, String.join(" ", command) + " did not finish in " + limit + ":\n" + out);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
