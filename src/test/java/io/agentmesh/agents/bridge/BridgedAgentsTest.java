package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.AgentGate;
import io.agentmesh.agents.Invocation;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What a bridged agent's definition keeps of its server's lists, and what it must leave out. */
class BridgedAgentsTest {

    /** Records nothing and answers nothing: these tests only build definitions. */
    private static final RemoteCalls NO_CALLS = new RemoteCalls() {
        @Override
        public CompletionStage<JsonObject> call(String method, JsonObject params, Invocation invocation, boolean relayProgress) {
            return CompletableFuture.failedFuture(new IllegalStateException("not called in these tests"));
        }

        @Override
        public List<String> complete(JsonObject ref, String argument, String value, Map<String, String> context) {
            return List.of();
        }
    };

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static RemoteServer server(String initializeResult) {
        return RemoteServer.of(json(initializeResult));
    }

    private static BridgedAgents.Built build(List<JsonObject> tools, List<JsonObject> resources, List<JsonObject> templates,
                                             List<JsonObject> prompts) {
        RemoteServer s = server("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{},\"completions\":{}},"
                + "\"serverInfo\":{\"name\":\"srv\",\"version\":\"3\"}}");
        return BridgedAgents.build("b", "http://127.0.0.1:1/mcp", new RemoteCatalog(s, tools, resources, templates, prompts),
                NO_CALLS, AgentGate.OPEN);
    }

    @Test
    void theServersInfoNamesTheAgent() {
        AgentDefinition a = build(List.of(), List.of(), List.of(), List.of()).definition();
        assertEquals("srv", a.title());
        assertEquals("3", a.version());
        assertEquals("MCP server srv at http://127.0.0.1:1/mcp", a.description());
        RemoteServer titled = server("{\"protocolVersion\":\"2025-11-25\",\"serverInfo\":{\"name\":\"srv\",\"title\":\"Server\","
                + "\"version\":\"1\"},\"instructions\":\"Use it well\"}");
        AgentDefinition b = BridgedAgents.build("b", "t", new RemoteCatalog(titled, List.of(), List.of(), List.of(), List.of()),
                NO_CALLS, AgentGate.OPEN).definition();
        assertEquals("Server", b.title());
        assertEquals("Use it well", b.description());
    }

    @Test
    void aToolKeepsItsSchemasAndHintsAndGetsAnObjectSchemaWhenItHasNone() {
        var built = build(List.of(
                json("{\"name\":\"a\",\"title\":\"A\",\"inputSchema\":{\"type\":\"object\",\"required\":[\"x\"]},"
                        + "\"outputSchema\":{\"type\":\"object\"},\"annotations\":{\"destructiveHint\":true}}"),
                json("{\"name\":\"b\"}")), List.of(), List.of(), List.of());
        var a = built.definition().tool("a").orElseThrow();
        assertEquals("A", a.title());
        assertEquals(List.of("x"), a.inputSchema().getJsonArray("required").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(json("{\"type\":\"object\"}"), a.outputSchema());
        assertTrue(a.annotations().getBoolean("destructiveHint"));
        var b = built.definition().tool("b").orElseThrow();
        assertEquals(json("{\"type\":\"object\"}"), b.inputSchema());
        assertNull(b.outputSchema());
        assertTrue(built.warnings().isEmpty());
    }

    /** The 2025-11-25 members this host does not model pass through as the server gave them; others do not. */
    @Test
    void iconsExecutionAndMetaPassThrough() {
        String icons = "[{\"src\":\"https://x.example/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"48x48\"]}]";
        var built = build(List.of(json("{\"name\":\"a\",\"icons\":" + icons + ",\"execution\":{\"taskSupport\":"
                        + "\"optional\"},\"_meta\":{\"x.example/k\":1},\"unknown\":2}")),
                List.of(json("{\"uri\":\"x:1\",\"name\":\"one\",\"icons\":" + icons + ",\"size\":12,"
                        + "\"annotations\":{\"priority\":0.5},\"_meta\":{}}")),
                List.of(json("{\"uriTemplate\":\"x://{id}\",\"name\":\"t\",\"icons\":" + icons + "}")),
                List.of(json("{\"name\":\"p\",\"icons\":" + icons + ",\"_meta\":{\"k\":\"v\"}}")));
        AgentDefinition a = built.definition();
        assertEquals(json("{\"icons\":" + icons + ",\"execution\":{\"taskSupport\":\"optional\"},"
                + "\"_meta\":{\"x.example/k\":1}}"), a.tool("a").orElseThrow().more());
        assertEquals(json("{\"icons\":" + icons + ",\"annotations\":{\"priority\":0.5},\"size\":12,\"_meta\":{}}"),
                a.resources().get(0).more());
        assertEquals(json("{\"icons\":" + icons + "}"), a.templates().get(0).more());
        assertEquals(json("{\"icons\":" + icons + ",\"_meta\":{\"k\":\"v\"}}"), a.prompts().get(0).more());
    }

    @Test
    void secondItemsAndNamelessItemsAreLeftOutWithAWarning() {
        var built = build(List.of(json("{\"name\":\"a\"}"), json("{\"name\":\"a\"}"), json("{\"title\":\"no name\"}")),
                List.of(json("{\"uri\":\"x:1\",\"name\":\"one\"}"), json("{\"uri\":\"x:1\",\"name\":\"again\"}")),
                List.of(), List.of(json("{\"name\":\"p\"}"), json("{\"name\":\"p\"}")));
        assertEquals(1, built.definition().tools().size());
        assertEquals(1, built.definition().resources().size());
        assertEquals(1, built.definition().prompts().size());
        assertEquals(4, built.warnings().size(), built.warnings().toString());
        assertTrue(built.warnings().get(0).contains("tool a left out"), built.warnings().get(0));
    }

    @Test
    void resourcesThatShareANameAreToldApartByUri() {
        var built = build(List.of(), List.of(json("{\"uri\":\"file:///a/README\",\"name\":\"README\"}"),
                json("{\"uri\":\"file:///b/README\",\"name\":\"README\"}")), List.of(), List.of());
        assertEquals(List.of("README", "README (file:///b/README)"),
                built.definition().resources().stream().map(r -> r.name()).toList());
    }

    @Test
    void aTemplateBeyondLevelOneIsLeftOutAndALevelOneTemplateGetsCompleters() {
        var built = build(List.of(), List.of(), List.of(json("{\"uriTemplate\":\"files://{+path}\",\"name\":\"files\"}"),
                json("{\"uriTemplate\":\"users://{org}/{id}\",\"name\":\"user\"}")), List.of());
        assertEquals(List.of("users://{org}/{id}"), built.definition().templates().stream().map(t -> t.uriTemplate().text()).toList());
        assertEquals(java.util.Set.of("org", "id"), built.definition().templates().get(0).completions().keySet());
        assertTrue(built.warnings().get(0).contains("files"), built.warnings().toString());
    }

    @Test
    void promptArgumentsKeepWhetherTheyAreRequired() {
        var built = build(List.of(), List.of(), List.of(), List.of(json("{\"name\":\"p\",\"arguments\":["
                + "{\"name\":\"a\",\"required\":true},{\"name\":\"b\",\"description\":\"bee\"}]}")));
        var p = built.definition().prompt("p").orElseThrow();
        assertTrue(p.arguments().get(0).required());
        assertEquals("bee", p.arguments().get(1).description());
        assertEquals(java.util.Set.of("a", "b"), p.completions().keySet());
    }

    @Test
    void thePlaceholderHasNothingAndTheGate() {
        AgentGate gate = (method, params) -> { };
        AgentDefinition p = BridgedAgents.placeholder("b", "http://x", gate);
        assertTrue(p.tools().isEmpty() && p.resources().isEmpty() && p.prompts().isEmpty());
        assertTrue(p.description().contains("http://x"));
        assertEquals(gate, p.gate());
    }
}
