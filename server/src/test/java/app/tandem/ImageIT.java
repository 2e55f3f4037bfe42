package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * The container image Jib builds (here from an empty base, so no registry is needed): it runs as a
 * non-root user, keeps its data on a volume, sizes the JVM by the container, and puts the
 * dependencies in layers of their own.
 */
class ImageIT {
    private static final Path TAR = Path.of("target/jib-image-check.tar");

    @Test
    void theImageRunsAsNonRootWithItsDataOnAVolumeAndTheJvmSizedByTheContainer() throws Exception {
        JsonObject config = null;
        JsonArray manifest = null;
        try (InputStream file = Files.newInputStream(TAR);
                TarArchiveInputStream tar = new TarArchiveInputStream(file)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("config.json"))
                    config = new JsonObject(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                if (entry.getName().equals("manifest.json"))
                    manifest = new JsonArray(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertNotNull(config, "config.json in " + TAR);
        JsonObject container = config.getJsonObject("config");
        assertEquals("65532:65532", container.getString("User"));
        assertTrue(container.getJsonArray("Env").contains("TANDEM_DATA_DIR=/var/lib/tandem"));
        assertTrue(container.getJsonObject("Volumes").containsKey("/var/lib/tandem"));
        assertTrue(container.getJsonArray("Entrypoint").contains("-XX:MaxRAMPercentage=75"));
        assertTrue(container.getJsonArray("Entrypoint").contains("app.tandem.Main"));
        assertTrue(
                manifest.getJsonObject(0).getJsonArray("Layers").size() >= 3,
                "dependencies, resources and classes in layers of their own");
    }
}
