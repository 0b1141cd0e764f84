package io.agentmesh.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Documented defaults and validation (docs/registry.md §6). */
class RegistrySettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        RegistrySettings s = RegistrySettings.defaults();
        assertEquals(3, s.fanout());
        assertEquals(Duration.ofSeconds(2), s.roundInterval());
        assertEquals(Duration.ofMinutes(10), s.advertTtl());
        assertEquals(Duration.ofMinutes(4), s.advertRefresh());
        assertEquals(Duration.ofHours(1), s.maxAdvertLifetime());
        assertEquals(Duration.ofMinutes(5), s.maxClockSkew());
        assertEquals(Duration.ofMinutes(15), s.nodeGoneAfter());
        assertEquals(Duration.ofHours(24), s.peerExpiry());
        assertEquals(Duration.ofSeconds(30), s.peerBookSaveInterval());
        assertEquals(Duration.ofSeconds(1), s.dialBackoffBase());
        assertEquals(Duration.ofMinutes(5), s.dialBackoffMax());
        assertEquals(4096, s.maxPeers());
        assertEquals(32, s.peerExchangeSize());
        assertEquals(512, s.maxAdvertsPerMessage());
        assertEquals(16 * 1024, s.maxAdvertBytes());
        assertEquals(4 * 1024 * 1024, s.maxMessageBytes());
        assertEquals(65536, s.maxDigestEntries());
        assertEquals(0.2, s.latencyEwmaAlpha());
        assertEquals(3, s.replicaFailureThreshold());
        assertEquals(Duration.ofSeconds(10), s.replicaCooldown());
        assertEquals(s, s.toBuilder().build());
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertRefused("fanout", RegistrySettings.builder().fanout(0));
        assertRefused("roundInterval", RegistrySettings.builder().roundInterval(Duration.ZERO));
        assertRefused("advertRefresh", RegistrySettings.builder().advertRefresh(Duration.ofMinutes(10)));
        assertRefused("maxAdvertLifetime", RegistrySettings.builder().maxAdvertLifetime(Duration.ofMinutes(1)));
        assertRefused("maxClockSkew", RegistrySettings.builder().maxClockSkew(Duration.ofSeconds(-1)));
        assertRefused("dialBackoffMax", RegistrySettings.builder().dialBackoffMax(Duration.ofMillis(10)));
        assertRefused("peerExchangeSize", RegistrySettings.builder().peerExchangeSize(1000));
        assertRefused("maxMessageBytes", RegistrySettings.builder().maxMessageBytes(9 << 20));
        assertRefused("maxMessageBytes", RegistrySettings.builder().maxAdvertBytes(1 << 20).maxMessageBytes(1 << 20));
        assertRefused("latencyEwmaAlpha", RegistrySettings.builder().latencyEwmaAlpha(0));
        assertRefused("latencyEwmaAlpha", RegistrySettings.builder().latencyEwmaAlpha(Double.NaN));
        assertRefused("replicaFailureThreshold", RegistrySettings.builder().replicaFailureThreshold(0));
        assertRefused("peerExpiry", RegistrySettings.builder().peerExpiry(null));
    }

    private static void assertRefused(String name, RegistrySettings.Builder b) {
        RuntimeException e = assertThrows(RuntimeException.class, b::build);
        if (!e.getMessage().contains(name)) {
            throw new AssertionError("message should name " + name + ": " + e.getMessage());
        }
    }
}
