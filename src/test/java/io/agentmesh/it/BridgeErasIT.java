package io.agentmesh.it;

import static io.agentmesh.it.McpHttp.inSession;
import static io.agentmesh.it.McpHttp.json;
import static io.agentmesh.it.McpHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.EraServer;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bridges to servers that speak one revision each, on a node of their own (offset 210): {@code modern}
 * bridges an HTTP server that speaks only MCP 2026-07-28, {@code legacy} one that speaks only 2025-06-18
 * ({@link EraServer}, in this JVM). Clients of the node reach both tools with 2025-11-25 sessions, the
 * official MCP Java SDK client among them, and see the bridged tool's icons, execution and _meta.
 */
class BridgeErasIT {

    private static EraServer modern;
    private static EraServer legacy;
    private static LibertyNode node;

    @BeforeAll
    static void start() {
        modern = EraServer.modern();
        legacy = EraServer.legacy();
        node = LibertyNode.create("bridge-eras", LibertyNode.basePort() + 210, Map.of(
                "MESH_BRIDGES", "modern,legacy",
                "MESH_BRIDGE_MODERN_URL", modern.url().toString(),
                "MESH_BRIDGE_LEGACY_URL", legacy.url().toString())).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
        if (modern != null) {
            modern.close();
        }
        if (legacy != null) {
            legacy.close();
        }
    }

    private final McpHttp mcp = new McpHttp(node.httpPort());

    /** tools/list of a bridged agent once its server was reached (its tool listed). */
    private JsonObject toolOf(String agent) throws Exception {
        String session = mcp.session("/mcp/" + agent);
        return Eventually.until(Duration.ofMinutes(1), () -> {
            HttpResponse<String> r = mcp.post("/mcp/" + agent, request(2, "tools/list", "{}"), inSession(session));
            var tools = json(r.body()).getJsonObject("result").getJsonArray("tools");
            return tools.isEmpty() ? null : tools.getJsonObject(0);
        }, tool -> tool != null, last -> "bridge " + agent + " never listed its server's tool");
    }

    private JsonObject shout(String agent, String text) throws Exception {
        String session = mcp.session("/mcp/" + agent);
        HttpResponse<String> r = mcp.post("/mcp/" + agent, request(3, "tools/call",
                "{\"name\":\"shout\",\"arguments\":{\"text\":\"" + text + "\"}}"), inSession(session));
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonObject("result");
    }

    @Test
    void aServerThatSpeaksOnly20260728IsCallableThroughMcp() throws Exception {
        JsonObject tool = toolOf("modern");
        assertEquals(EraServer.TOOL, tool, "every member of the descriptor passed through");
        JsonObject result = shout("modern", "modern times");
        assertEquals("MODERN TIMES", result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertFalse(result.containsKey("resultType"));
        assertFalse(modern.methods().contains("initialize"), "no initialize: " + modern.methods());
        assertTrue(modern.methods().contains("server/discover"));
    }

    @Test
    void aServerThatSpeaksOnly20250618IsCallableThroughMcp() throws Exception {
        assertEquals(EraServer.TOOL, toolOf("legacy"));
        JsonObject result = shout("legacy", "old school");
        assertEquals("OLD SCHOOL", result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertTrue(legacy.methods().contains("initialize"));
    }

    @Test
    void theSdkClientSeesTheBridgedToolsIcons() throws Exception {
        toolOf("modern");
        try (var c = SdkClients.at(node.httpUrl(), "/mcp/modern")) {
            c.client.initialize();
            McpSchema.Tool tool = c.client.listTools().tools().get(0);
            assertEquals("shout", tool.name());
            assertEquals(1, tool.icons().size());
            assertEquals("https://icons.example/shout.png", tool.icons().get(0).src());
            assertEquals("image/png", tool.icons().get(0).mimeType());
            assertEquals("gold", tool.meta().get("example.com/tier"));
            McpSchema.CallToolResult r = c.client.callTool(new McpSchema.CallToolRequest("shout", Map.of("text", "sdk")));
            assertEquals("SDK", ((McpSchema.TextContent) r.content().get(0)).text());
        }
    }
}
