package io.agentmesh.admin.health;

import static io.agentmesh.testsupport.TestNodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.admin.health.BootstrapReadiness.State;
import io.agentmesh.admin.health.BootstrapReadiness.Verdict;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.transport.LinkManager.BootstrapStatus;
import io.agentmesh.transport.MeshUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapReadinessTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualTime time = new ManualTime(START);
    private final BootstrapReadiness rule = new BootstrapReadiness(Duration.ofSeconds(60), time.clock());

    private static BootstrapStatus entry(String url, boolean linked) {
        return new BootstrapStatus(MeshUrl.parse(url), null, false, linked);
    }

    private static BootstrapStatus self(String url) {
        return new BootstrapStatus(MeshUrl.parse(url), node(1), true, false);
    }

    @Test
    void noBootstrapListPasses() {
        Verdict v = rule.evaluate(List.of(), START);
        assertEquals(State.NONE, v.state());
        assertTrue(v.up());
    }

    @Test
    void aListOfOnlyThisNodePasses() {
        time.advance(Duration.ofMinutes(5));
        Verdict v = rule.evaluate(List.of(self("ws://node-0.mesh:9080/mesh")), START);
        assertEquals(State.NONE, v.state());
        assertTrue(v.up());
    }

    @Test
    void oneLinkedPeerIsEnoughAndTheOthersAreNamed() {
        time.advance(Duration.ofMinutes(5));
        Verdict v = rule.evaluate(List.of(entry("ws://a:1/mesh", false), entry("ws://b:2/mesh", true)), START);
        assertEquals(State.LINKED, v.state());
        assertTrue(v.up());
        assertEquals(List.of("ws://b:2/mesh"), v.linked());
        assertEquals(List.of("ws://a:1/mesh"), v.unreachable());
        assertNull(v.noneLinkedSince());
    }

    @Test
    void noneLinkedIsUpDuringTheGracePeriodThenDownNamingThem() {
        List<BootstrapStatus> down = List.of(entry("ws://a:1/mesh", false), entry("ws://b:2/mesh#" + node(2).value(), false));
        time.advance(Duration.ofSeconds(59));
        Verdict waiting = rule.evaluate(down, START);
        assertEquals(State.WAITING, waiting.state());
        assertTrue(waiting.up());
        assertEquals(START, waiting.noneLinkedSince());

        time.advance(Duration.ofSeconds(1));
        Verdict unreachable = rule.evaluate(down, START);
        assertEquals(State.UNREACHABLE, unreachable.state());
        assertFalse(unreachable.up());
        assertEquals(List.of("ws://a:1/mesh", "ws://b:2/mesh#" + node(2).value()), unreachable.unreachable());
    }

    @Test
    void theGraceRestartsFromTheLastCheckThatFoundALink() {
        time.advance(Duration.ofMinutes(10));
        assertTrue(rule.evaluate(List.of(entry("ws://a:1/mesh", true)), START).up());
        Instant lastLinked = time.clock().instant();

        time.advance(Duration.ofSeconds(30));
        Verdict lost = rule.evaluate(List.of(entry("ws://a:1/mesh", false)), START);
        assertEquals(State.WAITING, lost.state(), "a peer that restarts does not make this node unready at once");
        assertEquals(lastLinked, lost.noneLinkedSince());

        time.advance(Duration.ofSeconds(30));
        assertEquals(State.UNREACHABLE, rule.evaluate(List.of(entry("ws://a:1/mesh", false)), START).state());
    }

    @Test
    void aRestartedNodeCountsFromItsNewStart() {
        time.advance(Duration.ofMinutes(10));
        Instant restarted = time.clock().instant().minusSeconds(5);
        assertEquals(State.WAITING, rule.evaluate(List.of(entry("ws://a:1/mesh", false)), restarted).state());
    }

    @Test
    void aZeroGraceIsStrict() {
        BootstrapReadiness strict = new BootstrapReadiness(Duration.ZERO, time.clock());
        assertEquals(State.UNREACHABLE, strict.evaluate(List.of(entry("ws://a:1/mesh", false)), START).state());
        assertThrows(IllegalArgumentException.class, () -> new BootstrapReadiness(Duration.ofSeconds(-1), time.clock()));
    }
}
