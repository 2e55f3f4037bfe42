package app.tandem.identity;

import app.tandem.platform.Caller;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Access tokens: JWTs signed ES256 (`typ: at+jwt`, RFC 9068), verified as RFC 8725 asks: algorithm
 * pinned, type, issuer and audience checked, expiry with at most 60 s of skew, unknown keys and
 * key-bearing headers (`jku`, `x5u`, `jwk`, `x5c`) refused, never followed.
 */
public final class AccessTokens {
    static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    private static final Duration SKEW = Duration.ofSeconds(60);

    /** What a verified token says; the session it names is checked separately. */
    public record Claims(UUID subject, Caller.Kind kind, UUID schoolId, UUID sessionId, Instant expiresAt) {}

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    /**
     * Tokens already verified on this replica, keyed by the whole token (never by its claims), kept
     * until they expire: checking an ES256 signature costs far more than the request it guards.
     * The session behind a token is still checked on every request, so signing out or deactivating
     * someone works as fast as before.
     */
    private final Cache<String, Claims> verified = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(ttlBound())
            .build();

    private final AtomicLong signatureChecks = new AtomicLong();

    AccessTokens(SigningKeys keys, String issuer, String audience, Duration ttl, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys.publicKeys())));
        // Time and identity claims are checked below against the injected clock.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
    }

    Duration ttl() {
        return ttl;
    }

    String issue(UUID subject, Caller.Kind kind, UUID schoolId, List<String> roles, UUID sessionId) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .claim("school", schoolId.toString())
                .claim("roles", roles)
                .claim("sid", sessionId.toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(keys.active().getKeyID())
                        .type(TYPE)
                        .build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(keys.active()));
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }

    /** The token's claims, or empty for any token that is not one of ours and current. */
    public Optional<Claims> verify(String token) {
        Claims known = verified.getIfPresent(token);
        if (known != null) {
            if (known.expiresAt().plus(SKEW).isAfter(clock.instant())) return Optional.of(known);
            verified.invalidate(token);
            return Optional.empty();
        }
        Optional<Claims> claims = checkSignatureAndClaims(token);
        claims.ifPresent(c -> verified.put(token, c));
        return claims;
    }

    /** How many signatures this replica has checked (a cached token costs none). */
    long signatureChecks() {
        return signatureChecks.get();
    }

    /** No token lives longer than the longest lifetime the configuration allows, plus the skew. */
    private static Duration ttlBound() {
        return Duration.ofHours(1).plus(SKEW);
    }

    private Optional<Claims> checkSignatureAndClaims(String token) {
        signatureChecks.incrementAndGet();
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            if (header.getJWKURL() != null
                    || header.getX509CertURL() != null
                    || header.getJWK() != null
                    || header.getX509CertChain() != null
                    || header.getKeyID() == null) {
                return Optional.empty();
            }
            JWTClaimsSet claims = processor.process(jwt, null);
            Instant now = clock.instant();
            if (!issuer.equals(claims.getIssuer())) return Optional.empty();
            if (claims.getAudience() == null || !claims.getAudience().contains(audience)) return Optional.empty();
            if (claims.getExpirationTime() == null
                    || !claims.getExpirationTime().toInstant().plus(SKEW).isAfter(now)) return Optional.empty();
            if (claims.getIssueTime() == null
                    || claims.getIssueTime().toInstant().minus(SKEW).isAfter(now)) return Optional.empty();
            if (claims.getJWTID() == null) return Optional.empty();
            Caller.Kind kind = Caller.Kind.valueOf(claims.getStringClaim("kind").toUpperCase(java.util.Locale.ROOT));
            return Optional.of(new Claims(
                    UUID.fromString(claims.getSubject()),
                    kind,
                    UUID.fromString(claims.getStringClaim("school")),
                    UUID.fromString(claims.getStringClaim("sid")),
                    claims.getExpirationTime().toInstant()));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException ex) {
            return Optional.empty();
        }
    }
}
