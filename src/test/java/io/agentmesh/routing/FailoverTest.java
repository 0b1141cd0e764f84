package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.assertError;
import static io.agentmesh.routing.RouterHarness.done;
import static io.agentmesh.routing.RouterHarness.obj;
import static io.agentmesh.routing.RouterHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Failover between replicas of an agent (docs/registry.md §5.2): routers over in-memory links, node A
 * calling {@code *:counter/tools/call} with B and C as its replicas. {@code bump} counts and is not
 * idempotent; {@code peek} is read-only. Each test counts what every replica ran.
 */
class FailoverTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final JsonObject BUMP = obj("{\"name\":\"bump\"}");
    private static final JsonObject PEEK = obj("{\"name\":\"peek\"}");

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));

    private final class Node {
        final NodeId id;
        final FakeAgents agents = new FakeAgents();
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final Router router;

        Node(int n, RoutingSettings settings) {
            id = TestNodes.node(n);
            router = Router.builder()
                    .node(new NodeInfo(id, "key" + n, List.of(), "agentmesh-java/test", Instant.EPOCH))
                    .agents(agents).links(links).settings(settings).executor(Runnable::run).scheduler(time)
                    .clock(time.clock()).traceIds(() -> "trace-of-" + n).build();
            router.start();
        }

        Node hostingCounter() {
            agents.add("counter", "Counter", "", "bump", "peek");
            return this;
        }

        int ran(String tool) {
            return (int) agents.requests().stream().filter(c -> tool.equals(c.params().getString("name", null))).count();
        }
    }

    /** The test's balancer: fixed candidates, {@code peek} safe to repeat, every attempt recorded. */
    private static final class Replicas implements Balancer {
        final List<NodeId> order;
        final List<String> events = new CopyOnWriteArrayList<>();
        /** Whether attempts record {@code unreachable} apart (else it counts as {@code failed}, the default). */
        boolean tellsUnreachable;

        Replicas(NodeId... order) {
            this.order = List.of(order);
        }

        @Override
        public List<NodeId> candidates(String agentId) {
            return "counter".equals(agentId) ? order : List.of();
        }

        @Override
        public Attempt start(NodeId node, String agentId) {
            String who = name(node);
            events.add("start " + who);
            return new Attempt() {
                @Override public void succeeded() { events.add("ok " + who); }
                @Override public void failed() { events.add("failed " + who); }
                @Override public void cancelled() { events.add("cancelled " + who); }
                @Override public void unreachable() {
                    if (tellsUnreachable) {
                        events.add("unreachable " + who);
                    } else {
                        failed();
                    }
                }
            };
        }

        @Override
        public boolean safeToRepeat(NodeId node, String agentId, String op, JsonObject params) {
            return "tools/call".equals(op) && Set.of("peek").contains(params.getString("name", ""));
        }
    }

    private static final NodeId A = TestNodes.node(0xa);
    private static final NodeId B = TestNodes.node(0xb);
    private static final NodeId C = TestNodes.node(0xc);
    private static final NodeId D = TestNodes.node(0xd);

    private static String name(NodeId id) {
        return id.equals(A) ? "A" : id.equals(B) ? "B" : id.equals(C) ? "C" : "D";
    }

    private final RoutingSettings settings = RoutingSettings.defaults().withForwardingDeadline(DEADLINE);
    private final Node a = new Node(0xa, settings);
    private final Node b = new Node(0xb, settings).hostingCounter();
    private final Node c = new Node(0xc, settings).hostingCounter();
    private final Replicas replicas = new Replicas(B, C);

    FailoverTest() {
        a.router.setBalancer(replicas);
    }

    private static FakeLink[] link(Node x, Node y) {
        FakeLink[] ends = FakeLink.connect(x.id, x.router, y.id, y.router);
        x.links.add(ends[0]);
        y.links.add(ends[1]);
        return ends;
    }

    private CompletionStage<JsonRpc.Response> call(JsonObject params) {
        return a.router.route(request(1, "*:counter/tools/call", params), Origin.detached("test"));
    }

    @Test
    void theFirstCandidateServesWhenItAnswers() {
        link(a, b);
        link(a, c);
        JsonRpc.Response r = done(call(BUMP));
        assertFalse(r.isError(), r::toString);
        assertEquals(1, b.ran("bump"));
        assertEquals(0, c.ran("bump"));
        assertEquals(List.of("start B", "ok B"), replicas.events);
    }

    @Test
    void aReplicaWithNoWayToItIsSkippedEvenForANonIdempotentTool() {
        link(a, c);                                       // no link, route or addrs for B
        JsonRpc.Response r = done(call(BUMP));
        assertFalse(r.isError(), r::toString);
        assertEquals(1, c.ran("bump"));
        assertEquals(List.of("start B", "failed B", "start C", "ok C"), replicas.events);
    }

    @Test
    void theBalancerHearsThatAReplicaWasNotReachedButThatALostOneFailed() {
        replicas.tellsUnreachable = true;
        link(a, c);                                       // no link, route or addrs for B
        assertFalse(done(call(BUMP)).isError());
        assertEquals(List.of("start B", "unreachable B", "start C", "ok C"), replicas.events);
        replicas.events.clear();
        FakeLink[] ab = link(a, b);
        b.agents.hold();
        CompletionStage<JsonRpc.Response> pending = call(PEEK);
        ab[0].drop();
        assertFalse(done(pending).isError());
        assertEquals(List.of("start B", "failed B", "start C", "ok C"), replicas.events, "sent, then lost: may have run");
    }

    @Test
    void aLinkLostAfterDeliveryRetriesAReadOnlyToolOnTheNextReplica() {
        FakeLink[] ab = link(a, b);
        link(a, c);
        b.agents.hold();
        CompletionStage<JsonRpc.Response> pending = call(PEEK);
        assertEquals(1, b.ran("peek"));
        ab[0].drop();
        JsonRpc.Response r = done(pending);
        assertFalse(r.isError(), r::toString);
        assertEquals(1, c.ran("peek"));
        assertEquals(List.of("start B", "failed B", "start C", "ok C"), replicas.events);
    }

    @Test
    void aLinkLostAfterDeliveryNeverRunsANonIdempotentToolTwice() {
        FakeLink[] ab = link(a, b);
        link(a, c);
        b.agents.hold();
        CompletionStage<JsonRpc.Response> pending = call(BUMP);
        ab[0].drop();
        assertError(done(pending), JsonRpc.NODE_UNREACHABLE);
        assertEquals(1, b.ran("bump"));
        assertEquals(0, c.ran("bump"), "bump ran on one replica only");
        assertEquals(List.of("start B", "failed B"), replicas.events);
    }

    @Test
    void aDeadlinePassedRetriesOnlyWhatIsSafeToRunTwice() {
        link(a, b);
        link(a, c);
        b.agents.hold();
        CompletionStage<JsonRpc.Response> peek = call(PEEK);
        CompletionStage<JsonRpc.Response> bump = a.router.route(request(2, "*:counter/tools/call", BUMP),
                Origin.detached("test"));
        time.advance(DEADLINE);
        assertFalse(done(peek).isError(), () -> done(peek).toString());
        assertError(done(bump), JsonRpc.TIMEOUT);
        assertEquals(1, c.ran("peek"));
        assertEquals(0, c.ran("bump"));
    }

    @Test
    void aReplicaThatNoLongerHostsTheAgentIsSkipped() {
        Node stale = new Node(0xb, settings);             // B without the agent: answers -32061
        link(a, stale);
        link(a, c);
        JsonRpc.Response r = done(call(BUMP));
        assertFalse(r.isError(), r::toString);
        assertEquals(1, c.ran("bump"));
        assertEquals(List.of("start B", "failed B", "start C", "ok C"), replicas.events);
    }

    @Test
    void anErrorOfTheReplicaItselfIsTheAnswer() {
        link(a, b);
        link(a, c);
        b.agents.answerWith(call -> CompletableFuture.failedFuture(
                new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid params: no such counter")));
        assertError(done(call(PEEK)), JsonRpc.INVALID_PARAMS);
        assertEquals(0, c.ran("peek"));
        assertEquals(List.of("start B", "ok B"), replicas.events);
    }

    @Test
    void noMoreReplicasAreTriedThanTheSettingAllows() {
        Node two = new Node(0xa, settings.withFailoverAttempts(2));
        Replicas three = new Replicas(B, C, D);
        two.router.setBalancer(three);                     // no way to any of them
        JsonRpc.Response r = done(two.router.route(request(1, "*:counter/tools/call", BUMP), Origin.detached("test")));
        assertError(r, JsonRpc.NODE_UNREACHABLE);
        assertEquals(List.of("start B", "failed B", "start C", "failed C"), three.events);
    }

    @Test
    void aCancelledRequestIsNotSentAgain() {
        FakeLink[] ab = link(a, b);
        link(a, c);
        b.agents.hold();
        Origin origin = Origin.detached("test");
        CompletionStage<JsonRpc.Response> pending = a.router.route(request(1, "*:counter/tools/call", PEEK), origin);
        origin.cancellation().cancel("user gave up");
        ab[0].drop();
        assertTrue(pending.toCompletableFuture().isDone());
        assertEquals(0, c.ran("peek"));
        assertEquals(List.of("start B", "cancelled B"), replicas.events);
    }

    @Test
    void thisNodeAmongTheCandidatesServesLocally() {
        a.hostingCounter();
        Replicas withSelf = new Replicas(A, B);
        a.router.setBalancer(withSelf);
        link(a, b);
        JsonRpc.Response r = done(call(BUMP));
        assertFalse(r.isError(), r::toString);
        assertEquals(1, a.ran("bump"));
        assertEquals(0, b.ran("bump"));
        assertEquals(List.of("start A", "ok A"), withSelf.events);
    }

    @Test
    void aNodeHostingTheAgentServesItWhenTheBalancerDoesNotKnowYet() {
        a.hostingCounter();
        a.router.setBalancer(agent -> new ArrayList<>());
        JsonRpc.Response r = done(call(BUMP));
        assertFalse(r.isError(), r::toString);
        assertEquals(1, a.ran("bump"));
    }

    @Test
    void noCandidateIsAgentNotFound() {
        a.router.setBalancer(agent -> List.of());
        assertError(done(call(BUMP)), JsonRpc.AGENT_NOT_FOUND);
    }
}
