package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.agentmesh.json.Json;
import io.agentmesh.routing.Caller;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.TestIssuer;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each check of a JWT access token, with the issuer's keys fetched over HTTP from a test issuer. */
class JwtVerifierTest {

    private static final String ISSUER = "https://auth.example/realms/mesh";
    private static final String RESOURCE = "https://node.example/mcp";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TestIssuer issuer;
    private static JwtVerifier verifier;

    @BeforeAll
    static void start() {
        issuer = new TestIssuer().start();
        OAuthSettings settings = OAuthSettings.of(URI.create(ISSUER), issuer.jwksUrl(), URI.create(RESOURCE), Set.of("mcp:call"));
        ManualClock clock = new ManualClock(NOW);
        verifier = new JwtVerifier(settings, new Jwks(settings, clock), clock);
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static JsonObjectBuilder claims() {
        return Json.createObjectBuilder().add("iss", ISSUER).add("sub", "alice").add("aud", RESOURCE)
                .add("exp", NOW.getEpochSecond() + 300).add("iat", NOW.getEpochSecond())
                .add("scope", "openid mcp:call").add("groups", Json.createArrayBuilder().add("team-a").add("ops"));
    }

    private static JwtFailure refusal(String token) {
        return assertInstanceOf(JwtVerifier.Refused.class, verifier.verify(token)).failure();
    }

    @Test
    void aGoodTokenGivesItsSubjectAndGroupsAsRoles() {
        for (String token : new String[] {issuer.rs256(claims().build()), issuer.es256(claims().build())}) {
            JwtVerifier.Accepted a = assertInstanceOf(JwtVerifier.Accepted.class, verifier.verify(token));
            assertEquals(new Caller.User("alice", Set.of("team-a", "ops")), a.user());
            assertEquals(Set.of("openid", "mcp:call"), a.scopes());
        }
    }

    @Test
    void anAudienceArrayHoldingThisResourceAndScpAreAccepted() {
        JsonObject c = claims().add("aud", Json.createArrayBuilder().add("other").add(RESOURCE))
                .remove("scope").add("scp", Json.createArrayBuilder().add("mcp:call")).build();
        assertInstanceOf(JwtVerifier.Accepted.class, verifier.verify(issuer.rs256(c)));
    }

    @Test
    void aSignatureByAnotherKeyIsBadSignature() {
        assertEquals(JwtFailure.BAD_SIGNATURE, refusal(TestIssuer.foreignRs256(claims().build())));
    }

    @Test
    void alteredClaimsAreBadSignature() {
        String[] parts = issuer.rs256(claims().build()).split("\\.");
        String other = issuer.rs256(claims().add("sub", "mallory").build()).split("\\.")[1];
        assertEquals(JwtFailure.BAD_SIGNATURE, refusal(parts[0] + "." + other + "." + parts[2]));
    }

    @Test
    void wrongIssuerAudienceAndExpiryAreTold() {
        assertEquals(JwtFailure.WRONG_ISSUER, refusal(issuer.rs256(claims().add("iss", "https://evil.example").build())));
        assertEquals(JwtFailure.WRONG_AUDIENCE, refusal(issuer.rs256(claims().add("aud", "https://node.example/other").build())));
        assertEquals(JwtFailure.WRONG_AUDIENCE, refusal(issuer.rs256(claims().remove("aud").build())));
        assertEquals(JwtFailure.EXPIRED, refusal(issuer.rs256(claims().add("exp", NOW.getEpochSecond() - 61).build())));
        assertEquals(JwtFailure.NOT_YET_VALID, refusal(issuer.rs256(claims().add("nbf", NOW.getEpochSecond() + 120).build())));
    }

    @Test
    void theClockSkewIsTolerated() {
        assertInstanceOf(JwtVerifier.Accepted.class,
                verifier.verify(issuer.rs256(claims().add("exp", NOW.getEpochSecond() - 30).build())));
    }

    @Test
    void aTokenWithoutTheRequiredScopeIsMissingScope() {
        assertEquals(JwtFailure.MISSING_SCOPE, refusal(issuer.rs256(claims().add("scope", "openid").build())));
        assertEquals(JwtFailure.MISSING_SCOPE, refusal(issuer.rs256(claims().remove("scope").build())));
    }

    @Test
    void malformedTokensAreMalformed() {
        String good = issuer.rs256(claims().build());
        assertEquals(JwtFailure.MALFORMED, refusal("not-a-jwt"));
        assertEquals(JwtFailure.MALFORMED, refusal(good + ".extra"));
        assertEquals(JwtFailure.MALFORMED, refusal("e30." + good.split("\\.", 2)[1]));   // {} : no alg
        assertEquals(JwtFailure.MALFORMED, refusal("x".repeat(OAuthSettings.DEFAULT_MAX_TOKEN_BYTES + 1)));
        assertEquals(JwtFailure.MALFORMED, refusal(issuer.rs256(claims().remove("exp").build())));
        assertEquals(JwtFailure.MALFORMED, refusal(issuer.rs256(claims().remove("sub").build())));
        String none = io.agentmesh.identity.Base64Url.encode("{\"alg\":\"none\"}".getBytes()) + "." + good.split("\\.")[1] + ".";
        assertEquals(JwtFailure.MALFORMED, refusal(none));
        String hs = io.agentmesh.identity.Base64Url.encode("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}".getBytes())
                + "." + good.split("\\.")[1] + "." + good.split("\\.")[2];
        assertEquals(JwtFailure.MALFORMED, refusal(hs));
    }

    @Test
    void rolesCanBeTheScopes() {
        OAuthSettings base = verifier.settings();
        OAuthSettings byScope = new OAuthSettings(base.issuer(), base.jwksUrl(), base.resource(), base.requiredScopes(),
                base.authorizationServers(), "scope", base.maxTokenBytes(), base.jwksMinInterval(), base.jwksMaxAge(),
                Duration.ofSeconds(60));
        ManualClock clock = new ManualClock(NOW);
        JwtVerifier v = new JwtVerifier(byScope, new Jwks(byScope, clock), clock);
        JwtVerifier.Accepted a = assertInstanceOf(JwtVerifier.Accepted.class, v.verify(issuer.es256(claims().build())));
        assertEquals(Set.of("openid", "mcp:call"), a.user().roles());
    }
}
