package io.agentmesh.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Origin;
import io.agentmesh.routing.RouteMetadata;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The registry wired to real routers over in-memory links by its adapters: gossip as node operations,
 * {@code node/find_agents} from the registry, {@code *:<agent>} from the registry's replicas.
 */
class RegistryOverRoutersTest {

    private final ManualTime time = new ManualTime(Instant.parse("2030-01-01T00:00:00Z"));
    private final RegistrySettings settings = RegistrySettings.defaults();

    private final class Node {
        final NodeIdentity identity;
        final FakeAgents agents = new FakeAgents();
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final Router router;
        final RegistryNode registry;
        final RegistryBalancer balancer;

        Node(int n) {
            identity = Fixtures.identity(n);
            router = Router.builder()
                    .node(new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), List.of(addr(n)),
                            "agentmesh-java/test", Instant.EPOCH))
                    .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                    .traceIds(() -> "trace-of-" + n).build();
            registry = new RegistryNode(identity, settings, time.clock(), new Random(n),
                    new RouterGossipTransport(router), new AdvertVerifier(settings), null);
            GossipOperations.register(router.nodeOperations(), registry.service());
            router.nodeOperations().addAgentSource(new RegistryAgentSource(registry.registry(), registry.peers()));
            balancer = new RegistryBalancer(registry.registry(),
                    new ReplicaBalancer(identity.nodeId(), settings, time.clock().nanoTime(),
                            registry.peers()::standing, new Random(n)));
            router.setBalancer(balancer);
        }

        NodeId id() {
            return identity.nodeId();
        }

        void publish() {
            registry.publish(List.of(addr(identity.nodeId().hashCode() & 0xfff)),
                    agents.describe().stream().map(AgentInfo::fromJson).toList());
        }

        void knows(Node other) {
            registry.addPeer(other.id(), other.identity.publicKeyBase64Url(), List.of());
        }

        JsonRpc.Response call(String method, JsonObject params) {
            return router.route(new JsonRpc.Request(Json.createValue(1), method, params), Origin.detached("test"))
                    .toCompletableFuture().join();
        }
    }

    private static String addr(int n) {
        return "ws://127.0.0.1:" + (20000 + n) + "/mesh";
    }

    private static void link(Node a, Node b) {
        FakeLink[] ends = FakeLink.connect(a.id(), a.router, b.id(), b.router);
        a.links.add(ends[0]);
        b.links.add(ends[1]);
    }

    private void rounds(int n, Node... nodes) {
        for (int i = 0; i < n; i++) {
            time.advance(settings.roundInterval());
            for (Node node : nodes) {
                assertTrue(node.registry.tick().toCompletableFuture().isDone(), "in-memory links answer at once");
            }
        }
    }

    @Test
    void advertsSpreadAlongAChainOfLinks() {
        Node a = new Node(1);
        Node b = new Node(2);
        Node c = new Node(3);
        a.agents.add("echo", "Echo", "", "echo");
        c.agents.add("calculator", "Calculator", "", "add", "increment");
        link(a, b);
        link(b, c);
        for (Node n : List.of(a, b, c)) {
            n.publish();
        }
        a.knows(b);
        c.knows(b);
        rounds(3, a, b, c);
        for (Node n : List.of(a, b, c)) {
            assertEquals(Set.of(a.id(), b.id(), c.id()),
                    n.registry.registry().adverts().stream().map(s -> s.advert().nodeId()).collect(Collectors.toSet()));
        }
        assertEquals(List.of("add", "increment"),
                a.registry.registry().get(c.id()).orElseThrow().advert().agent("calculator").orElseThrow().toolNames());
    }

    @Test
    void findAgentsThroughTheRouterListsTheWholeMesh() {
        Node a = new Node(1);
        Node b = new Node(2);
        a.agents.add("echo", "Echo", "", "echo");
        b.agents.add("weather", "Weather", "", "forecast");
        link(a, b);
        a.publish();
        b.publish();
        a.knows(b);
        rounds(1, a, b);
        JsonRpc.Response r = a.call("node/find_agents", JsonValue.EMPTY_JSON_OBJECT);
        assertFalse(r.isError(), () -> r.toString());
        List<String> addresses = r.result().asJsonObject().getJsonArray("agents").getValuesAs(JsonObject.class).stream()
                .map(o -> o.getString("address")).toList();
        assertEquals(List.of(a.id() + ":echo", b.id() + ":weather"), addresses, "own agents first, then the registry's");
        JsonObject weather = a.call("node/find_agents", Json.createObjectBuilder().add("tool", "forecast").build())
                .result().asJsonObject().getJsonArray("agents").getJsonObject(0);
        assertEquals("up", weather.getString("health"));
    }

    @Test
    void starReachesAReplicaTheRegistryKnows() {
        Node a = new Node(1);
        Node b = new Node(2);
        Node c = new Node(3);
        a.agents.add("echo", "Echo", "", "echo");
        b.agents.add("echo", "Echo", "", "echo");
        link(a, b);
        link(b, c);
        link(a, c);
        for (Node n : List.of(a, b, c)) {
            n.publish();
            n.knows(n == a ? b : a);
        }
        rounds(2, a, b, c);
        List<NodeId> order = c.balancer.candidates("echo");
        assertEquals(Set.of(a.id(), b.id()), Set.copyOf(order));
        JsonRpc.Response r = c.call("*:echo/tools/call", Json.createObjectBuilder().add("name", "echo").build());
        assertFalse(r.isError(), () -> r.toString());
        Node first = order.get(0).equals(a.id()) ? a : b;
        Node second = first == a ? b : a;
        assertEquals(1, first.agents.requests().size());
        // once the other has answered too (its trial, §5.1), load decides:
        // the router reports a request in flight to the first, so the next goes to the other
        c.balancer.replicas().start(second.id(), "echo").succeeded();
        ReplicaBalancer.Call inFlight = c.balancer.replicas().start(first.id(), "echo");
        c.call("*:echo/tools/call", Json.createObjectBuilder().add("name", "echo").build());
        assertEquals(1, second.agents.requests().size());
        inFlight.succeeded();
        assertEquals(first.id(), c.balancer.candidates("echo").get(0));
        assertEquals(a.id(), a.balancer.candidates("echo").get(0), "a node that hosts the agent serves it itself");
    }

    @Test
    void aPeerWithoutALinkIsMarkedFailedAndItsAgentsShowIt() {
        Node a = new Node(1);
        Node b = new Node(2);
        Node c = new Node(3);
        c.agents.add("calculator", "Calculator", "", "add");
        link(a, b);
        link(b, c);
        for (Node n : List.of(a, b, c)) {
            n.publish();
        }
        a.knows(b);
        c.knows(b);
        rounds(3, a, b, c);
        assertTrue(a.registry.registry().get(c.id()).isPresent(), "a learned c's advert through b");
        rounds(6, a); // a picks c among its peers sooner or later: no link, so -32060
        assertTrue(a.registry.peers().get(c.id()).orElseThrow().consecutiveFailures() > 0);
        JsonObject calc = a.call("node/find_agents", Json.createObjectBuilder().add("agent", "calculator").build())
                .result().asJsonObject().getJsonArray("agents").getJsonObject(0);
        assertEquals(RegistryAgentSource.UNREACHABLE, calc.getString("health"));
    }

    @Test
    void gossipOperationsAnswerThroughTheRouterWithTheirShapes() {
        Node a = new Node(1);
        Node b = new Node(2);
        link(a, b);
        b.publish();
        JsonRpc.Response sync = a.call(b.id() + ":node/gossip_sync",
                Json.createObjectBuilder().add("digest", JsonValue.EMPTY_JSON_OBJECT).build());
        assertFalse(sync.isError(), () -> sync.toString());
        JsonObject result = sync.result().asJsonObject();
        assertEquals(1, result.getJsonArray("adverts").size());
        assertEquals(List.of(), result.getJsonArray("want").getValuesAs(JsonString.class));
        assertFalse(result.getBoolean("more"));
        JsonRpc.Response bad = a.call(b.id() + ":node/gossip_sync", JsonValue.EMPTY_JSON_OBJECT);
        assertEquals(JsonRpc.INVALID_PARAMS, bad.error().code());
        JsonRpc.Response px = a.call(b.id() + ":node/peer_exchange", Json.createObjectBuilder().add("peers",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("node_id", a.id().value())
                        .add("identity", a.identity.publicKeyBase64Url())
                        .add("addrs", Json.createArrayBuilder().add(addr(1))).add("last_seen_ms", time.clock().millis())))
                .build());
        assertFalse(px.isError(), () -> px.toString());
        assertEquals(List.of(addr(1)), b.registry.peers().get(a.id()).orElseThrow().addrs());
        Node c = new Node(3);
        a.call(b.id() + ":node/peer_exchange", Json.createObjectBuilder().add("peers",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("node_id", c.id().value())
                        .add("addrs", Json.createArrayBuilder().add(addr(3))).add("last_seen_ms", 0))).build());
        assertTrue(b.registry.peers().get(c.id()).isEmpty(), "a peer last seen longer ago than the expiry is not taken");
    }

    @Test
    void aPushOfForgedAdvertsBlamesThePeerOfItsLinkNeverTheOriginItClaims() {
        Node a = new Node(1);
        Node mallory = new Node(4);
        Node victim = new Node(5);
        link(a, mallory);
        a.knows(mallory);
        a.knows(victim);
        Advert claim = Fixtures.advert(victim.identity, 99, time.clock().instant(), java.time.Duration.ofMinutes(10), List.of());
        JsonObject params = Json.createObjectBuilder()
                .add("adverts", Json.createArrayBuilder().add(AdvertIssuer.sign(mallory.identity, claim).envelope()))
                .add("_meta", Json.createObjectBuilder().add(RouteMetadata.KEY,
                        new RouteMetadata(4, victim.id().value(), "forged-origin").toJson()))
                .build();
        JsonRpc.Response r = mallory.call(a.id() + ":node/gossip_push", params);
        assertFalse(r.isError(), () -> r.toString());
        assertEquals(1, r.result().asJsonObject().getInt("rejected"));
        assertEquals(0, a.registry.peers().get(victim.id()).orElseThrow().consecutiveFailures(),
                "the claimed origin is not blamed");
        assertEquals(1, a.registry.peers().get(mallory.id()).orElseThrow().consecutiveFailures(),
                "the peer that handed the adverts over is");
    }

    /** 2,000 self-signed adverts of made-up nodes, each claiming agent echo, pushed by {@code from} in messages of 500. */
    private static int[] pushSybils(Node from, Node to, int firstSeed) {
        int[] accepted = {0, 0};
        for (int push = 0; push < 4; push++) {
            var adverts = Json.createArrayBuilder();
            for (int i = 0; i < 500; i++) {
                NodeIdentity sybil = Fixtures.identity(firstSeed + push * 500 + i);
                adverts.add(Fixtures.signed(sybil, 1, from.registry.registry().get(from.id()).orElseThrow()
                        .advert().issuedAt(), java.time.Duration.ofMinutes(10), List.of(Fixtures.echoAgent())).envelope());
            }
            JsonRpc.Response r = from.call(to.id() + ":node/gossip_push",
                    Json.createObjectBuilder().add("adverts", adverts).build());
            assertFalse(r.isError(), () -> r.toString());
            accepted[0] += r.result().asJsonObject().getInt("accepted");
            accepted[1] += r.result().asJsonObject().getInt("rejected");
        }
        return accepted;
    }

    @Test
    void aFloodOfSybilAdvertsForAnAgentLeavesItServedByThisNodeAndTheHonestReplica() {
        Node a = new Node(1);
        Node b = new Node(2);
        Node c = new Node(3);
        Node mallory = new Node(4);
        a.agents.add("echo", "Echo", "", "echo");
        b.agents.add("echo", "Echo", "", "echo");
        link(a, b);
        link(c, b);
        link(a, mallory);
        link(c, mallory);
        for (Node n : List.of(a, b, c, mallory)) {
            n.publish();
            n.knows(b);
        }
        rounds(2, a, b, c);
        JsonObject echo = Json.createObjectBuilder().add("name", "echo").build();
        assertFalse(c.call("*:echo/tools/call", echo).isError(), "c uses b before the attack");
        assertEquals(1, b.agents.requests().size());

        int[] onA = pushSybils(mallory, a, 10_000);
        int[] onC = pushSybils(mallory, c, 10_000);

        for (Node victim : List.of(a, c)) {
            Registry registry = victim.registry.registry();
            assertTrue(registry.replicas("echo").size() <= settings.maxAdvertsPerAgent(), "capped per agent");
            assertTrue(registry.size() <= 4 + 4 * settings.maxNewAdvertsPerPush(), "capped per push");
            assertTrue(registry.rejectionCount(AdvertRejection.PUSH_LIMIT) > 0);
            assertTrue(registry.rejectionCount(AdvertRejection.AGENT_LIMIT) > 0);
            int found = victim.call("node/find_agents", Json.createObjectBuilder().add("agent", "echo").build())
                    .result().asJsonObject().getJsonArray("agents").size();
            assertTrue(found <= settings.maxAdvertsPerAgent(), () -> "find_agents lists " + found);
        }
        assertEquals(2000, onA[0] + onA[1]);
        assertTrue(onA[0] < 2000 && onC[0] < 2000);
        assertEquals(0, mallory.agents.requests().size());

        for (int i = 0; i < 20; i++) {
            JsonRpc.Response onNodeA = a.call("*:echo/tools/call", echo);
            assertFalse(onNodeA.isError(), () -> onNodeA.toString());
            JsonRpc.Response onNodeC = c.call("*:echo/tools/call", echo);
            assertFalse(onNodeC.isError(), () -> onNodeC.toString());
        }
        assertEquals(20, a.agents.requests().size(), "a serves echo itself, never a made-up replica");
        assertEquals(21, b.agents.requests().size(), "c keeps using the replica that answered");
    }
}
