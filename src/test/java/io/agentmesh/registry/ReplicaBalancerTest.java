package io.agentmesh.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replica choice and health tracking (docs/registry.md §5.1). */
class ReplicaBalancerTest {

    private final NodeId self = Fixtures.identity(1).nodeId();
    private final NodeId a = Fixtures.identity(2).nodeId();
    private final NodeId b = Fixtures.identity(3).nodeId();
    private final ManualClock clock = new ManualClock(Fixtures.T0);
    private final Map<NodeId, Double> standings = new HashMap<>();
    private final ReplicaBalancer balancer = new ReplicaBalancer(self, RegistrySettings.defaults(), clock.nanoTime(),
            node -> standings.getOrDefault(node, 0.0), new Random(1));

    @Test
    void fewestOutstandingRequestsWin() {
        latency(a, 10);
        latency(b, 10);
        balancer.start(a, "echo");
        balancer.start(a, "echo");
        balancer.start(b, "echo");
        assertEquals(List.of(self, b, a), balancer.order("echo", List.of(a, b, self)));
        balancer.start(self, "echo");
        balancer.start(self, "echo");
        balancer.start(self, "echo");
        assertEquals(Optional.of(b), balancer.choose("echo", List.of(a, b, self)));
    }

    @Test
    void outstandingIsCountedPerAgent() {
        balancer.start(a, "echo");
        assertEquals(balancer.order("other", List.of(a, b)), balancer.order("other", List.of(b, a)),
                "untouched agent: all equal, the keyed tie-break decides, whatever the order given");
        assertEquals(b, balancer.choose("echo", List.of(a, b)).orElseThrow());
    }

    @Test
    void tiesGoToTheLowerRecentLatency() {
        latency(a, 50);
        latency(b, 10);
        latency(self, 30);
        assertEquals(List.of(b, self, a), balancer.order("echo", List.of(a, b, self)));
    }

    @Test
    void localFirstWhenEqual() {
        assertEquals(self, balancer.choose("echo", List.of(a, b, self)).orElseThrow());
        latency(a, 20);
        latency(self, 20);
        assertEquals(List.of(b, self, a), balancer.order("echo", List.of(a, b, self)),
                "b, never measured, gets its trial");
        balancer.start(b, "echo");
        assertEquals(List.of(self, a, b), balancer.order("echo", List.of(a, b, self)),
                "its trial in flight: b after this node and the measured replicas");
    }

    @Test
    void oneUnmeasuredReplicaAtATimeGetsATrialTheOthersRankLastWhateverTheirLoad() {
        for (int i = 0; i < 5; i++) {
            balancer.start(self, "echo");
        }
        List<NodeId> order = balancer.order("echo", List.of(b, a, self));
        NodeId trial = order.get(0);
        assertTrue(trial.equals(a) || trial.equals(b), "an unmeasured replica's trial before busy self");
        NodeId other = trial.equals(a) ? b : a;
        assertEquals(List.of(trial, self, other), order, "one trial per request: the other unmeasured one last");
        balancer.start(trial, "echo");
        assertEquals(List.of(other, self, trial), balancer.order("echo", List.of(a, b, self)),
                "the other one's trial next; one in flight ranks last");
        balancer.start(other, "echo");
        assertEquals(self, balancer.order("echo", List.of(b, a, self)).get(0), "busy self before trials in flight");
    }

    @Test
    void aTrialThatGotNoAnswerIsRepeatedOnlyAfterTheCooldown() {
        latency(b, 500);
        balancer.start(a, "echo").cancelled();
        assertEquals(List.of(b, a), balancer.order("echo", List.of(a, b)), "a was tried: measured b first");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(a, b), balancer.order("echo", List.of(a, b)), "a trial again after the cooldown");
        latency(a, 900);
        assertEquals(List.of(b, a), balancer.order("echo", List.of(a, b)), "measured now: latency decides");
    }

    @Test
    void aReplicaThatCouldNotBeReachedIsDemotedAtOnce() {
        latency(a, 10);
        balancer.start(a, "echo").unreachable();
        ReplicaHealth h = balancer.health(a, "echo");
        assertFalse(h.healthy(), "one undelivered request is enough");
        assertEquals(1, h.consecutiveFailures());
        assertEquals(0, h.outstanding());
        assertEquals(List.of(b, a), balancer.order("echo", List.of(a, b)), "even an unmeasured replica goes first");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(balancer.health(a, "echo").healthy(), "tried again after the cooldown");
    }

    @Test
    void latencyIsAnExponentialAverage() {
        latency(a, 100);
        assertEquals(100.0, balancer.health(a, "echo").latencyMillis(), 1e-9);
        latency(a, 200);
        assertEquals(120.0, balancer.health(a, "echo").latencyMillis(), 1e-9);
    }

    @Test
    void repeatedFailuresMakeAReplicaUnhealthyUntilItsCooldownEnds() {
        for (int i = 0; i < 3; i++) {
            balancer.start(self, "echo").failed();
        }
        ReplicaHealth h = balancer.health(self, "echo");
        assertFalse(h.healthy());
        assertEquals(3, h.consecutiveFailures());
        assertEquals(0, h.outstanding());
        balancer.start(a, "echo");
        assertEquals(List.of(a, self), balancer.order("echo", List.of(self, a)), "healthy but busy beats unhealthy");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(balancer.health(self, "echo").healthy(), "tried again after the cooldown");
        assertEquals(List.of(self, a), balancer.order("echo", List.of(self, a)));
        balancer.start(self, "echo").failed();
        assertFalse(balancer.health(self, "echo").healthy(), "a failure after the cooldown re-arms it");
        balancer.start(self, "echo").succeeded();
        assertTrue(balancer.health(self, "echo").healthy());
        assertEquals(0, balancer.health(self, "echo").consecutiveFailures());
    }

    @Test
    void fewerFailuresThanTheThresholdKeepAReplicaHealthy() {
        balancer.start(a, "echo").failed();
        balancer.start(a, "echo").failed();
        assertTrue(balancer.health(a, "echo").healthy());
    }

    @Test
    void aCallEndsOnceAndCancelledDoesNotCountAsFailure() {
        ReplicaBalancer.Call c = balancer.start(a, "echo");
        c.failed();
        c.failed();
        c.succeeded();
        assertEquals(1, balancer.health(a, "echo").consecutiveFailures());
        assertEquals(0, balancer.health(a, "echo").outstanding());
        ReplicaBalancer.Call d = balancer.start(a, "echo");
        assertEquals(1, balancer.health(a, "echo").outstanding());
        d.cancelled();
        assertEquals(0, balancer.health(a, "echo").outstanding());
        assertEquals(1, balancer.health(a, "echo").consecutiveFailures());
    }

    @Test
    void snapshotAndForget() {
        balancer.start(a, "echo");
        balancer.start(b, "echo");
        assertEquals(2, balancer.snapshot().size());
        balancer.forget(a);
        assertEquals(List.of(b + ":echo"), balancer.snapshot().stream().map(ReplicaHealth::address).toList());
        assertEquals(Optional.empty(), balancer.choose("echo", List.of()));
    }

    private void latency(NodeId node, long millis) {
        ReplicaBalancer.Call c = balancer.start(node, "echo");
        clock.advance(Duration.ofMillis(millis));
        c.succeeded();
    }

    @Test
    void unmeasuredReplicasRankByWhatThePeerBookKnowsNotByNodeId() {
        NodeId small = NodeId.of("0".repeat(40));
        NodeId large = NodeId.of("f".repeat(40));
        standings.put(large, PeerRecord.Origin.DIRECT.ordinal() + 0.9);
        standings.put(small, PeerRecord.Origin.HEARSAY.ordinal() + 0.5);
        assertEquals(List.of(large, small), balancer.order("echo", List.of(small, large)),
                "the peer seen directly first, though its node id is the larger");
    }

    @Test
    void amongEquallyUnknownReplicasTheSmallestNodeIdDoesNotAlwaysWin() {
        NodeId small = NodeId.of("0".repeat(40));
        List<NodeId> others = java.util.stream.IntStream.range(2, 10).mapToObj(i -> Fixtures.identity(i).nodeId()).toList();
        List<NodeId> all = new java.util.ArrayList<>(others);
        all.add(small);
        boolean smallLost = false;
        for (int seed = 0; seed < 8 && !smallLost; seed++) {
            ReplicaBalancer keyed = new ReplicaBalancer(self, RegistrySettings.defaults(), clock.nanoTime(), node -> 0.0,
                    new Random(seed));
            smallLost = !keyed.order("echo", all).get(0).equals(small);
        }
        assertTrue(smallLost, "the order of ties depends on a key the attacker does not know");
    }
}
