package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.transport.TrustPolicy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the registry holds is capped, and the trust filter keeps refused nodes out (docs/registry.md §2.5). */
class RegistryCapsTest {

    private final NodeIdentity self = Fixtures.identity(1);
    private final NodeIdentity peer = Fixtures.identity(2);
    private final NodeIdentity other = Fixtures.identity(3);
    private final ManualClock clock = new ManualClock(T0.plusSeconds(1));

    private Registry registry(RegistrySettings settings) {
        return new Registry(self.nodeId(), settings, clock, new AdvertVerifier(settings), n -> 1.0);
    }

    private static SignedAdvert advert(int n, AgentInfo... agents) {
        return Fixtures.signed(Fixtures.identity(n), 1, T0, Duration.ofMinutes(10), List.of(agents));
    }

    private static AgentInfo agent(String id) {
        return new AgentInfo(id, null, List.of(new AdvertisedTool("t")), 0, 0);
    }

    @Test
    void theTotalCountIsCappedButNeverForThisNodeOrAFirstHandAdvert() {
        Registry registry = registry(RegistrySettings.builder().maxAdverts(3).build());
        for (int n = 10; n < 13; n++) {
            assertTrue(registry.offer(advert(n, agent("a")).envelope(), peer.nodeId(), true).isAccepted());
        }
        OfferResult full = registry.offer(advert(13, agent("a")).envelope(), peer.nodeId(), true);
        assertEquals(AdvertRejection.REGISTRY_FULL, full.reason());
        assertEquals(1, registry.rejectionCount(AdvertRejection.REGISTRY_FULL));
        assertEquals(1, registry.rejectionCounts().get(AdvertRejection.REGISTRY_FULL));
        assertTrue(registry.offer(advert(1, agent("a"))).isAccepted(), "this node's own advert");
        assertTrue(registry.offer(advert(2, agent("a")).envelope(), peer.nodeId(), true).isAccepted(),
                "the advert a link peer hands over of itself");
        assertEquals(5, registry.size());
        assertTrue(registry.offer(Fixtures.signed(Fixtures.identity(10), 2, T0, Duration.ofMinutes(10),
                List.of(agent("a"))).envelope(), other.nodeId(), true).isAccepted(), "an update of a node held");
        clock.advance(Duration.ofMinutes(10));
        registry.expire();
        assertTrue(registry.offer(Fixtures.signed(Fixtures.identity(13), 1, T0.plus(Duration.ofMinutes(10)),
                Duration.ofMinutes(10), List.of(agent("a"))).envelope(), peer.nodeId(), true).isAccepted(),
                "expiry frees room");
    }

    @Test
    void theBytesHeldAreCapped() {
        int one = advert(10, agent("a")).encodedSize();
        Registry registry = registry(RegistrySettings.builder().maxHeldBytes(Math.max(64 * 1024, one)).build());
        int n = 10;
        while (registry.offer(advert(n, agent("a")).envelope(), null, true).isAccepted()) {
            n++;
        }
        assertEquals(AdvertRejection.REGISTRY_FULL, registry.offer(advert(n, agent("a")).envelope()).reason());
        long held = registry.adverts().stream().mapToLong(SignedAdvert::encodedSize).sum();
        assertTrue(held <= 64 * 1024 && held + one > 64 * 1024, () -> held + " bytes held");
    }

    @Test
    void advertsListingOneAgentAreCappedOthersStillCome() {
        Registry registry = registry(RegistrySettings.builder().maxAdvertsPerAgent(2).build());
        assertTrue(registry.offer(advert(10, agent("echo")).envelope()).isAccepted());
        assertTrue(registry.offer(advert(11, agent("echo"), agent("calc")).envelope()).isAccepted());
        assertEquals(AdvertRejection.AGENT_LIMIT, registry.offer(advert(12, agent("calc"), agent("echo")).envelope()).reason());
        assertTrue(registry.offer(advert(13, agent("calc")).envelope()).isAccepted());
        assertEquals(AdvertRejection.AGENT_LIMIT, registry.offer(Fixtures.signed(Fixtures.identity(13), 2, T0,
                Duration.ofMinutes(10), List.of(agent("calc"), agent("echo"))).envelope()).reason(),
                "an update may not add an agent that is full");
        assertTrue(registry.offer(Fixtures.signed(Fixtures.identity(10), 2, T0, Duration.ofMinutes(10),
                List.of(agent("echo"))).envelope()).isAccepted(), "an update that keeps its agents");
        assertTrue(registry.offer(advert(1, agent("echo"))).isAccepted(), "never this node's own");
        assertEquals(Set.of(Fixtures.identity(10).nodeId(), Fixtures.identity(11).nodeId(), self.nodeId()),
                Set.copyOf(registry.replicas("echo")));
    }

    @Test
    void whatOnePeerRelaysIsCapped() {
        Registry registry = registry(RegistrySettings.builder().maxAdvertsPerPeer(2).build());
        assertTrue(registry.offer(advert(10, agent("a")).envelope(), peer.nodeId(), true).isAccepted());
        assertTrue(registry.offer(advert(11, agent("a")).envelope(), peer.nodeId(), true).isAccepted());
        assertEquals(AdvertRejection.PEER_LIMIT,
                registry.offer(advert(12, agent("a")).envelope(), peer.nodeId(), true).reason());
        assertTrue(registry.offer(advert(12, agent("a")).envelope(), other.nodeId(), true).isAccepted(),
                "another peer may relay it");
        assertTrue(registry.offer(advert(2, agent("a")).envelope(), peer.nodeId(), true).isAccepted(),
                "the peer's own advert, first-hand");
    }

    @Test
    void aPushAddsAtMostSoManyNewNodesAndMayStillUpdate() throws JsonRpcException {
        RegistrySettings settings = RegistrySettings.builder().maxNewAdvertsPerPush(2).build();
        Registry registry = registry(settings);
        PeerBook peers = new PeerBook(self.nodeId(), settings, clock);
        GossipService service = new GossipService(settings, registry, peers, new Random(1));
        assertTrue(registry.offer(advert(10, agent("a")).envelope()).isAccepted());
        JsonObject push = GossipMessages.pushParams(List.of(advert(11, agent("a")), advert(12, agent("a")),
                advert(13, agent("a")), Fixtures.signed(Fixtures.identity(10), 2, T0, Duration.ofMinutes(10),
                        List.of(agent("a")))));
        JsonObject result = service.handle(GossipMessages.PUSH, push, peer.nodeId());
        assertEquals(Json.createObjectBuilder().add("accepted", 3).add("duplicate", 0).add("rejected", 1).build(), result);
        assertEquals(1, registry.rejectionCount(AdvertRejection.PUSH_LIMIT));
        assertFalse(registry.get(Fixtures.identity(13).nodeId()).isPresent());
        assertEquals(2, registry.get(Fixtures.identity(10).nodeId()).orElseThrow().advert().seq());
        assertEquals(0, peers.get(peer.nodeId()).map(PeerRecord::consecutiveFailures).orElse(0),
                "a cap is no misbehaviour of the peer");
    }

    @Test
    void aRefusedNodeIsNotHeldAndDroppedWhenThePolicyChanges() {
        TrustPolicy policy = TrustPolicy.allowlist(List.of(peer.nodeId(), other.nodeId()));
        RegistrySettings settings = RegistrySettings.defaults();
        Registry registry = new Registry(self.nodeId(), settings, clock, new AdvertVerifier(settings), n -> 1.0,
                new PolicyAdvertTrust(policy));
        assertTrue(registry.offer(advert(1, agent("a"))).isAccepted(), "this node is always held");
        assertTrue(registry.offer(advert(2, agent("a")).envelope()).isAccepted());
        assertTrue(registry.offer(advert(3, agent("a")).envelope()).isAccepted());
        assertEquals(AdvertRejection.UNTRUSTED, registry.offer(advert(10, agent("a")).envelope(), peer.nodeId(), true).reason());
        policy.forget(other.nodeId());
        assertEquals(List.of(other.nodeId()), registry.dropUntrusted());
        assertEquals(Set.of(self.nodeId(), peer.nodeId()), Set.copyOf(registry.replicas("a")));
        policy.allow(other.nodeId());
        assertTrue(registry.offer(advert(3, agent("a")).envelope()).isAccepted(), "allowed again, it comes back");
    }
}
