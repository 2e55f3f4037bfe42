package app.tandem.identity;

import static app.tandem.testing.ApiContract.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 8725: every way of forging or stretching an access token is refused. Each case starts from a
 * real token for a real session and changes one thing.
 */
class TokenVerificationTest {
    private static final ECKey KEY = generate("key-1");
    private static final ECKey OTHER = generate("key-2");
    private static final ECKey ATTACKER = generate("key-1");

    @RegisterExtension
    static TestServer server = new TestServer()
            .withDemoData()
            .withEnv("TANDEM_JWT_KEYS", new JWKSet(java.util.List.of(KEY, OTHER)).toString(false))
            .withEnv("TANDEM_JWT_ACTIVE_KID", "key-1");

    private static JWTClaimsSet real;

    @BeforeAll
    static void signIn() throws Exception {
        real = SignedJWT.parse(server.token(Demo.TEACHER)).getJWTClaimsSet();
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JWSHeader.Builder header(ECKey key) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt"));
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, ECKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder(real)).build();
    }

    private static int status(String token) {
        return server.get("/v1/me", token).statusCode();
    }

    private static void assertRefused(String token) {
        assertProblem(server.get("/v1/me", token), 401, "unauthorized");
    }

    @Test
    void theUnchangedTokenIsAccepted() throws Exception {
        assertEquals(200, status(sign(header(KEY).build(), real, KEY)));
    }

    @Test
    void aSecondConfiguredKeyAlsoVerifiesSoKeysRotateWithoutSigningAnyoneOut() throws Exception {
        assertEquals(200, status(sign(header(OTHER).build(), real, OTHER)));
    }

    @Test
    void algNoneIsRefused() {
        String header = Base64URL.encode(
                        "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8))
                .toString();
        String payload = Base64URL.encode(real.toString().getBytes(StandardCharsets.UTF_8))
                .toString();
        assertRefused(header + "." + payload + ".");
    }

    @Test
    void hs256WithThePublicKeyAsSecretIsRefused() throws Exception {
        byte[] secret = KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID("key-1")
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                real);
        jwt.sign(new MACSigner(secret));
        assertRefused(jwt.serialize());
    }

    @Test
    void otherAlgorithmsAreRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("key-1").generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID("key-1")
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                real);
        jwt.sign(new RSASSASigner(rsa));
        assertRefused(jwt.serialize());
    }

    @Test
    void aKeyWeDoNotHoldIsRefusedEvenWithOurKid() throws Exception {
        assertRefused(sign(header(ATTACKER).build(), real, ATTACKER));
    }

    @Test
    void unknownKidIsRefused() throws Exception {
        ECKey unknown = generate("key-9");
        assertRefused(sign(header(unknown).build(), real, unknown));
    }

    @Test
    void missingKidIsRefused() throws Exception {
        assertRefused(sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                real,
                KEY));
    }

    @Test
    void keyBearingHeadersAreRefusedNotFollowed() throws Exception {
        assertRefused(sign(header(ATTACKER).jwk(ATTACKER.toPublicJWK()).build(), real, ATTACKER));
        assertRefused(sign(
                header(KEY).jwkURL(URI.create("http://127.0.0.1:9/jwks.json")).build(), real, KEY));
        assertRefused(sign(
                header(KEY)
                        .x509CertURL(URI.create("http://127.0.0.1:9/cert.pem"))
                        .build(),
                real,
                KEY));
    }

    @Test
    void wrongTypeIsRefused() throws Exception {
        assertRefused(sign(header(KEY).type(JOSEObjectType.JWT).build(), real, KEY));
        assertRefused(
                sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("key-1").build(), real, KEY));
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() throws Exception {
        assertRefused(sign(header(KEY).build(), claims(b -> b.issuer("someone-else")), KEY));
        assertRefused(sign(header(KEY).build(), claims(b -> b.audience("another-app")), KEY));
    }

    @Test
    void expiryAllowsAtMostSixtySecondsOfSkew() throws Exception {
        Instant now = Instant.now();
        assertEquals(
                200,
                status(sign(header(KEY).build(), claims(b -> b.expirationTime(Date.from(now.minusSeconds(30)))), KEY)));
        assertRefused(sign(header(KEY).build(), claims(b -> b.expirationTime(Date.from(now.minusSeconds(90)))), KEY));
        assertRefused(sign(header(KEY).build(), claims(b -> b.expirationTime(null)), KEY));
    }

    @Test
    void tokenIssuedInTheFutureIsRefused() throws Exception {
        assertRefused(sign(
                header(KEY).build(),
                claims(b -> b.issueTime(Date.from(Instant.now().plusSeconds(600)))),
                KEY));
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String[] parts = sign(header(KEY).build(), real, KEY).split("\\.");
        String forged = Base64URL.encode(claims(b -> b.claim("roles", java.util.List.of("admin", "senco")))
                        .toString()
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        assertRefused(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void aTokenForAnotherSubjectOnThisSessionIsRefused() throws Exception {
        assertRefused(sign(header(KEY).build(), claims(b -> b.subject("0d000000-0000-4000-8000-000000000101")), KEY));
    }
}
