package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.TestNodes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The retry delays of failed direct dials: kept while they run, swept once passed. */
class DialRetriesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final DialRetries retries = new DialRetries(Duration.ofSeconds(30));

    @Test
    void aFailedNodeWaitsOutTheDelayAndASuccessClearsIt() {
        NodeId a = TestNodes.node(1);
        retries.failed(a, T0);
        assertTrue(retries.waiting(a, T0.plusSeconds(29)));
        assertFalse(retries.waiting(a, T0.plusSeconds(30)));
        retries.failed(a, T0.plusSeconds(40));
        retries.succeeded(a);
        assertFalse(retries.waiting(a, T0.plusSeconds(41)));
    }

    @Test
    void passedDelaysAreSweptSoThousandsOfFailedNodesDoNotStay() {
        for (int i = 0; i < 5000; i++) {
            retries.failed(TestNodes.node(i), T0.plusMillis(i));
        }
        retries.failed(TestNodes.node(99_999), T0.plus(Duration.ofMinutes(2)));
        assertEquals(1, retries.size(), "only the node still waiting is held");
        assertTrue(retries.waiting(TestNodes.node(99_999), T0.plus(Duration.ofMinutes(2))));
    }
}
