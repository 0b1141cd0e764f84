package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.sim.SimNetwork;
import io.agentmesh.testsupport.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's registry side assembled: own adverts, peer book persistence (docs/registry.md §1, §4.1). */
class RegistryNodeTest {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(T0);
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final SimNetwork network = new SimNetwork(false);

    private RegistryNode node(NodeIdentity id, PeerBookStore store) {
        RegistryNode n = new RegistryNode(id, settings, clock, new Random(1), network.transportFor(id.nodeId()),
                new AdvertVerifier(settings), store);
        network.attach(id.nodeId(), n.service()::handle);
        return n;
    }

    @Test
    void ownAdvertIsReissuedWhenDue() {
        RegistryNode n = node(Fixtures.identity(1), null);
        SignedAdvert first = n.publish(List.of(), List.of(Fixtures.echoAgent()));
        assertEquals(T0.toEpochMilli(), first.advert().seq());
        clock.advance(settings.advertRefresh().minusSeconds(1));
        n.tick();
        assertEquals(first, n.ownAdvert());
        clock.advance(Duration.ofSeconds(1));
        n.tick();
        assertTrue(n.ownAdvert().advert().seq() > first.advert().seq());
        assertEquals(n.ownAdvert(), n.registry().get(n.nodeId()).orElseThrow());
        assertEquals(List.of(Fixtures.echoAgent()), n.ownAdvert().advert().agents());
    }

    @Test
    void anEarlierIncarnationsHigherSequenceIsOvertaken() {
        NodeIdentity id = Fixtures.identity(1);
        RegistryNode n = node(id, null);
        n.publish(List.of(), List.of());
        long future = T0.plusSeconds(60).toEpochMilli();
        // before a restart the clock ran ahead: peers still hold that advert
        SignedAdvert earlier = Fixtures.signed(id, future, T0, Duration.ofMinutes(10), List.of(Fixtures.calculatorAgent()));
        assertTrue(n.registry().offer(earlier.envelope()).isAccepted());
        assertEquals(future + 1, n.ownAdvert().advert().seq());
        assertEquals(List.of(), n.registry().get(id.nodeId()).orElseThrow().advert().agents(), "current content wins");
    }

    @Test
    void acceptedAdvertsTeachThePeerBook() {
        RegistryNode n = node(Fixtures.identity(1), null);
        NodeIdentity alice = Fixtures.identity(2);
        n.registry().offer(Fixtures.signed(alice, 5, T0, Duration.ofMinutes(10), List.of()).envelope());
        PeerRecord r = n.peers().get(alice.nodeId()).orElseThrow();
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), r.addrs());
        assertEquals(alice.publicKeyBase64Url(), r.identity());
    }

    @Test
    void aRestartedNodeHasItsPeersBackWithoutBootstrap() {
        NodeIdentity id = Fixtures.identity(1);
        NodeIdentity alice = Fixtures.identity(2);
        PeerBookStore store = new PeerBookStore(dataDir, clock);
        try (RegistryNode n = node(id, store)) {
            n.addPeer(alice.nodeId(), alice.publicKeyBase64Url(), List.of("ws://127.0.0.1:9081/mesh"));
        }
        assertTrue(Files.exists(dataDir.resolve(PeerBookStore.FILE_NAME)));
        clock.advance(Duration.ofMinutes(3));
        RegistryNode restarted = node(id, new PeerBookStore(dataDir, clock));
        assertEquals(List.of("ws://127.0.0.1:9081/mesh"), restarted.peers().get(alice.nodeId()).orElseThrow().addrs());
        assertEquals(List.of(alice.nodeId()), restarted.peers().dueForDial().stream().map(PeerRecord::nodeId).toList());
    }

    @Test
    void tickSavesAChangedPeerBookAtTheConfiguredInterval() {
        NodeIdentity alice = Fixtures.identity(2);
        RegistryNode n = node(Fixtures.identity(1), new PeerBookStore(dataDir, clock));
        n.addPeer(alice.nodeId(), null, List.of("ws://127.0.0.1:9081/mesh"));
        n.tick();
        network.drain();
        assertTrue(Files.notExists(dataDir.resolve(PeerBookStore.FILE_NAME)));
        clock.advance(settings.peerBookSaveInterval());
        n.tick();
        network.drain();
        assertTrue(Files.exists(dataDir.resolve(PeerBookStore.FILE_NAME)));
    }
}
