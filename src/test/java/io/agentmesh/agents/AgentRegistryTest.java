package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Registration at run time, list_changed, the directory view, and pagination. */
class AgentRegistryTest {

    private static AgentDefinition agentWithTools(String id, int tools) {
        AgentDefinition agent = AgentDefinition.of(id, id.toUpperCase(), "agent " + id);
        for (int i = 0; i < tools; i++) {
            String name = "t" + i;
            agent = agent.withTool(new ToolDefinition(name, "", "", obj("{'type':'object'}"), null, null,
                    (args, inv) -> CompletableFuture.completedFuture(ToolResults.text(name))));
        }
        return agent;
    }

    private static JsonObject list(AgentHost host, String agent, String params) throws Exception {
        return host.request(agent, "tools/list", obj(params), TestCallContext.of(1)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).asJsonObject();
    }

    @Test
    void registerAndUnregisterAtRunTime() {
        var host = new AgentHost(AgentSettings.defaults());
        var events = new ArrayList<String>();
        host.addListener(new AgentListener() {
            @Override
            public void agentRegistered(AgentDefinition agent) {
                events.add("+" + agent.id());
            }

            @Override
            public void agentUnregistered(String agentId) {
                events.add("-" + agentId);
            }
        });
        host.register(agentWithTools("a", 1));
        host.register(agentWithTools("b", 2));
        assertEquals(List.of("a", "b"), host.agentIds());
        assertTrue(host.hosts("b"));
        assertEquals("duplicate agent id: a",
                assertThrows(IllegalArgumentException.class, () -> host.register(agentWithTools("a", 0))).getMessage());
        assertTrue(host.unregister("a"));
        assertFalse(host.unregister("a"));
        assertEquals(List.of("b"), host.agentIds());
        assertEquals(List.of("+a", "+b", "-a"), events);
    }

    @Test
    void reservedIdsCannotBeRegistered() {
        assertThrows(IllegalArgumentException.class, () -> AgentDefinition.of("ping", "", ""));
        assertThrows(IllegalArgumentException.class, () -> AgentDefinition.of("-x", "", ""));
    }

    @Test
    void describeForNodeListAgents() {
        var host = new AgentHost(AgentSettings.defaults());
        host.register(agentWithTools("a", 2));
        assertEquals(List.of(obj("{'id':'a','title':'A','description':'agent a','tools':['t0','t1'],"
                + "'resources':0,'prompts':0}")), host.describe());
    }

    @Test
    void defaultAgentIsConfiguredElseFirst() {
        var host = new AgentHost(AgentSettings.defaults().withDefaultAgent("b"));
        assertEquals(Optional.empty(), host.defaultAgent());
        host.register(agentWithTools("a", 0));
        assertEquals(Optional.of("a"), host.defaultAgent());
        host.register(agentWithTools("b", 0));
        assertEquals(Optional.of("b"), host.defaultAgent());
    }

    @Test
    void listensThatAskedHearOfListChanges() throws Exception {
        var host = new AgentHost(AgentSettings.defaults());
        host.register(agentWithTools("a", 1));
        var listening = TestCallContext.of(1);
        var cancelled = TestCallContext.of(2);
        var used = new RecordingSession("used");
        JsonObject all = obj("{'_meta':{'io.modelcontextprotocol/protocolVersion':'2026-07-28',"
                + "'io.modelcontextprotocol/clientCapabilities':{}},'notifications':"
                + "{'toolsListChanged':true,'resourcesListChanged':true,'promptsListChanged':true}}");
        host.request("a", "subscriptions/listen", all, listening);
        host.request("a", "subscriptions/listen", all, cancelled);
        host.request("a", "ping", obj("{}"), new TestCallContext(3, used));
        cancelled.cancel();
        host.replace(agentWithTools("a", 3));
        assertEquals(List.of("notifications/subscriptions/acknowledged", "notifications/tools/list_changed",
                "notifications/resources/list_changed", "notifications/prompts/list_changed"),
                listening.sent().stream().map(RecordingSession.Sent::method).toList());
        assertEquals(1, cancelled.sent().size(), "only its acknowledgement");
        assertEquals(List.of(), used.methods(), "a session that only used the agent is not told: it listens for that");
        assertEquals(3, list(host, "a", "{}").getJsonArray("tools").size());
    }

    @Test
    void paginationWithOpaqueCursors() throws Exception {
        var host = new AgentHost(AgentSettings.defaults().withPageSize(2));
        host.register(agentWithTools("a", 5));
        JsonObject first = list(host, "a", "{}");
        assertEquals(2, first.getJsonArray("tools").size());
        String cursor = first.getString("nextCursor");
        JsonObject second = list(host, "a", "{'cursor':'" + cursor + "'}");
        assertEquals("t2", second.getJsonArray("tools").getJsonObject(0).getString("name"));
        JsonObject third = list(host, "a", "{'cursor':'" + second.getString("nextCursor") + "'}");
        assertEquals(1, third.getJsonArray("tools").size());
        assertFalse(third.containsKey("nextCursor"));
    }

    @Test
    void badCursorIsInvalidParams() {
        var host = new AgentHost(AgentSettings.defaults().withPageSize(2));
        host.register(agentWithTools("a", 5));
        for (String cursor : List.of("'!!'", "'" + Pagination.encode("prompts", 2) + "'",
                "'" + Pagination.encode("tools", 99) + "'", "'" + Pagination.encode("tools", 0) + "'", "7")) {
            var e = AgentHostTest.error(host.request("a", "tools/list", obj("{'cursor':" + cursor + "}"),
                    TestCallContext.of(1)));
            assertEquals(JsonRpc.INVALID_PARAMS, e.code());
            assertEquals("invalid cursor", e.getMessage());
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.defaults().withPageSize(0));
        assertThrows(IllegalArgumentException.class, () -> AgentSettings.defaults().withDefaultAgent("tools"));
        assertEquals(50, AgentSettings.defaults().pageSize());
    }
}
