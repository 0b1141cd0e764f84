package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code /mcp/{node-id}/{agent-id}} on node A reaching an agent on node B through two real routers
 * joined by an in-memory link (wire-v1 §7 with §5.3): results, progress relayed back onto the POST's
 * SSE reply, cancellation carried to B, and −32060 for a node with no route.
 */
class McpThroughMeshTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final NodeId a = TestNodes.node(0xa);
    private final NodeId b = TestNodes.node(0xb);
    private final TestAgents agentsOfB = new TestAgents();
    private final FakeLinkDirectory linksOfA = new FakeLinkDirectory();
    private final FakeLinkDirectory linksOfB = new FakeLinkDirectory();
    private final Router routerA = router(a, AgentDirectory.EMPTY, linksOfA);
    private final Router routerB = router(b, agentsOfB, linksOfB);
    private final McpHttpHandler handlerA = new McpHttpHandler(McpHttpSettings.defaults(), AgentDirectory.EMPTY,
            new MeshEntry(routerA, time, Runnable::run), () -> Optional.of(a),
            Optional.empty(), new CountingRandom(3), new ManualClock());

    McpThroughMeshTest() {
        FakeLink[] ends = FakeLink.connect(a, routerA, b, routerB);
        linksOfA.add(ends[0]);
        linksOfB.add(ends[1]);
    }

    private Router router(NodeId id, AgentDirectory agents, FakeLinkDirectory links) {
        return Router.builder().node(new NodeInfo(id, "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                .traceIds(() -> "trace").build();
    }

    private TestExchange post(String path, String body, String session) throws Exception {
        TestExchange ex = TestExchange.post(path, body);
        if (session != null) {
            ex.header("Mcp-Session-Id", session);
        }
        handlerA.handle(ex);
        return ex;
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private String initialize(String path) throws Exception {
        TestExchange init = post(path, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-06-18\"}}", null);
        assertEquals(200, init.status, init.text());
        assertEquals("2025-06-18", json(init.text()).getJsonObject("result").getString("protocolVersion"));
        return init.responseHeaders.get("Mcp-Session-Id");
    }

    @Test
    void aRequestReachesTheAgentOnTheOtherNodeAndItsResultComesBack() throws Exception {
        String path = "/" + b + "/echo";
        String session = initialize(path);
        assertNotNull(session);
        TestExchange call = post(path, "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"across the mesh\"}}}", session);
        assertEquals(200, call.status);
        JsonObject response = json(call.text());
        assertEquals("c1", response.getString("id"), "the client's id, not the link-local one");
        assertEquals("across the mesh", response.getJsonObject("result").getJsonArray("content")
                .getJsonObject(0).getString("text"));
        TestExchange notification = post(path, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
        assertEquals(202, notification.status);
        assertEquals("notifications/initialized", agentsOfB.notifications.get(0).method());
    }

    @Test
    void progressFromTheOtherNodeArrivesOnTheSseReply() throws Exception {
        String path = "/" + b + "/echo";
        String session = initialize(path);
        TestExchange call = post(path, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"progress\",\"_meta\":{\"progressToken\":\"t\"}}}", session);
        assertEquals("text/event-stream", call.contentType);
        agentsOfB.release("done remotely");
        assertTrue(call.awaitEnd());
        String text = call.text();
        assertEquals(2, text.split("notifications/progress", -1).length - 1, text);
        assertTrue(text.contains("\"id\":7") && text.contains("done remotely"));
    }

    @Test
    void cancellationIsCarriedToTheOtherNode() throws Exception {
        String path = "/" + b + "/echo";
        String session = initialize(path);
        TestExchange call = post(path, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"wait\"}}", session);
        assertFalse(call.isEnded());
        TestExchange cancel = post(path, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":9}}", session);
        assertEquals(202, cancel.status);
        assertTrue(call.awaitEnd());
        assertTrue(agentsOfB.contexts.get(agentsOfB.contexts.size() - 1).isCancelled(), "B's call was cancelled");
        assertTrue(json(call.text()).containsKey("error"));
    }

    @Test
    void aNodeWithoutARouteIsMinus32060() throws Exception {
        NodeId nowhere = TestNodes.node(0xc);
        TestExchange init = post("/" + nowhere + "/echo", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{}}", null);
        JsonObject error = json(init.text()).getJsonObject("error");
        assertEquals(JsonRpc.NODE_UNREACHABLE, error.getInt("code"));
        assertEquals(nowhere.value(), error.getJsonObject("data").getString("node"));
        assertEquals(null, init.responseHeaders.get("Mcp-Session-Id"));
    }

    @Test
    void anUnknownAgentOnTheOtherNodeIsMinus32061() throws Exception {
        TestExchange init = post("/" + b + "/nobody", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{}}", null);
        assertEquals(JsonRpc.AGENT_NOT_FOUND, json(init.text()).getJsonObject("error").getInt("code"));
    }
}
