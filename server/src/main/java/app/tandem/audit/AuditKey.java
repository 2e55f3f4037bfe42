package app.tandem.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key the audit chain is sealed with. It lives outside the database (TANDEM_AUDIT_KEY, from a
 * secret), so someone who can rewrite rows cannot re-seal them. With none configured (local and demo
 * use) one is generated and kept in the data folder, which suits one replica only.
 */
public final class AuditKey {
    private static final Logger log = LoggerFactory.getLogger(AuditKey.class);
    public static final String GENERATED_FILE = "audit-key";

    private final byte[] key;

    private AuditKey(byte[] key) {
        this.key = key;
    }

    byte[] bytes() {
        return key.clone();
    }

    /** Blocking (may read or write a file): call on a worker. */
    public static AuditKey load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) return new AuditKey(Base64.getDecoder().decode(configured.get()));
        Path file = dataDir.resolve(GENERATED_FILE);
        try {
            if (Files.exists(file))
                return new AuditKey(
                        Base64.getDecoder().decode(Files.readString(file).strip()));
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(dataDir);
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ex) {
                // not a POSIX file system; the data folder's own permissions apply
            }
            log.warn(
                    "no TANDEM_AUDIT_KEY: generated one in {}; set it from a secret when running more than one replica",
                    file);
            return new AuditKey(key);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
