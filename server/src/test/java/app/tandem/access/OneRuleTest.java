package app.tandem.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules owned once stay owned once: only the directory (which keeps the flag) and the access
 * view read a parent link's block, and only push writes its outbox. A new query that copies either
 * rule fails here, before it can disagree with the original.
 */
class OneRuleTest {
    private static final Path MAIN = Path.of("src/main/java/app/tandem");

    @Test
    void onlyTheDirectoryTouchesTheContactBlockedFlagAndOnlyTheAccessViewReadsIt() {
        assertEquals(List.of("directory/DirectoryStore.java"), filesMentioning("contact_blocked"));
    }

    @Test
    void onlyPushWritesTheNotificationOutbox() {
        List<String> writers = filesMentioning("notification_outbox").stream()
                .filter(f -> !f.startsWith("push/"))
                .toList();
        assertEquals(List.of(), writers);
    }

    private static List<String> filesMentioning(String word) {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains(word))
                    .map(f -> MAIN.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
