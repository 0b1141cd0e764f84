package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.json.Json;
import io.agentmesh.routing.Caller;
import io.agentmesh.testsupport.LogLines;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.TestIssuer;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.web.AccessPolicy.Decision;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JWT mode at the edge: decisions, challenges, a refusal counted each time and logged once per kind. */
class JwtAccessTest {

    private static final String ISSUER = "https://auth.example";
    private static final String RESOURCE = "https://node.example/mcp";
    private static final String METADATA = "https://node.example/.well-known/oauth-protected-resource/mcp";
    private static final String STATIC = "static-token-0123456789";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Optional<Caller.User> NO_USER = Optional.empty();

    private final TestIssuer issuer = new TestIssuer().start();
    private final ManualClock clock = new ManualClock(NOW);
    private final List<JwtFailure> refused = new ArrayList<>();
    private final OAuthSettings settings = OAuthSettings.of(URI.create(ISSUER), issuer.jwksUrl(), URI.create(RESOURCE), Set.of("mcp:call"));
    private final JwtAccess jwt = new JwtAccess(new JwtVerifier(settings, new Jwks(settings, clock), clock), refused::add,
            new LogLimiter(Duration.ofMinutes(1), clock.nanoTime()));

    @AfterEach
    void stop() {
        issuer.close();
    }

    private JsonObjectBuilder claims() {
        return Json.createObjectBuilder().add("iss", ISSUER).add("sub", "alice").add("aud", RESOURCE)
                .add("exp", NOW.getEpochSecond() + 300).add("scope", "mcp:call").add("groups", Json.createArrayBuilder().add("ops"));
    }

    private static Optional<String> bearer(String token) {
        return Optional.of("Bearer " + token);
    }

    @Test
    void aGoodTokenAdmitsItsUserFromAnywhereAndABadOneIsRefusedEvenOnLoopback() {
        AccessPolicy policy = new AccessPolicy(Optional.empty(), true, Optional.of(jwt));
        AccessPolicy.Admission ok = policy.decide("192.0.2.7", bearer(issuer.rs256(claims().build())), NO_USER);
        assertEquals(Decision.ALLOWED, ok.decision());
        assertEquals(Optional.of(new Caller.User("alice", Set.of("ops"))), ok.user());
        assertEquals(Decision.INVALID_TOKEN,
                policy.decide("127.0.0.1", bearer(TestIssuer.foreignRs256(claims().build())), NO_USER).decision());
        assertEquals(Decision.ALLOWED, policy.decide("127.0.0.1", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.UNAUTHORIZED, policy.decide("192.0.2.7", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.INSUFFICIENT_SCOPE,
                policy.decide("192.0.2.7", bearer(issuer.rs256(claims().add("scope", "other").build())), NO_USER).decision());
    }

    @Test
    void theStaticTokenStillAdmitsBesideTheJwtMode() {
        AccessPolicy policy = new AccessPolicy(Optional.of(STATIC), false, Optional.of(jwt));
        AccessPolicy.Admission a = policy.decide("192.0.2.7", bearer(STATIC), NO_USER);
        assertEquals(Decision.ALLOWED, a.decision());
        assertEquals(Optional.empty(), a.user());
        assertEquals(List.of(), refused, "the static token is not taken for a JWT");
    }

    @Test
    void challengesNameTheMetadataTheErrorAndTheScope() {
        AccessPolicy jwtOnly = new AccessPolicy(Optional.empty(), false, Optional.of(jwt));
        assertEquals(Optional.of("Bearer resource_metadata=\"" + METADATA + "\""), jwtOnly.challenge(Decision.UNAUTHORIZED));
        assertEquals(Optional.of("Bearer resource_metadata=\"" + METADATA + "\", error=\"invalid_token\""),
                jwtOnly.challenge(Decision.INVALID_TOKEN));
        assertEquals(Optional.of("Bearer error=\"insufficient_scope\", scope=\"mcp:call\", resource_metadata=\"" + METADATA + "\""),
                jwtOnly.challenge(Decision.INSUFFICIENT_SCOPE));
        assertEquals(Optional.empty(), jwtOnly.challenge(Decision.KEYS_UNAVAILABLE));
        AccessPolicy both = new AccessPolicy(Optional.of(STATIC), false, Optional.of(jwt));
        assertEquals(Optional.of("Bearer realm=\"agentmesh\", resource_metadata=\"" + METADATA + "\""),
                both.challenge(Decision.UNAUTHORIZED));
        assertEquals(403, Decision.INSUFFICIENT_SCOPE.status());
    }

    @Test
    void everyRefusalIsCountedAndEachKindLoggedOncePerIntervalWithoutTheToken() {
        AccessPolicy policy = new AccessPolicy(Optional.empty(), false, Optional.of(jwt));
        String expired = issuer.rs256(claims().add("exp", NOW.getEpochSecond() - 3600).build());
        try (LogLines log = new LogLines(JwtAccess.class.getName(), Level.INFO)) {
            for (int i = 0; i < 5; i++) {
                policy.decide("192.0.2.7", bearer(expired), NO_USER);
                policy.decide("192.0.2.7", bearer("garbage" + i), NO_USER);
            }
            assertEquals(10, refused.size());
            assertEquals(5, refused.stream().filter(f -> f == JwtFailure.EXPIRED).count());
            assertEquals(2, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(expired) || l.contains("garbage")));
            clock.advance(Duration.ofMinutes(1));
            policy.decide("192.0.2.7", bearer(expired), NO_USER);
            assertEquals(3, log.lines().size());
            assertTrue(log.lines().get(2).contains("4 more like this"), log.lines().get(2));
        }
    }
}
