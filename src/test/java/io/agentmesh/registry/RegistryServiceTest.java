package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.registry.sim.SimNetwork;
import io.agentmesh.testsupport.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The registry's life over time: the advert at start and on change, rounds that record links and dial due peers. */
class RegistryServiceTest {

    private final ManualTime time = new ManualTime(T0);
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final SimNetwork network = new SimNetwork(false);
    private final RegistryNode node = new RegistryNode(Fixtures.identity(1), settings, time.clock(), new Random(1),
            network.transportFor(Fixtures.identity(1).nodeId()), new AdvertVerifier(settings), null);
    private final Map<NodeId, List<String>> linked = new LinkedHashMap<>();
    private final List<String> dialed = new ArrayList<>();
    private List<AgentInfo> agents = List.of(Fixtures.echoAgent());

    private RegistryService service() {
        PeerDialer dialer = new PeerDialer(node.peers(), (url, peer) -> {
            dialed.add(url);
            return new CompletableFuture<>();
        }, linked::containsKey, linked::size, true, 16);
        return new RegistryService(node, dialer, () -> linked, List.of("ws://127.0.0.1:9080/mesh"), () -> agents, time,
                settings.roundInterval());
    }

    @Test
    void startPublishesTheAdvertAndDialsTheDuePeersOfTheBook() {
        NodeId known = Fixtures.identity(2).nodeId();
        node.peers().learn(known, null, List.of("ws://127.0.0.1:9002/mesh"), T0);
        service().start();
        assertEquals(List.of(Fixtures.echoAgent()), node.ownAdvert().advert().agents());
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), node.ownAdvert().advert().addrs());
        assertEquals(List.of("ws://127.0.0.1:9002/mesh"), dialed);
    }

    @Test
    void eachRoundRecordsTheLinkedPeersAndSchedulesTheNext() {
        RegistryService service = service();
        service.start();
        NodeId peer = Fixtures.identity(3).nodeId();
        linked.put(peer, List.of("ws://127.0.0.1:9003/mesh"));
        time.advance(settings.roundInterval().minusMillis(1));
        assertTrue(node.peers().get(peer).isEmpty(), "no round before the interval");
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("ws://127.0.0.1:9003/mesh"), node.peers().get(peer).orElseThrow().addrs());
        assertEquals(1, time.scheduledCount(), "the next round is scheduled");
        time.advance(settings.roundInterval());
        assertEquals(1, time.scheduledCount());
        assertEquals(2, service.rounds(), "the rounds run are counted (a metric reads them)");
    }

    @Test
    void republishIssuesTheAdvertWithTheCurrentAgents() {
        RegistryService service = service();
        service.start();
        long first = node.ownAdvert().advert().seq();
        agents = List.of(Fixtures.echoAgent(), Fixtures.calculatorAgent());
        time.advance(Duration.ofMillis(1));
        service.republish();
        assertTrue(node.ownAdvert().advert().seq() > first);
        assertEquals(2, node.ownAdvert().advert().agents().size());
    }

    @Test
    void closeStopsTheRounds() {
        RegistryService service = service();
        service.start();
        service.close();
        assertEquals(0, time.scheduledCount());
    }
}
