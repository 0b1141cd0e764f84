package io.agentmesh.routing;

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
import io.agentmesh.transport.Link;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The router tells its {@link RouteObserver} how requests end: served by agents, sent on links, answered. */
class RouteObserverTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));

    private record Event(String kind, String who, String method, Duration took, JsonRpc.Response response) {
    }

    private static final class Recorder implements RouteObserver {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void answered(String method, String from, Duration took, JsonRpc.Response response) {
            events.add(new Event("answered", from, method, took, response));
        }

        @Override
        public void served(String agent, String method, Duration took, JsonRpc.Response response) {
            events.add(new Event("served", agent, method, took, response));
        }

        @Override
        public void sent(Link link, String method, boolean forwarded, Duration took, JsonRpc.Response response) {
            events.add(new Event(forwarded ? "forwarded" : "sent", link.id(), method, took, response));
        }

        List<Event> of(String kind) {
            return events.stream().filter(e -> e.kind().equals(kind)).toList();
        }
    }

    private final class Node {
        final NodeId id;
        final FakeAgents agents = new FakeAgents();
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final Recorder observed = new Recorder();
        final Router router;

        Node(int n) {
            id = TestNodes.node(n);
            router = Router.builder()
                    .node(new NodeInfo(id, "key" + n, List.of(), "agentmesh-java/test", Instant.EPOCH))
                    .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                    .traceIds(() -> "trace-of-" + n).observer(observed).build();
            router.start();
        }
    }

    private final Node a = new Node(0xa);
    private final Node b = new Node(0xb);

    private FakeLink[] link(Node x, Node y) {
        FakeLink[] ends = FakeLink.connect(x.id, x.router, y.id, y.router);
        x.links.add(ends[0]);
        y.links.add(ends[1]);
        return ends;
    }

    @Test
    void aSlowAgentCallIsServedAnsweredAndForwardedWithItsDuration() {
        CompletableFuture<jakarta.json.JsonValue> result = new CompletableFuture<>();
        b.agents.add("echo", "Echo", "", "echo").answerWith(call -> result);
        FakeLink[] ab = link(a, b);

        var answer = a.router.route(request(1, b.id + ":echo/tools/call", obj("{\"name\":\"echo\"}")),
                Origin.detached("admin console"));
        time.advance(Duration.ofMillis(40));
        result.complete(obj("{\"content\":[]}"));
        assertFalse(done(answer).isError());

        Event served = b.observed.of("served").get(0);
        assertEquals("echo", served.who());
        assertEquals("tools/call", served.method());
        assertEquals(Duration.ofMillis(40), served.took());
        assertFalse(served.response().isError());

        Event forwarded = a.observed.of("forwarded").get(0);
        assertEquals(ab[0].id(), forwarded.who());
        assertEquals(b.id + ":echo/tools/call", forwarded.method());
        assertEquals(Duration.ofMillis(40), forwarded.took());

        Event answered = a.observed.of("answered").get(0);
        assertEquals("admin console", answered.who());
        assertEquals(b.id + ":echo/tools/call", answered.method());
        assertEquals(1, b.observed.of("answered").size(), "the far node answered its link's request too");
        assertTrue(a.observed.of("served").isEmpty(), "node a hosts no agent");
    }

    @Test
    void errorsAreObservedWithTheirCode() {
        link(a, b);
        var r = done(a.router.route(request(1, b.id + ":missing/tools/list", null), Origin.detached("t")));
        assertEquals(JsonRpc.AGENT_NOT_FOUND, r.error().code());
        assertEquals(JsonRpc.AGENT_NOT_FOUND, a.observed.of("answered").get(0).response().error().code());
        assertEquals(JsonRpc.AGENT_NOT_FOUND, a.observed.of("forwarded").get(0).response().error().code());

        var unreachable = done(a.router.route(request(2, TestNodes.node(0xd) + ":echo/tools/list", null),
                Origin.detached("t")));
        assertEquals(JsonRpc.NODE_UNREACHABLE, unreachable.error().code());
        assertEquals(JsonRpc.NODE_UNREACHABLE, a.observed.of("answered").get(1).response().error().code());
    }

    @Test
    void ownRequestsOnALinkAreSentNotForwarded() {
        b.agents.add("echo", "Echo", "", "echo");
        FakeLink[] ab = link(a, b);
        done(a.router.request(ab[0], b.id + ":node/ping", null));
        Event sent = a.observed.of("sent").get(0);
        assertEquals(ab[0].id(), sent.who());
        assertEquals(b.id + ":node/ping", sent.method());
    }

    @Test
    void anObserverThatThrowsDoesNotBreakRouting() {
        Router router = Router.builder()
                .node(new NodeInfo(TestNodes.node(0xe), "k", List.of(), "t", Instant.EPOCH))
                .agents(new FakeAgents().add("echo", "Echo", "", "echo"))
                .executor(Runnable::run).scheduler(time).clock(time.clock()).traceIds(() -> "trace")
                .observer(new RouteObserver() {
                    @Override
                    public void served(String agent, String method, Duration took, JsonRpc.Response response) {
                        throw new IllegalStateException("broken observer");
                    }
                }).build();
        router.start();
        var r = done(router.route(request(1, "echo/tools/list", null), Origin.detached("t")));
        assertFalse(r.isError(), r::toString);
    }
}
