package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.web.AccessPolicy.Decision;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final String TOKEN = "s3cret-token-0123456789";

    private final AccessPolicy open = new AccessPolicy(Optional.empty(), true);
    private final AccessPolicy withToken = new AccessPolicy(Optional.of(TOKEN), true);

    @Test
    void loopbackClientsAreAdmittedWithoutCredentials() {
        assertEquals(Decision.ALLOWED, open.decide("127.0.0.1", Optional.empty(), false));
        assertEquals(Decision.ALLOWED, open.decide("127.8.9.10", Optional.empty(), false));
        assertEquals(Decision.ALLOWED, open.decide("0:0:0:0:0:0:0:1", Optional.empty(), false));
        assertEquals(Decision.ALLOWED, open.decide("::1", Optional.empty(), false));
        assertEquals(Decision.ALLOWED, open.decide("[::1]", Optional.empty(), false));
    }

    @Test
    void remoteClientsAreForbiddenWhenNoTokenIsConfigured() {
        assertEquals(Decision.FORBIDDEN, open.decide("192.0.2.10", Optional.empty(), false));
        assertEquals(Decision.FORBIDDEN, open.decide("192.0.2.10", Optional.of("Bearer " + TOKEN), false));
        assertEquals(403, Decision.FORBIDDEN.status());
    }

    @Test
    void remoteClientsNeedTheBearerToken() {
        assertEquals(Decision.UNAUTHORIZED, withToken.decide("192.0.2.10", Optional.empty(), false));
        assertEquals(Decision.INVALID_TOKEN, withToken.decide("192.0.2.10", Optional.of("Bearer nope"), false));
        assertEquals(Decision.INVALID_TOKEN, withToken.decide("192.0.2.10", Optional.of("Bearer " + TOKEN + "x"), false));
        assertEquals(Decision.UNAUTHORIZED, withToken.decide("192.0.2.10", Optional.of("Basic " + TOKEN), false));
        assertEquals(Decision.ALLOWED, withToken.decide("192.0.2.10", Optional.of("Bearer " + TOKEN), false));
        assertEquals(Decision.ALLOWED, withToken.decide("2001:db8::1", Optional.of("bearer " + TOKEN), false));
        assertEquals(401, Decision.INVALID_TOKEN.status());
        assertTrue(withToken.challenges());
        assertFalse(open.challenges());
    }

    @Test
    void anAuthenticatedUserIsAdmitted() {
        assertEquals(Decision.ALLOWED, open.decide("192.0.2.10", Optional.empty(), true));
    }

    @Test
    void loopbackCanBeMadeToNeedCredentials() {
        AccessPolicy strict = new AccessPolicy(Optional.of(TOKEN), false);
        assertEquals(Decision.UNAUTHORIZED, strict.decide("127.0.0.1", Optional.empty(), false));
        assertEquals(Decision.ALLOWED, strict.decide("127.0.0.1", Optional.of("Bearer " + TOKEN), false));
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
