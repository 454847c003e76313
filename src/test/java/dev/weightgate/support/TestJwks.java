package dev.weightgate.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A single sign-on issuer in the test: an RSA key pair whose public half is served as a JWKS on loopback, and a
 * signer for tokens with whatever claims a test needs. No external identity provider is involved.
 */
public final class TestJwks implements AutoCloseable {

    public static final String ISSUER = "https://sso.test.weightgate.dev";

    private final RSAKey key;
    private final HttpServer server;

    public TestJwks() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
            }
        });
        server.start();
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /** A token from this issuer for {@code subject}, valid for an hour, with the given extra claims. */
    public String token(String subject, Map<String, Object> claims) {
        return sign(key, subject, claims, Instant.now().plus(Duration.ofHours(1)));
    }

    public String expiredToken(String subject, Map<String, Object> claims) {
        return sign(key, subject, claims, Instant.now().minus(Duration.ofHours(1)));
    }

    /** A well-formed token signed by a key the issuer never published. */
    public String forgedToken(String subject, Map<String, Object> claims) {
        try {
            return sign(new RSAKeyGenerator(2048).keyID("test-key").generate(), subject, claims,
                    Instant.now().plus(Duration.ofHours(1)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(RSAKey signingKey, String subject, Map<String, Object> claims, Instant expiry) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject)
                .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2)))).expirationTime(Date.from(expiry));
        claims.forEach((name, value) -> builder.claim(name, value instanceof List<?> list ? List.copyOf(list) : value));
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
                    builder.build());
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
