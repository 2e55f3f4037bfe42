package app.tandem.identity;

import app.tandem.platform.AppConfig.AuthSettings;
import app.tandem.platform.ConfigException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign access tokens. Several may be configured: tokens are signed with the
 * active one and verified with any, so keys rotate without signing anyone out. With none
 * configured (local and demo use) one is generated and kept in the data folder.
 */
public final class SigningKeys {
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    public static final String GENERATED_FILE = "jwt-signing-keys.json";

    private final ECKey active;
    private final JWKSet verification;

    SigningKeys(ECKey active, List<ECKey> all) {
        this.active = active;
        List<JWK> publicKeys = new ArrayList<>();
        all.forEach(k -> publicKeys.add(k.toPublicJWK()));
        this.verification = new JWKSet(publicKeys);
    }

    /** Blocking (may read or write a file): call on a worker. */
    public static SigningKeys load(AuthSettings settings, Path dataDir) {
        String json;
        String source;
        if (settings.signingKeys().isPresent()) {
            json = settings.signingKeys().get();
            source = "TANDEM_JWT_KEYS";
        } else if (settings.signingKeysFile().isPresent()) {
            source = "TANDEM_JWT_KEYS_FILE";
            try {
                json = Files.readString(settings.signingKeysFile().get());
            } catch (IOException ex) {
                throw new ConfigException(
                        source, "cannot read " + settings.signingKeysFile().get());
            }
        } else {
            return generated(dataDir.resolve(GENERATED_FILE));
        }
        return parse(source, json, settings.activeKeyId().orElse(null));
    }

    static SigningKeys parse(String source, String json, String activeKid) {
        List<ECKey> keys = new ArrayList<>();
        try {
            for (JWK jwk : JWKSet.parse(json).getKeys()) {
                if (!(jwk instanceof ECKey ec)
                        || !Curve.P_256.equals(ec.getCurve())
                        || !ec.isPrivate()
                        || ec.getKeyID() == null) {
                    throw new ConfigException(source, "every key must be a private EC P-256 key with a kid");
                }
                keys.add(ec);
            }
        } catch (ParseException ex) {
            throw new ConfigException(source, "is not a JWK Set");
        }
        if (keys.isEmpty()) throw new ConfigException(source, "has no keys");
        ECKey active = activeKid == null
                ? keys.get(0)
                : keys.stream()
                        .filter(k -> activeKid.equals(k.getKeyID()))
                        .findFirst()
                        .orElseThrow(() ->
                                new ConfigException("TANDEM_JWT_ACTIVE_KID", "no key with kid '" + activeKid + "'"));
        return new SigningKeys(active, keys);
    }

    /** A JWK Set holding one new private signing key, for TANDEM_JWT_KEYS. */
    public static String newKeySet() {
        return new JWKSet(newKey()).toString(false);
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static SigningKeys generated(Path file) {
        try {
            if (Files.exists(file)) return parse(file.toString(), Files.readString(file), null);
            ECKey key = newKey();
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(
                    file.getParent(),
                    "keys",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, new JWKSet(key).toString(false), StandardCharsets.UTF_8);
            Files.move(partial, file);
            log.atWarn()
                    .addKeyValue("file", file.toString())
                    .log(
                            "no TANDEM_JWT_KEYS configured: generated a signing key in the data folder (fine for one replica; configure keys for several)");
            return new SigningKeys(key, List.of(key));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    ECKey active() {
        return active;
    }

    /** Public keys only, for verification and for `/.well-known/jwks.json`. */
    public JWKSet publicKeys() {
        return verification;
    }
}
