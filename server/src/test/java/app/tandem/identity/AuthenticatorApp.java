package app.tandem.identity;

import java.time.Instant;

/** What a staff member's authenticator app shows, for tests outside this package (RFC 6238 codes). */
public final class AuthenticatorApp {
    private AuthenticatorApp() {}

    public static String code(String secret, Instant at) {
        return Totp.code(secret, at);
    }
}
