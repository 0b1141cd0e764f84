package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.TestIssuer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The issuer's keys over HTTP: kept, fetched anew when old or for an unknown key, but not too often. */
class JwksTest {

    private static OAuthSettings settings(URI jwks) {
        return OAuthSettings.of(URI.create("https://auth.example"), jwks, URI.create("https://node.example/mcp"), Set.of());
    }

    @Test
    void keysAreKeptThenFetchedAnewWhenOldOrUnknownButNotTooOften() {
        try (TestIssuer issuer = new TestIssuer().start()) {
            ManualClock clock = new ManualClock();
            Jwks jwks = new Jwks(settings(issuer.jwksUrl()), clock);
            assertTrue(jwks.key(Optional.of("rsa-1"), "RSA").isPresent());
            assertTrue(jwks.key(Optional.of("ec-1"), "EC").isPresent());
            assertEquals(1, issuer.fetches());
            assertTrue(jwks.key(Optional.of("rotated"), "RSA").isEmpty());
            assertEquals(1, issuer.fetches(), "an unknown key within the minimum interval fetches nothing");
            clock.advance(OAuthSettings.DEFAULT_JWKS_MIN_INTERVAL);
            assertTrue(jwks.key(Optional.of("rotated"), "RSA").isEmpty());
            assertEquals(2, issuer.fetches(), "an unknown key after the minimum interval fetches the set anew");
            clock.advance(OAuthSettings.DEFAULT_JWKS_MAX_AGE);
            assertTrue(jwks.key(Optional.of("rsa-1"), "RSA").isPresent());
            assertEquals(3, issuer.fetches(), "keys older than the maximum age are fetched anew");
        }
    }

    @Test
    void aKeyOfAnotherTypeOrNoKidMatchesOnlyTheOneKeyOfItsType() {
        try (TestIssuer issuer = new TestIssuer().start()) {
            Jwks jwks = new Jwks(settings(issuer.jwksUrl()), new ManualClock());
            assertTrue(jwks.key(Optional.of("rsa-1"), "EC").isEmpty());
            assertTrue(jwks.key(Optional.empty(), "EC").isPresent());
        }
    }

    @Test
    void anUnreachableKeySetIsUnavailableAndKeysFetchedBeforeStayInUse() {
        URI jwksUrl;
        ManualClock clock = new ManualClock();
        Jwks jwks;
        try (TestIssuer issuer = new TestIssuer().start()) {
            jwksUrl = issuer.jwksUrl();
            jwks = new Jwks(settings(jwksUrl), clock);
            assertTrue(jwks.key(Optional.of("rsa-1"), "RSA").isPresent());
        }
        clock.advance(OAuthSettings.DEFAULT_JWKS_MAX_AGE.plus(Duration.ofSeconds(1)));
        assertTrue(jwks.key(Optional.of("rsa-1"), "RSA").isPresent(), "the server is gone; the keys stay");
        Jwks fresh = new Jwks(settings(jwksUrl), clock);
        assertThrows(KeySource.KeysUnavailableException.class, () -> fresh.key(Optional.of("rsa-1"), "RSA"));
    }

    @Test
    void aFailingKeySetIsTriedAgainOnlyAfterTheMinimumInterval() {
        try (TestIssuer issuer = new TestIssuer().start()) {
            ManualClock clock = new ManualClock();
            Jwks jwks = new Jwks(settings(issuer.jwksUrl()), clock);
            issuer.failing(true);
            assertThrows(KeySource.KeysUnavailableException.class, () -> jwks.key(Optional.of("rsa-1"), "RSA"));
            assertThrows(KeySource.KeysUnavailableException.class, () -> jwks.key(Optional.of("rsa-1"), "RSA"));
            assertEquals(1, issuer.fetches(), "no second attempt within the interval");
            issuer.failing(false);
            clock.advance(OAuthSettings.DEFAULT_JWKS_MIN_INTERVAL);
            assertTrue(jwks.key(Optional.of("rsa-1"), "RSA").isPresent());
            assertEquals(2, issuer.fetches());
        }
    }

    @Test
    void unusableKeysAreSkippedAndABadDocumentIsUnavailable() {
        String doc = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"},{\"kty\":\"RSA\",\"kid\":\"enc\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"},{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}]}";
        assertEquals(0, Jwks.parse(doc.getBytes(StandardCharsets.UTF_8)).size());
        assertThrows(KeySource.KeysUnavailableException.class, () -> Jwks.parse("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(KeySource.KeysUnavailableException.class, () -> Jwks.parse("{}".getBytes(StandardCharsets.UTF_8)));
    }
}
