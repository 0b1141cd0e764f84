package io.agentmesh.admin.health;

import static io.agentmesh.testsupport.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.transport.PeerInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHealthTest {

    @Test
    void aNodeThatNeverHadLinksHasLostNothing() {
        LinkHealth h = LinkHealth.of(List.of(), List.of(new PeerInfo(null, List.of("ws://a:1/mesh"), false, 0)));
        assertEquals(0, h.open());
        assertFalse(h.lostEveryLink());
        assertNull(h.lastLinkSeen());
    }

    @Test
    void openLinksAreCounted() {
        LinkHealth h = LinkHealth.of(List.of(FakeLink.to(node(2), "l1"), FakeLink.to(node(3), "l2")),
                List.of(new PeerInfo(node(4), List.of(), false, 1_000)));
        assertEquals(2, h.open());
        assertFalse(h.lostEveryLink());
    }

    @Test
    void noLinkButRememberedPeersIsALossWithTheLastTimeAPeerWasHeard() {
        LinkHealth h = LinkHealth.of(List.of(), List.of(
                new PeerInfo(node(2), List.of(), false, 1_700_000_000_000L),
                new PeerInfo(node(3), List.of(), false, 1_700_000_005_000L),
                new PeerInfo(node(4), List.of("ws://b:2/mesh"), false, 0)));
        assertTrue(h.lostEveryLink());
        assertEquals(0, h.open());
        assertEquals(Instant.ofEpochMilli(1_700_000_005_000L), h.lastLinkSeen());
    }
}
