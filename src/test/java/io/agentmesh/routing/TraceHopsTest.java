package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.done;
import static io.agentmesh.routing.RouterHarness.obj;
import static io.agentmesh.routing.RouterHarness.request;
import static io.agentmesh.routing.TraceContextTest.EXAMPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The W3C trace context of requests across a line of routers over in-memory links (docs/protocol.md, "Trace
 * context"): each hop's span is the child of the one before, from the client's {@code traceparent} to the
 * agent, and the next hop carries the span's context; with tracing off the context passes unchanged; a
 * malformed one is dropped, counted, and never handed on.
 */
class TraceHopsTest {

    private static final String STATE = "congo=t61rcWkgMzE";
    private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<Integer, Node> nodes = new HashMap<>();
    /** Every span opened, on any node, in order. */
    private final List<RecordingTracing.Opened> spans = new ArrayList<>();

    private final class Node {
        final NodeId id;
        final FakeAgents agents = new FakeAgents().add("echo", "Echo", "", "echo");
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final List<String> dropped = new ArrayList<>();
        final Router router;

        Node(int n, boolean tracing) {
            this.id = TestNodes.node(n);
            this.router = Router.builder()
                    .node(new NodeInfo(id, "key" + n, List.of("ws://127.0.0.1:" + (9100 + n) + "/mesh"),
                            "agentmesh-java/test", Instant.EPOCH))
                    .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                    .settings(RoutingSettings.defaults().withRoutes(RoutingSettings.Routes.defaults().withDialDirect(false)))
                    .announceRoutes(true).traceIds(() -> "random-trace-" + n)
                    .observer(new RouteObserver() {
                        @Override
                        public void traceContextDropped(String reason) {
                            dropped.add(reason);
                        }
                    })
                    .tracing(tracing ? new RecordingTracing(n, spans) : HopTracing.OFF).build();
            router.start();
        }
    }

    private Node node(int n) {
        return nodes.get(n);
    }

    /** Nodes 1-2-3 in a line, converged; returns the links' ends. */
    private Map<String, FakeLink[]> line(boolean tracing) {
        for (int i = 1; i <= 3; i++) {
            nodes.put(i, new Node(i, tracing));
        }
        Map<String, FakeLink[]> links = new HashMap<>();
        for (int i = 1; i < 3; i++) {
            Node a = node(i);
            Node b = node(i + 1);
            FakeLink[] ends = FakeLink.connect(a.id, a.router, b.id, b.router);
            a.links.add(ends[0]);
            b.links.add(ends[1]);
            links.put(i + "-" + (i + 1), ends);
        }
        time.advance(Duration.ofSeconds(1));
        return links;
    }

    private CompletionStage<JsonRpc.Response> callEcho(JsonObject params) {
        return node(1).router.route(request("c-1", node(3).id + ":echo/tools/call", params), Origin.detached("test"));
    }

    private static JsonObject traced(String traceparent, String tracestate) {
        String state = tracestate == null ? "" : ",\"tracestate\":\"" + tracestate + "\"";
        return obj("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"_meta\":{\"traceparent\":\"" + traceparent
                + "\"" + state + "}}");
    }

    private static JsonObject meta(JsonObject params) {
        return params.getJsonObject("_meta");
    }

    private List<JsonRpc.Request> requestsSent(FakeLink link) {
        return link.sent().stream().filter(m -> m instanceof JsonRpc.Request).map(m -> (JsonRpc.Request) m).toList();
    }

    @Test
    void oneTraceGoesFromTheClientsTraceparentThroughEveryHopToTheAgent() throws JsonRpcException {
        Map<String, FakeLink[]> links = line(true);
        JsonRpc.Response r = done(callEcho(traced(EXAMPLE, STATE)));
        assertFalse(r.isError(), r::toString);

        assertEquals(4, spans.size(), () -> "entry, two forwards, delivery: " + spans);
        RecordingTracing.Opened entry = spans.get(0);
        RecordingTracing.Opened first = spans.get(1);
        RecordingTracing.Opened second = spans.get(2);
        RecordingTracing.Opened delivery = spans.get(3);
        assertEquals(List.of(1, 1, 2, 3), spans.stream().map(RecordingTracing.Opened::node).toList());
        assertEquals(List.of(HopTracing.Kind.ENTRY, HopTracing.Kind.FORWARD, HopTracing.Kind.FORWARD,
                HopTracing.Kind.DELIVERY), spans.stream().map(s -> s.hop().kind()).toList());
        assertEquals(TraceContext.parse(EXAMPLE).withParent("00f067aa0ba902b7").traceparent(),
                entry.parent().traceparent(), "the entry is the child of the client's span");
        assertEquals(STATE, entry.parent().tracestate());
        assertEquals(entry.context(), first.parent(), "each hop the child of the one before");
        assertEquals(first.context(), second.parent());
        assertEquals(second.context(), delivery.parent());
        assertTrue(spans.stream().allMatch(s -> s.context().traceId().equals(CLIENT_TRACE)), "one trace");

        assertFalse(entry.hop().fromLink());
        assertEquals(node(2).id.value(), first.hop().nextHop());
        assertEquals(node(3).id.value(), second.hop().nextHop());
        assertTrue(second.hop().fromLink() && delivery.hop().fromLink());
        assertEquals(node(3).id + ":echo/tools/call", delivery.hop().address());
        assertEquals(CLIENT_TRACE, first.hop().routeTrace(), "the route's trace is the W3C trace id");

        JsonObject onTheWire = requestsSent(links.get("2-3")[0]).get(0).paramsObject();
        assertEquals(second.context().traceparent(), meta(onTheWire).getString("traceparent"));
        assertEquals(STATE, meta(onTheWire).getString("tracestate"), "tracestate handed on unchanged");
        assertEquals(CLIENT_TRACE, meta(onTheWire).getJsonObject(RouteMetadata.KEY).getString("trace"));

        JsonObject atTheAgent = node(3).agents.onlyRequest().params();
        assertEquals(delivery.context().traceparent(), meta(atTheAgent).getString("traceparent"),
                "the agent continues the trace from its delivery span");
        assertEquals(STATE, meta(atTheAgent).getString("tracestate"));
        assertFalse(meta(atTheAgent).containsKey(RouteMetadata.KEY));
    }

    /** docs/protocol.md, "Trace context", worked example: the request node 1 sends node 2, byte for byte. */
    static final String WORKED_EXAMPLE_ON_THE_WIRE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
            + "\"0000000000000000000000000000000000000003:echo/tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\"hi\"},\"_meta\":{\"traceparent\":"
            + "\"00-0af7651916cd43dd8448eb211c80319c-0000000000000002-01\",\"tracestate\":\"congo=t61rcWkgMzE\","
            + "\"agentmesh/route\":{\"ttl\":7,\"origin\":\"0000000000000000000000000000000000000001\","
            + "\"trace\":\"0af7651916cd43dd8448eb211c80319c\"}}}}";

    @Test
    void theWorkedExampleOfProtocolMdIsReplayedByteForByte() {
        Map<String, FakeLink[]> links = line(true);
        done(callEcho(traced(EXAMPLE, STATE)));
        String sent = links.get("1-2")[0].sentBytes().stream()
                .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))
                .filter(m -> m.contains(":echo/tools/call")).findFirst().orElseThrow();
        assertEquals(WORKED_EXAMPLE_ON_THE_WIRE, sent);
    }

    @Test
    void aCallWithoutTraceContextStartsATraceAtTheEntry() {
        line(true);
        done(callEcho(obj("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}")));
        assertEquals(4, spans.size());
        assertNull(spans.get(0).parent(), "the entry starts the trace");
        String trace = spans.get(0).context().traceId();
        assertTrue(spans.stream().allMatch(s -> s.context().traceId().equals(trace)));
        assertEquals(spans.get(3).context().traceparent(),
                meta(node(3).agents.onlyRequest().params()).getString("traceparent"));
    }

    @Test
    void withTracingOffTheContextPassesEveryHopUnchanged() throws JsonRpcException {
        Map<String, FakeLink[]> links = line(false);
        done(callEcho(traced(EXAMPLE, STATE)));
        assertTrue(spans.isEmpty());
        assertEquals("random-trace-1", meta(requestsSent(links.get("2-3")[0]).get(0).paramsObject())
                .getJsonObject(RouteMetadata.KEY).getString("trace"), "the route's trace is not the W3C trace id");
        JsonObject atTheAgent = meta(node(3).agents.onlyRequest().params());
        assertEquals(EXAMPLE, atTheAgent.getString("traceparent"));
        assertEquals(STATE, atTheAgent.getString("tracestate"));
    }

    @Test
    void aForgedTraceparentIsDroppedCountedAndNeverHandedOn() {
        line(false);
        done(callEcho(traced("ff-" + CLIENT_TRACE + "-00f067aa0ba902b7-01", STATE)));
        JsonObject atTheAgent = node(3).agents.onlyRequest().params();
        assertFalse(atTheAgent.containsKey("_meta"), () -> "no trace context left: " + atTheAgent);
        assertEquals(List.of("traceparent"), node(1).dropped, "counted once, where it came in");
        assertTrue(node(2).dropped.isEmpty() && node(3).dropped.isEmpty());
    }

    @Test
    void withTracingOnAForgedTraceparentIsReplacedByANewTrace() {
        line(true);
        done(callEcho(traced("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", STATE)));
        assertNull(spans.get(0).parent(), "nothing of the forged context is trusted");
        assertEquals(spans.get(3).context().traceparent(),
                meta(node(3).agents.onlyRequest().params()).getString("traceparent"));
        assertFalse(meta(node(3).agents.onlyRequest().params()).containsKey("tracestate"));
        assertEquals(List.of("traceparent"), node(1).dropped);
    }

    @Test
    void aMalformedContextFromALinkIsDroppedByTheNodeItReaches() {
        Map<String, FakeLink[]> links = line(false);
        // as if node 1 had sent it: node 2 reads it from its end of the link
        JsonObject params = traced(EXAMPLE, "Bad=state");
        node(2).router.message(links.get("1-2")[1], new JsonRpcCodec().encode(
                request(5, node(3).id + ":echo/tools/call", params)));
        assertEquals(List.of("tracestate"), node(2).dropped);
        JsonObject atTheAgent = meta(node(3).agents.onlyRequest().params());
        assertEquals(EXAMPLE, atTheAgent.getString("traceparent"), "the valid traceparent goes on");
        assertFalse(atTheAgent.containsKey("tracestate"));
    }

    @Test
    void nodeOperationsGetSpansOnlyWhenTheyCarryATraceContext() {
        line(true);
        done(node(1).router.route(request(1, node(3).id + ":node/ping", null), Origin.detached("gossip")));
        assertTrue(spans.isEmpty(), () -> "the node's own traffic opens no spans: " + spans);
        done(node(1).router.route(request(2, node(3).id + ":node/ping", obj("{\"_meta\":{\"traceparent\":\""
                + EXAMPLE + "\"}}")), Origin.detached("test")));
        assertEquals(List.of(HopTracing.Kind.ENTRY, HopTracing.Kind.FORWARD, HopTracing.Kind.FORWARD),
                spans.stream().map(s -> s.hop().kind()).toList());
    }

    @Test
    void aTracerThatFailsNeverBreaksRouting() {
        Router failing = Router.builder()
                .node(new NodeInfo(TestNodes.node(9), "k", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(new FakeAgents().add("echo", "Echo", "", "echo")).executor(Runnable::run).scheduler(time)
                .clock(time.clock()).traceIds(() -> "t").tracing((hop, parent) -> {
                    throw new IllegalStateException("broken tracer");
                }).build();
        JsonRpc.Response r = done(failing.route(request(1, "echo/tools/call", traced(EXAMPLE, null)),
                Origin.detached("test")));
        assertFalse(r.isError(), r::toString);
    }

    @Test
    void nodeOperationAddressesAreRecognised() {
        assertTrue(HopTraces.isNodeOperation("node/ping"));
        assertTrue(HopTraces.isNodeOperation(TestNodes.node(3) + ":node/sealed"));
        assertTrue(HopTraces.isNodeOperation("*:node/get_info"));
        assertFalse(HopTraces.isNodeOperation(TestNodes.node(3) + ":echo/tools/call"));
        assertFalse(HopTraces.isNodeOperation("tools/list"));
        assertFalse(HopTraces.isNodeOperation("mynode/tools/list"));
    }
}
