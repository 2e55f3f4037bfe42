package app.tandem.backup;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A backup file at rest: a short header (what it is, and the salt), then the backup encrypted with
 * Tink's streaming AEAD (AES-256-GCM-HKDF in 1 MiB segments, each authenticated, the header bound
 * in as associated data) under a key derived from the passphrase with Argon2id. A wrong passphrase
 * or a changed byte fails to decrypt; nothing is read unauthenticated.
 */
final class BackupCipher {
    private static final byte[] MAGIC = "TANDEM-BACKUP-1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_BYTES = 16;
    private static final int SEGMENT = 1 << 20;
    /** The least a passphrase may be: it is the only thing between the file and special category data. */
    static final int MIN_PASSPHRASE = 12;

    private BackupCipher() {}

    static OutputStream encrypting(OutputStream file, String passphrase) throws IOException {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        byte[] header = header(salt);
        file.write(header);
        try {
            return streaming(passphrase, salt).newEncryptingStream(file, header);
        } catch (GeneralSecurityException ex) {
            throw new IOException("cannot encrypt the backup: " + ex.getMessage(), ex);
        }
    }

    static InputStream decrypting(InputStream file, String passphrase) throws IOException {
        DataInputStream in = new DataInputStream(file);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new IOException("this is not a Tandem backup file");
        byte[] salt = new byte[SALT_BYTES];
        in.readFully(salt);
        try {
            return streaming(passphrase, salt).newDecryptingStream(in, header(salt));
        } catch (GeneralSecurityException ex) {
            throw new IOException("cannot decrypt the backup: " + ex.getMessage(), ex);
        }
    }

    private static byte[] header(byte[] salt) {
        byte[] header = Arrays.copyOf(MAGIC, MAGIC.length + salt.length);
        System.arraycopy(salt, 0, header, MAGIC.length, salt.length);
        return header;
    }

    private static AesGcmHkdfStreaming streaming(String passphrase, byte[] salt) throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(key(passphrase, salt), "HmacSha256", 32, SEGMENT, 0);
    }

    /** Argon2id (RFC 9106's second recommended option: 64 MiB, 3 passes). */
    private static byte[] key(String passphrase, byte[] salt) {
        Argon2BytesGenerator argon = new Argon2BytesGenerator();
        argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withSalt(salt)
                .withMemoryAsKB(64 * 1024)
                .withIterations(3)
                .withParallelism(1)
                .build());
        byte[] key = new byte[32];
        argon.generateBytes(passphrase.getBytes(StandardCharsets.UTF_8), key);
        return key;
    }
}
