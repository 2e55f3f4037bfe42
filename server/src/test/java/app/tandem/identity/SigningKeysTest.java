package app.tandem.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.platform.ConfigException;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing keys come from configuration, or are generated once and kept private in the data folder. */
class SigningKeysTest {

    @Test
    void aGeneratedKeySetIsAccepted() throws Exception {
        String set = SigningKeys.newKeySet();
        String kid = JWKSet.parse(set).getKeys().get(0).getKeyID();
        assertEquals(
                kid, SigningKeys.parse("TANDEM_JWT_KEYS", set, kid).active().getKeyID());
    }

    @Test
    void publicOnlyKeysUnknownActiveKidAndGarbageAreRefusedByName() throws Exception {
        String publicOnly =
                JWKSet.parse(SigningKeys.newKeySet()).toPublicJWKSet().toString();
        assertTrue(assertThrows(ConfigException.class, () -> SigningKeys.parse("TANDEM_JWT_KEYS", publicOnly, null))
                .getMessage()
                .startsWith("TANDEM_JWT_KEYS:"));
        assertTrue(assertThrows(
                        ConfigException.class,
                        () -> SigningKeys.parse("TANDEM_JWT_KEYS", SigningKeys.newKeySet(), "nope"))
                .getMessage()
                .startsWith("TANDEM_JWT_ACTIVE_KID:"));
        assertTrue(assertThrows(ConfigException.class, () -> SigningKeys.parse("TANDEM_JWT_KEYS", "{not json", null))
                .getMessage()
                .startsWith("TANDEM_JWT_KEYS:"));
    }

    @Test
    void withoutConfigurationAKeyIsGeneratedOnceAndKeptPrivate(@TempDir Path dir) throws Exception {
        var settings = app.tandem.platform.AppConfig.fromEnvironment(java.util.Map.of())
                .auth();
        String first = SigningKeys.load(settings, dir).active().getKeyID();
        Path file = dir.resolve(SigningKeys.GENERATED_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first, SigningKeys.load(settings, dir).active().getKeyID(), "the same key after a restart");
    }
}
