package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.Caller;
import io.agentmesh.web.AccessPolicy.Decision;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final Optional<Caller.User> NO_USER = Optional.empty();
    private static final String TOKEN = "s3cret-token-0123456789";

    private final AccessPolicy open = new AccessPolicy(Optional.empty(), true, Optional.empty());
    private final AccessPolicy withToken = new AccessPolicy(Optional.of(TOKEN), true, Optional.empty());

    @Test
    void loopbackClientsAreAdmittedWithoutCredentials() {
        assertEquals(Decision.ALLOWED, open.decide("127.0.0.1", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.ALLOWED, open.decide("127.8.9.10", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.ALLOWED, open.decide("0:0:0:0:0:0:0:1", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.ALLOWED, open.decide("::1", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.ALLOWED, open.decide("[::1]", Optional.empty(), NO_USER).decision());
    }

    @Test
    void remoteClientsAreForbiddenWhenNoTokenIsConfigured() {
        assertEquals(Decision.FORBIDDEN, open.decide("192.0.2.10", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.FORBIDDEN, open.decide("192.0.2.10", Optional.of("Bearer " + TOKEN), NO_USER).decision());
        assertEquals(403, Decision.FORBIDDEN.status());
    }

    @Test
    void remoteClientsNeedTheBearerToken() {
        assertEquals(Decision.UNAUTHORIZED, withToken.decide("192.0.2.10", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.INVALID_TOKEN, withToken.decide("192.0.2.10", Optional.of("Bearer nope"), NO_USER).decision());
        assertEquals(Decision.INVALID_TOKEN, withToken.decide("192.0.2.10", Optional.of("Bearer " + TOKEN + "x"), NO_USER).decision());
        assertEquals(Decision.UNAUTHORIZED, withToken.decide("192.0.2.10", Optional.of("Basic " + TOKEN), NO_USER).decision());
        assertEquals(Decision.ALLOWED, withToken.decide("192.0.2.10", Optional.of("Bearer " + TOKEN), NO_USER).decision());
        assertEquals(Decision.ALLOWED, withToken.decide("2001:db8::1", Optional.of("bearer " + TOKEN), NO_USER).decision());
        assertEquals(401, Decision.INVALID_TOKEN.status());
        assertTrue(withToken.challenge(Decision.UNAUTHORIZED).isPresent());
        assertFalse(open.challenge(Decision.UNAUTHORIZED).isPresent());
    }

    @Test
    void anAuthenticatedUserIsAdmitted() {
        Caller.User user = new Caller.User("alice", Set.of("mesh-admin"));
        AccessPolicy.Admission admitted = open.decide("192.0.2.10", Optional.empty(), Optional.of(user));
        assertEquals(Decision.ALLOWED, admitted.decision());
        assertEquals(Optional.of(user), admitted.user());
    }

    @Test
    void loopbackCanBeMadeToNeedCredentials() {
        AccessPolicy strict = new AccessPolicy(Optional.of(TOKEN), false, Optional.empty());
        assertEquals(Decision.UNAUTHORIZED, strict.decide("127.0.0.1", Optional.empty(), NO_USER).decision());
        assertEquals(Decision.ALLOWED, strict.decide("127.0.0.1", Optional.of("Bearer " + TOKEN), NO_USER).decision());
    }

    @Test
    void onlyLiteralLoopbackAddressesCount() {
        assertTrue(AccessPolicy.isLoopback("::ffff:127.0.0.1"));
        assertFalse(AccessPolicy.isLoopback("fe80::1%lo"));
        assertFalse(AccessPolicy.isLoopback("localhost"));
        assertFalse(AccessPolicy.isLoopback("10.0.0.1"));
        assertFalse(AccessPolicy.isLoopback(""));
        assertFalse(AccessPolicy.isLoopback(null));
    }
}
