package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeshUpgradeGateTest {

    private static final List<String> OFFER = List.of("agentmesh.v1");

    private static int status(MeshUpgradeGate gate, List<String> protocols, String origin) {
        return gate.check(protocols, Optional.ofNullable(origin)).map(MeshUpgradeGate.Refusal::status).orElse(101);
    }

    @Test
    void anUpgradeWithoutOriginThatOffersTheSubprotocolGoesOn() {
        MeshUpgradeGate gate = new MeshUpgradeGate(List.of());
        assertEquals(101, status(gate, OFFER, null));
        assertEquals(101, status(gate, List.of("other.v1, agentmesh.v1"), null));
    }

    @Test
    void anUpgradeWithoutTheSubprotocolIs400() {
        MeshUpgradeGate gate = new MeshUpgradeGate(List.of("https://app.example.com"));
        assertEquals(400, status(gate, List.of(), null));
        assertEquals(400, status(gate, List.of("other.v1"), null));
        assertEquals(400, status(gate, List.of(), "https://app.example.com"));
    }

    @Test
    void anyOriginIsRefusedWith403ByDefault() {
        MeshUpgradeGate gate = new MeshUpgradeGate(List.of());
        assertEquals(403, status(gate, OFFER, "https://evil.example"));
        assertEquals(403, status(gate, OFFER, "http://localhost:9080"));
        assertEquals(403, status(gate, OFFER, "null"));
        assertEquals(403, status(gate, OFFER, ""));
    }

    @Test
    void onlyAnExactlyAllowedOriginGoesOn() {
        MeshUpgradeGate gate = new MeshUpgradeGate(List.of("https://app.example.com", "http://localhost:8080"));
        assertEquals(101, status(gate, OFFER, "https://app.example.com"));
        assertEquals(101, status(gate, OFFER, "http://localhost:8080"));
        assertEquals(403, status(gate, OFFER, "https://evil.example"));
        assertEquals(403, status(gate, OFFER, "http://app.example.com"));
        assertEquals(403, status(gate, OFFER, "https://app.example.com:443"));
        assertEquals(403, status(gate, OFFER, "https://app.example.com.evil.example"));
        assertEquals(403, status(gate, OFFER, "http://localhost:8081"));
    }

    @Test
    void theRefusalSaysWhyWithoutRepeatingTheOrigin() {
        MeshUpgradeGate.Refusal refusal = new MeshUpgradeGate(List.of())
                .check(OFFER, Optional.of("https://<script>.example")).orElseThrow();
        assertEquals(403, refusal.status());
        assertEquals(AdmissionRefusal.ORIGIN, refusal.rule());
        assertEquals("this Origin may not open links", refusal.reason());
        assertEquals("the subprotocol agentmesh.v1 is required",
                new MeshUpgradeGate(List.of()).check(List.of(), Optional.empty()).orElseThrow().reason());
    }

    @Test
    void allowedOriginsAreOriginsAsBrowsersSendThem() {
        for (String good : List.of("https://app.example.com", "http://localhost:8080", "http://[::1]:9080",
                "chrome-extension://abcdefghijklmnop")) {
            MeshUpgradeGate.requireOrigin(good);
        }
        for (String bad : new String[] {null, "", "*", "localhost", "https://app.example.com/", "https://App.example.com",
                "https://app.example.com/path", "https://user@app.example.com", "http://localhost:*", " https://a.example"}) {
            assertThrows(IllegalArgumentException.class, () -> MeshUpgradeGate.requireOrigin(bad), String.valueOf(bad));
            assertThrows(RuntimeException.class, () -> new MeshUpgradeGate(java.util.Arrays.asList(bad)));
        }
    }
}
