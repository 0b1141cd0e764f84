package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import io.agentmesh.transport.PeerInfo;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** wire-v1 §5.4: each node operation's result shape. */
class NodeOperationsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualTime time = new ManualTime(START);
    private final FakeAgents agents = new FakeAgents()
            .add("echo", "Echo", "Says it again", "echo")
            .add("calculator", "Calculator", "Arithmetic for everyone", "add", "subtract");
    private final FakeLinkDirectory links = new FakeLinkDirectory();
    private final NodeInfo info = new NodeInfo(TestNodes.node(0xa), "aWRlbnRpdHk",
            List.of("ws://127.0.0.1:9080/mesh"), "agentmesh-java/0.1.0", START);
    private final NodeOperations ops = new NodeOperations(info, agents, links, time.clock());

    private JsonObject run(String op, String params) throws JsonRpcException {
        JsonObject p = params == null ? null : RouterHarness.obj(params);
        return ops.handle(op, p, null).asJsonObject();
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void getInfo() throws Exception {
        time.advance(Duration.ofMillis(1234));
        JsonObject r = run("get_info", null);
        assertEquals(Set.of("node_id", "identity", "addrs", "agents", "software", "uptime_ms"), r.keySet());
        assertEquals(info.nodeId().value(), r.getString("node_id"));
        assertEquals("aWRlbnRpdHk", r.getString("identity"));
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), strings(r.getJsonArray("addrs")));
        assertEquals(List.of("echo", "calculator"), strings(r.getJsonArray("agents")));
        assertEquals("agentmesh-java/0.1.0", r.getString("software"));
        assertEquals(1234, r.getJsonNumber("uptime_ms").longValue());
    }

    @Test
    void listAgentsIsTheDirectorysDescription() throws Exception {
        JsonObject r = run("list_agents", null);
        assertEquals(Set.of("agents"), r.keySet());
        JsonObject first = r.getJsonArray("agents").getJsonObject(0);
        assertEquals(Set.of("id", "title", "description", "tools", "resources", "prompts"), first.keySet());
        assertEquals("echo", first.getString("id"));
    }

    @Test
    void listPeers() throws Exception {
        links.addPeer(new PeerInfo(TestNodes.node(0xb), List.of("ws://127.0.0.1:9081/mesh"), true, 1_700_000_000_000L));
        links.addPeer(new PeerInfo(null, List.of("ws://127.0.0.1:9082/mesh"), false, 0));
        JsonArray peers = run("list_peers", null).getJsonArray("peers");
        assertEquals(2, peers.size());
        JsonObject known = peers.getJsonObject(0);
        assertEquals(Set.of("node_id", "addrs", "connected", "last_seen_ms"), known.keySet());
        assertEquals(TestNodes.node(0xb).value(), known.getString("node_id"));
        assertEquals(true, known.getBoolean("connected"));
        assertEquals(1_700_000_000_000L, known.getJsonNumber("last_seen_ms").longValue());
        assertEquals(JsonValue.NULL, peers.getJsonObject(1).get("node_id"));
        assertEquals(false, peers.getJsonObject(1).getBoolean("connected"));
    }

    @Test
    void ping() throws Exception {
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, run("ping", null));
    }

    @Test
    void findAgentsWithoutFilterListsThisNodesAgents() throws Exception {
        JsonArray found = run("find_agents", "{}").getJsonArray("agents");
        assertEquals(2, found.size());
        JsonObject echo = found.getJsonObject(0);
        assertEquals(Set.of("address", "node_id", "agent", "tools", "health"), echo.keySet());
        assertEquals(info.nodeId().value() + ":echo", echo.getString("address"));
        assertEquals(info.nodeId().value(), echo.getString("node_id"));
        assertEquals("echo", echo.getString("agent"));
        assertEquals(List.of("echo"), strings(echo.getJsonArray("tools")));
        assertEquals("up", echo.getString("health"));
    }

    @Test
    void findAgentsByAgent() throws Exception {
        JsonArray found = run("find_agents", "{\"agent\":\"calculator\"}").getJsonArray("agents");
        assertEquals(1, found.size());
        assertEquals("calculator", found.getJsonObject(0).getString("agent"));
    }

    @Test
    void findAgentsByTool() throws Exception {
        JsonArray found = run("find_agents", "{\"tool\":\"subtract\"}").getJsonArray("agents");
        assertEquals(List.of("calculator"), found.stream().map(v -> v.asJsonObject().getString("agent")).toList());
    }

    @Test
    void findAgentsByTextSearchesTitleDescriptionAndToolsIgnoringCase() throws Exception {
        assertEquals(1, run("find_agents", "{\"text\":\"ARITHMETIC\"}").getJsonArray("agents").size());
        assertEquals(1, run("find_agents", "{\"text\":\"subtr\"}").getJsonArray("agents").size());
        assertEquals(0, run("find_agents", "{\"text\":\"weather\"}").getJsonArray("agents").size());
    }

    @Test
    void findAgentsFiltersCombine() throws Exception {
        assertEquals(0, run("find_agents", "{\"agent\":\"echo\",\"tool\":\"add\"}").getJsonArray("agents").size());
    }

    @Test
    void findAgentsRefusesNonStringFilters() {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> run("find_agents", "{\"tool\":5}"));
        assertEquals(JsonRpc.INVALID_PARAMS, e.code());
    }

    @Test
    void findAgentsAddsOtherSourcesWithoutDuplicates() throws Exception {
        ops.addAgentSource(() -> List.of(
                new AgentListing(TestNodes.node(0xb), "weather", "Weather", "", List.of("forecast"), "stale"),
                new AgentListing(info.nodeId(), "echo", "Echo", "", List.of("echo"), "up")));
        JsonArray found = run("find_agents", null).getJsonArray("agents");
        assertEquals(3, found.size());
        JsonObject weather = found.getJsonObject(2);
        assertEquals(TestNodes.node(0xb).value() + ":weather", weather.getString("address"));
        assertEquals("stale", weather.getString("health"));
    }

    @Test
    void unknownOperationIsMethodNotFound() {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> run("reboot", null));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("node/reboot"));
    }

    @Test
    void addedOperationIsServed() throws Exception {
        ops.add("gossip", (p, c) -> Json.createObjectBuilder().add("got", p.getInt("n")).build());
        assertEquals(7, run("gossip", "{\"n\":7}").getInt("got"));
    }

    @Test
    void anExistingOperationCannotBeReplaced() {
        assertThrows(IllegalArgumentException.class, () -> ops.add("ping", (p, c) -> JsonValue.NULL));
    }
}
