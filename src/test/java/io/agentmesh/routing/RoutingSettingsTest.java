package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutingSettingsTest {

    @Test
    void defaultsAreThoseOfTheSpec() {
        RoutingSettings d = RoutingSettings.defaults();
        assertEquals(8, d.ttl());
        assertEquals(Duration.ofSeconds(30), d.forwardingDeadline());
        assertEquals(Duration.ofSeconds(30), d.requestDeadline());
        assertEquals(1024, d.maxPendingPerLink());
        assertEquals(1024, d.maxServedPerLink());
        assertEquals(16, d.workerThreads());
        assertEquals(4096, d.workQueueCapacity());
    }

    @Test
    void ttlRange() {
        RoutingSettings.defaults().withTtl(0);
        RoutingSettings.defaults().withTtl(255);
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withTtl(-1));
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withTtl(256));
    }

    @Test
    void deadlinesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withForwardingDeadline(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withRequestDeadline(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> RoutingSettings.defaults().withRequestDeadline(null));
    }

    @Test
    void limitsMustBeAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withMaxPendingPerLink(0));
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withMaxServedPerLink(0));
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withWorkers(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.defaults().withWorkers(1, 0));
    }

    @Test
    void routesAreValidated() {
        RoutingSettings.Routes d = RoutingSettings.Routes.defaults();
        assertEquals(Duration.ofSeconds(30), d.announceInterval());
        assertThrows(IllegalArgumentException.class, () -> d.withTiming(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withTiming(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertThrows(IllegalArgumentException.class, () -> d.withTiming(Duration.ofHours(1), Duration.ofHours(2), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxHops(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxHops(65));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxEntries(0));
        assertThrows(IllegalArgumentException.class, () -> d.withDialRetry(Duration.ZERO));
    }
}
