package app.tandem.platform;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, for files kept (so a copy can be checked) and for the hashes of link tokens and codes. */
public final class Digests {
    private Digests() {}

    public static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    /** A digest to feed as bytes go by (a file written in chunks). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java has SHA-256", ex);
        }
    }
}
