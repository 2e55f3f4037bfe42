package app.tandem.identity;

import app.tandem.platform.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** NCSC / NIST style: long enough, and not one of the passwords attackers try first. */
final class PasswordPolicy {
    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {}

    static void check(String field, String password, String email) {
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw Problem.invalid(field, "Use at least " + MIN_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)
                || (email != null
                        && lower.contains(email.split("@")[0].toLowerCase(Locale.ROOT))
                        && email.indexOf('@') > 3)) {
            throw Problem.invalid(field, "This password is too easy to guess. Try three random words.");
        }
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                PasswordPolicy.class.getClassLoader().getResourceAsStream("identity/common-passwords.txt"),
                StandardCharsets.UTF_8))) {
            in.lines()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(l -> words.add(l.toLowerCase(Locale.ROOT)));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return words;
    }
}
