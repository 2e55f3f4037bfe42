package app.tandem.identity;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/** RFC 6238 time-based one-time passwords (30 s, 6 digits, SHA-1: what authenticator apps expect). */
final class Totp {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator();

    private Totp() {}

    static String newSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return new Base32().encodeToString(secret).replace("=", "");
    }

    static String uri(String secret, String account) {
        String label =
                URLEncoder.encode("Tandem:" + account, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=Tandem&algorithm=SHA1&digits=6&period=30";
    }

    /** Accepts the code for now, or for one step either side (phones' clocks drift). */
    static boolean verify(String secret, String code, Instant now) {
        return step(secret, code, now) >= 0;
    }

    /**
     * The time step (seconds since the epoch / 30) the code belongs to, now or one step either side;
     * -1 when it matches none. The caller spends the step so the code works once (RFC 6238 5.2).
     */
    static long step(String secret, String code, Instant now) {
        if (secret == null || code == null || !code.matches("\\d{6}")) return -1;
        long seconds = GENERATOR.getTimeStep().toSeconds();
        for (int offset = -1; offset <= 1; offset++) {
            Instant at = now.plusSeconds(seconds * offset);
            if (code(secret, at).equals(code)) return at.getEpochSecond() / seconds;
        }
        return -1;
    }

    static String code(String secret, Instant at) {
        try {
            SecretKeySpec key = new SecretKeySpec(new Base32().decode(secret), GENERATOR.getAlgorithm());
            return GENERATOR.generateOneTimePasswordString(key, at);
        } catch (InvalidKeyException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
