package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** One router under test with fake agents, fake links and manual time; the test plays the peers. */
class RouterHarness {

    static final NodeId SELF = TestNodes.node(0xa);
    static final NodeId PEER = TestNodes.node(0xb);
    static final NodeId OTHER = TestNodes.node(0xc);
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final ManualTime time = new ManualTime(START);
    final FakeAgents agents = new FakeAgents()
            .add("echo", "Echo", "Says it again", "echo")
            .add("calculator", "Calculator", "Adds and subtracts numbers", "add", "subtract");
    final FakeLinkDirectory links = new FakeLinkDirectory();
    final AtomicInteger traces = new AtomicInteger();
    final JsonRpcCodec codec = new JsonRpcCodec();
    final NodeInfo info = new NodeInfo(SELF, "aWRlbnRpdHk", List.of("ws://127.0.0.1:9080/mesh"),
            "agentmesh-java/test", START);
    Router router;

    RouterHarness() {
        this(RoutingSettings.defaults(), Runnable::run);
    }

    RouterHarness(RoutingSettings settings, Executor executor) {
        router = build(settings, executor, agents);
    }

    Router build(RoutingSettings settings, Executor executor, AgentDirectory directory) {
        Router built = Router.builder().node(info).agents(directory).links(links).settings(settings)
                .executor(executor).scheduler(time).clock(time.clock())
                .traceIds(() -> "trace-" + traces.incrementAndGet()).build();
        built.start();
        return built;
    }

    /** A link from {@code peer} to this node, known to the router. */
    FakeLink inbound(NodeId peer, String id) {
        FakeLink link = new FakeLink(id, peer, false).ownedBy(router);
        router.linkUp(link);
        return link;
    }

    /** A link from this node to {@code peer}, in the link directory. */
    FakeLink outbound(NodeId peer, String id) {
        FakeLink link = FakeLink.to(peer, id).ownedBy(router);
        router.linkUp(link);
        links.add(link);
        return link;
    }

    void receive(FakeLink link, String json) {
        router.message(link, json.getBytes(StandardCharsets.UTF_8));
    }

    void receive(FakeLink link, JsonRpc message) {
        router.message(link, codec.encode(message));
    }

    /** Sends {@code json} on {@code link} and returns the one response the router sent back on it. */
    JsonRpc.Response call(FakeLink link, String json) {
        int before = link.sent().size();
        receive(link, json);
        List<JsonRpc> sent = link.sent();
        assertEquals(before + 1, sent.size(), () -> "one message back, got " + sent.subList(before, sent.size()));
        return assertInstanceOf(JsonRpc.Response.class, sent.get(sent.size() - 1));
    }

    JsonRpc.Response call(FakeLink link, JsonRpc.Request request) {
        return call(link, codec.encodeToString(request));
    }

    static JsonRpc.Request request(Object id, String method, JsonValue params) {
        JsonValue jsonId = id instanceof Number n ? Json.createValue(n.longValue()) : Json.createValue((String) id);
        return new JsonRpc.Request(jsonId, method, params);
    }

    static JsonRpc.Response done(CompletionStage<JsonRpc.Response> stage) {
        var future = stage.toCompletableFuture();
        if (!future.isDone()) {
            throw new AssertionError("the response is not there yet");
        }
        return future.join();
    }

    static JsonObject obj(String json) {
        return Json.createReader(new java.io.StringReader(json)).readObject();
    }

    static void assertError(JsonRpc.Response response, int code) {
        assertEquals(true, response.isError(), () -> "expected error " + code + ", got " + response);
        assertEquals(code, response.error().code(), () -> "error " + response.error());
    }
}
