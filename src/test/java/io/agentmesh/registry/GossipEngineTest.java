package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.sim.SimNetwork;
import io.agentmesh.testsupport.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Push-pull exchanges between a few nodes over the in-memory network (docs/registry.md §3.4). */
class GossipEngineTest {

    private final ManualClock clock = new ManualClock(T0);
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final SimNetwork network = new SimNetwork(false);

    private RegistryNode node(NodeIdentity id) {
        return node(id, settings);
    }

    private RegistryNode node(NodeIdentity id, RegistrySettings s) {
        RegistryNode n = new RegistryNode(id, s, clock, new Random(id.nodeId().hashCode()),
                network.transportFor(id.nodeId()), new AdvertVerifier(s), null);
        network.attach(id.nodeId(), n.service()::handle);
        n.publish(List.of("ws://127.0.0.1:" + (9000 + id.nodeId().hashCode() % 1000 + 1000) + "/mesh"),
                List.of(Fixtures.echoAgent()));
        return n;
    }

    private RoundStats round(RegistryNode n) {
        CompletableFuture<RoundStats> f = n.tick().toCompletableFuture();
        network.drain();
        assertTrue(f.isDone());
        return f.join();
    }

    @Test
    void oneExchangeGivesBothSidesBothAdverts() {
        RegistryNode a = node(Fixtures.identity(1));
        RegistryNode b = node(Fixtures.identity(2));
        a.addPeer(b.nodeId(), null, List.of());
        RoundStats stats = round(a);
        assertEquals(a.registry().digest(), b.registry().digest());
        assertEquals(2, a.registry().size());
        assertEquals(1, stats.peersContacted());
        assertEquals(3, stats.calls(), "sync, push, peer exchange");
        assertEquals(1, stats.advertsReceived());
        assertEquals(1, stats.advertsAccepted());
        assertEquals(1, stats.advertsSent());
        assertEquals(0, stats.failures());
        assertTrue(b.peers().get(a.nodeId()).isPresent(), "b learned a from its advert and the peer exchange");
        assertTrue(a.peers().get(b.nodeId()).orElseThrow().health() > PeerBook.INITIAL_HEALTH);
    }

    @Test
    void aNodeFarBehindAsksAgainWhileThePeerHasMore() {
        RegistrySettings paged = settings.toBuilder().maxAdvertsPerMessage(3).syncPages(3).build();
        assertEquals(10, farBehind(paged).registry().size(), "its own and 3 pages of 3 adverts");
        assertEquals(4, farBehind(paged.toBuilder().syncPages(1).build()).registry().size(), "its own and one page");
        RegistryNode full = farBehind(paged.toBuilder().syncPages(10).maxAdverts(4).build());
        assertEquals(4, full.registry().size());
        assertEquals(4, network.messagesSentBy(full.nodeId()),
                "sync, push, sync, peer exchange: a page that brings nothing new (the registry is full) is the last");
    }

    /** A node that just joined, after one round with a peer holding 13 adverts (both with settings {@code s}). */
    private RegistryNode farBehind(RegistrySettings s) {
        RegistryNode b = node(Fixtures.identity(100 + farBehindRuns), s);
        for (int i = 0; i < 12; i++) {
            b.registry().offer(Fixtures.signed(Fixtures.identity(200 + i), 1, clock.instant(), Duration.ofMinutes(10),
                    List.of(Fixtures.echoAgent())).envelope());
        }
        RegistryNode a = node(Fixtures.identity(300 + farBehindRuns++), s);
        a.addPeer(b.nodeId(), null, List.of());
        round(a);
        return a;
    }

    private int farBehindRuns;

    @Test
    void inSyncNodesExchangeOnlyDigests() {
        RegistryNode a = node(Fixtures.identity(1));
        RegistryNode b = node(Fixtures.identity(2));
        a.addPeer(b.nodeId(), null, List.of());
        round(a);
        RoundStats again = round(a);
        assertEquals(2, again.calls(), "sync and peer exchange, no push");
        assertEquals(0, again.advertsReceived());
        assertEquals(0, again.advertsSent());
    }

    @Test
    void peerExchangeSpreadsKnowledgeOfPeers() {
        RegistryNode a = node(Fixtures.identity(1));
        RegistryNode b = node(Fixtures.identity(2));
        RegistryNode c = node(Fixtures.identity(3));
        b.addPeer(c.nodeId(), c.ownAdvert().advert().identity(), c.ownAdvert().advert().addrs());
        a.addPeer(b.nodeId(), null, List.of());
        round(a);
        assertTrue(a.peers().get(c.nodeId()).isPresent(), "a learned c from b");
        assertEquals(c.ownAdvert().advert().addrs(), a.peers().get(c.nodeId()).orElseThrow().addrs());
    }

    @Test
    void anUnreachablePeerIsMarkedFailedAndBacksOff() {
        RegistryNode a = node(Fixtures.identity(1));
        RegistryNode b = node(Fixtures.identity(2));
        a.addPeer(b.nodeId(), null, List.of());
        network.detach(b.nodeId());
        RoundStats stats = round(a);
        assertEquals(2, stats.failures(), "sync and peer exchange failed");
        assertEquals(1, a.peers().get(b.nodeId()).orElseThrow().consecutiveFailures());
        RoundStats next = round(a);
        assertEquals(0, next.peersContacted(), "b is backing off");
        clock.advance(settings.dialBackoffBase());
        assertEquals(1, round(a).peersContacted());
        assertEquals(2, a.peers().get(b.nodeId()).orElseThrow().consecutiveFailures());
    }

    @Test
    void aPeerServingForgeriesIsMarkedFailedAndNothingIsAccepted() {
        RegistryNode a = node(Fixtures.identity(1));
        NodeIdentity mallory = Fixtures.identity(66);
        NodeIdentity victim = Fixtures.identity(2);
        Advert claim = Fixtures.advert(victim, Long.MAX_VALUE >> 11, T0, Duration.ofMinutes(10), List.of(Fixtures.echoAgent()));
        SignedAdvert forged = AdvertIssuer.sign(mallory, claim);
        network.attach(mallory.nodeId(), (method, params, from) -> method.equals(GossipMessages.SYNC)
                ? GossipMessages.syncResult(List.of(forged), List.of(), false)
                : GossipMessages.peerExchangeMessage(List.of()));
        a.addPeer(mallory.nodeId(), null, List.of());
        RoundStats stats = round(a);
        assertEquals(1, stats.advertsRejected());
        assertTrue(a.registry().get(victim.nodeId()).isEmpty());
        assertEquals(1, a.registry().rejectionCount(AdvertRejection.BAD_SIGNATURE));
        assertEquals(1, a.peers().get(mallory.nodeId()).orElseThrow().consecutiveFailures());
    }

    @Test
    void aRoundStillWaitingForAnswersMakesTheNextOneSkip() {
        RegistryNode a = node(Fixtures.identity(1));
        RegistryNode b = node(Fixtures.identity(2));
        a.addPeer(b.nodeId(), null, List.of());
        CompletableFuture<RoundStats> first = a.tick().toCompletableFuture();
        assertFalse(first.isDone(), "answers wait in the network");
        assertEquals(RoundStats.NONE, a.tick().toCompletableFuture().join());
        network.drain();
        assertEquals(1, first.join().peersContacted());
        assertEquals(1, round(a).peersContacted(), "rounds run again once the previous one ended");
    }

    @Test
    void anErrorResponseIsAFailure() {
        RegistryNode a = node(Fixtures.identity(1));
        NodeIdentity odd = Fixtures.identity(67);
        network.attach(odd.nodeId(), (method, params, from) -> {
            throw new io.agentmesh.routing.JsonRpcException(io.agentmesh.routing.JsonRpc.METHOD_NOT_FOUND, "no gossip here");
        });
        a.addPeer(odd.nodeId(), null, List.of());
        assertEquals(2, round(a).failures());
        assertEquals(1, a.peers().get(odd.nodeId()).orElseThrow().consecutiveFailures());
    }
}
