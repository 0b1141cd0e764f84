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
import io.agentmesh.testsupport.FakeSession;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Several routers talking over in-memory links: requests cross the mesh and come back (wire-v1 §5). */
class MeshTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));

    private final class Node {
        final NodeId id;
        final FakeAgents agents = new FakeAgents();
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final Router router;

        Node(int n) {
            id = TestNodes.node(n);
            router = Router.builder()
                    .node(new NodeInfo(id, "key" + n, List.of(), "agentmesh-java/test", Instant.EPOCH))
                    .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                    .traceIds(() -> "trace-of-" + n).build();
            router.start();
        }
    }

    private static FakeLink[] link(Node a, Node b) {
        FakeLink[] ends = FakeLink.connect(a.id, a.router, b.id, b.router);
        a.links.add(ends[0]);
        b.links.add(ends[1]);
        return ends;
    }

    private final Node a = new Node(0xa);
    private final Node b = new Node(0xb);

    @Test
    void localRequestReachesAnAgentOnAnotherNodeAndComesBack() {
        b.agents.add("echo", "Echo", "", "echo");
        link(a, b);
        JsonObject params = obj("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
        JsonRpc.Response r = done(a.router.route(request("x-1", b.id + ":echo/tools/call", params), Origin.detached("test")));
        assertFalse(r.isError(), () -> r.toString());
        assertEquals(Json.createValue("x-1"), r.id());
        FakeAgents.Call call = b.agents.onlyRequest();
        assertEquals("tools/call", call.method());
        assertEquals(params, call.params(), "route metadata is gone at delivery");
        assertEquals(a.id.value(), call.context().originNode());
    }

    @Test
    void requestFromAThirdNodeIsForwardedOnceAndAnswered() {
        Node c = new Node(0xc);
        b.agents.add("calculator", "Calc", "", "add");
        link(a, b);
        FakeLink[] ca = link(c, a);
        JsonRpc.Response r = done(c.router.request(ca[0], b.id + ":calculator/tools/call", obj("{\"name\":\"add\"}")));
        assertFalse(r.isError(), () -> r.toString());
        assertEquals(c.id.value(), b.agents.onlyRequest().context().originNode(), "origin is the requester, not the forwarder");
        assertEquals(obj("{\"name\":\"add\"}"), b.agents.onlyRequest().params());
    }

    @Test
    void nodeOperationOfAnotherNode() {
        b.agents.add("echo", "Echo", "", "echo");
        link(a, b);
        JsonRpc.Response r = done(a.router.route(request(1, b.id + ":node/get_info", null), Origin.detached("t")));
        assertEquals(b.id.value(), r.result().asJsonObject().getString("node_id"));
        assertEquals(List.of("echo"), r.result().asJsonObject().getJsonArray("agents").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
    }

    @Test
    void starWithABalancerThatKnowsAnotherNode() {
        b.agents.add("weather", "Weather", "", "forecast");
        link(a, b);
        a.router.setBalancer(agent -> agent.equals("weather") ? java.util.List.of(b.id) : java.util.List.of());
        JsonRpc.Response r = done(a.router.route(request(1, "*:weather/tools/list", null), Origin.detached("t")));
        assertFalse(r.isError(), () -> r.toString());
        assertEquals("weather", b.agents.onlyRequest().agent());
    }

    @Test
    void agentErrorOnTheFarNodeComesBackUnchanged() {
        link(a, b);
        JsonRpc.Response r = done(a.router.route(request(1, b.id + ":missing/tools/list", null), Origin.detached("t")));
        assertError(r, JsonRpc.AGENT_NOT_FOUND);
        assertEquals(JsonRpc.errorData(b.id.value(), "missing"), r.error().data());
    }

    @Test
    void progressAndCancellationCrossTheMesh() {
        b.agents.add("slow", "Slow", "", "work").hold();
        link(a, b);
        List<JsonObject> progress = new ArrayList<>();
        Origin origin = Origin.of("mcp", new FakeSession("s"), (m, p) -> progress.add(p));
        CompletionStage<JsonRpc.Response> answer = a.router.route(
                request(1, b.id + ":slow/tools/call", obj("{\"name\":\"work\",\"_meta\":{\"progressToken\":\"p\"}}")), origin);
        FakeAgents.Call call = b.agents.onlyRequest();
        call.context().sendNotification("notifications/progress", obj("{\"progressToken\":\"p\",\"progress\":1}"));
        assertEquals(1, progress.size());
        origin.cancellation().cancel("enough");
        assertTrue(call.context().isCancelled());
        assertEquals("notifications/cancelled", b.agents.notifications().get(0).method());
        assertTrue(answer.toCompletableFuture().isDone());
    }

    @Test
    void linkLossWhileWaitingIsNodeUnreachable() {
        b.agents.add("slow", "Slow", "", "work").hold();
        FakeLink[] ab = link(a, b);
        CompletionStage<JsonRpc.Response> answer = a.router.route(request(1, b.id + ":slow/tools/call", null), Origin.detached("t"));
        ab[0].drop();
        assertError(done(answer), JsonRpc.NODE_UNREACHABLE);
        assertTrue(b.agents.onlyRequest().context().isCancelled(), "the far side stops the work too");
    }

    @Test
    void requestAddressedBackToTheRequesterIsServedThere() {
        a.agents.add("echo", "Echo", "", "echo").answerWith(c -> CompletableFuture.completedFuture(Json.createValue("from a")));
        FakeLink[] ab = link(a, b);
        JsonRpc.Response r = done(b.router.request(ab[1], a.id + ":echo/tools/list", null));
        assertEquals(Json.createValue("from a"), r.result());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, a.agents.onlyRequest().params());
    }
}
