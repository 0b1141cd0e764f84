package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.Balancer;
import io.agentmesh.testsupport.ManualClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The registry as the router's balancer: candidates, tracking, and what may be sent again (docs/registry.md §5). */
class RegistryBalancerTest {

    private final NodeIdentity self = Fixtures.identity(1);
    private final NodeIdentity alice = Fixtures.identity(2);
    private final NodeIdentity bob = Fixtures.identity(3);
    private final ManualClock clock = new ManualClock(T0.plusSeconds(1));
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final Registry registry = new Registry(self.nodeId(), settings, clock, new AdvertVerifier(settings),
            node -> 1.0);
    private final ReplicaBalancer replicas = new ReplicaBalancer(self.nodeId(), settings, clock.nanoTime(), node -> 0.0,
            new Random(1));
    private final RegistryBalancer balancer = new RegistryBalancer(registry, replicas);

    RegistryBalancerTest() {
        List<AgentInfo> agents = List.of(Fixtures.echoAgent(), Fixtures.calculatorAgent());
        registry.offer(Fixtures.signed(alice, 1, T0, Duration.ofMinutes(10), agents).envelope());
        registry.offer(Fixtures.signed(bob, 1, T0, Duration.ofMinutes(10), agents).envelope());
    }

    private static JsonObject tool(String name) {
        return Json.createObjectBuilder().add("name", name).build();
    }

    @Test
    void candidatesAreTheNodesWhoseAdvertListsTheAgentInTheBalancersOrder() {
        assertEquals(List.of(alice.nodeId(), bob.nodeId()).stream().sorted().toList(),
                balancer.candidates("echo").stream().sorted().toList());
        assertEquals(List.of(), balancer.candidates("weather"));
    }

    @Test
    void aRequestInFlightSendsTheNextToTheOtherReplica() {
        var first = balancer.candidates("echo").get(0);
        Balancer.Attempt attempt = balancer.start(first, "echo");
        assertFalse(balancer.candidates("echo").get(0).equals(first), "fewest outstanding first");
        attempt.succeeded();
        assertEquals(0, replicas.health(first, "echo").outstanding());
    }

    @Test
    void failuresPutAReplicaLast() {
        var first = balancer.candidates("echo").get(0);
        for (int i = 0; i < settings.replicaFailureThreshold(); i++) {
            balancer.start(first, "echo").failed();
        }
        assertEquals(first, balancer.candidates("echo").get(1));
    }

    @Test
    void toolsAnnotatedReadOnlyOrIdempotentAreSafeToRepeatOthersAreNot() {
        assertTrue(balancer.safeToRepeat(alice.nodeId(), "echo", "tools/call", tool("echo")), "readOnly + idempotent");
        assertTrue(balancer.safeToRepeat(alice.nodeId(), "calculator", "tools/call", tool("add")), "readOnly");
        assertFalse(balancer.safeToRepeat(alice.nodeId(), "echo", "tools/call", tool("shout")), "no annotations");
        assertFalse(balancer.safeToRepeat(alice.nodeId(), "calculator", "tools/call", tool("increment_counter")));
        assertFalse(balancer.safeToRepeat(alice.nodeId(), "echo", "tools/call", tool("unknown")), "not advertised");
        assertFalse(balancer.safeToRepeat(alice.nodeId(), "echo", "tools/call", JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(balancer.safeToRepeat(self.nodeId(), "echo", "tools/call", tool("echo")), "no advert of that node");
        assertTrue(balancer.safeToRepeat(alice.nodeId(), "echo", "tools/list", JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(balancer.safeToRepeat(alice.nodeId(), "echo", "resources/subscribe", JsonValue.EMPTY_JSON_OBJECT));
    }

    @Test
    void aNodeWhoseAdvertLeavesIsForgotten() {
        balancer.start(alice.nodeId(), "echo");
        assertEquals(1, replicas.health(alice.nodeId(), "echo").outstanding());
        clock.advance(Duration.ofMinutes(11));
        registry.expire();
        assertEquals(0, replicas.health(alice.nodeId(), "echo").outstanding());
        assertTrue(replicas.snapshot().isEmpty());
    }
}
