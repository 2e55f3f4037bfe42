package app.tandem.platform;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, for files kept (so a copy can be checked) and for the hashes of link tokens and codes. */
public final class Digests {
    private Digests() {}

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java has SHA-256", ex);
        }
    }
}
