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
        if (secret == null || code == null || !code.matches("\\d{6}")) return false;
        for (int step = -1; step <= 1; step++) {
            if (code(secret, now.plus(GENERATOR.getTimeStep().multipliedBy(step)))
                    .equals(code)) return true;
        }
        return false;
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
