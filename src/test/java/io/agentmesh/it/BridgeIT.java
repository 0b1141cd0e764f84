package io.agentmesh.it;

import static io.agentmesh.it.McpHttp.inSession;
import static io.agentmesh.it.McpHttp.json;
import static io.agentmesh.it.McpHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.McpTestServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Bridged agents on the node under test, configured by the build (pom, bootstrap properties):
 * {@code echo2} bridges the node's own {@code /mcp/echo}; {@code later} bridges
 * {@code http://127.0.0.1:${mesh.it.bridge.port}/mcp/echo}, where nothing listens until this test starts
 * an MCP server there.
 */
class BridgeIT {

    private static final int BRIDGE_PORT = Integer.getInteger("mesh.it.bridge.port", 9599);

    private final McpHttp mcp = McpHttp.fromSystemProperty();

    /** The state line {@code /health/ready} shows for a bridge, e.g. {@code UP: 1 tools, ...}. */
    private String bridgeHealth(String id) throws Exception {
        HttpResponse<String> r = mcp.send(mcp.request("/health/ready").GET().build());
        for (var check : json(r.body()).getJsonArray("checks").getValuesAs(JsonObject.class)) {
            if (check.getString("name").equals("agentmesh-bridges")) {
                return check.getJsonObject("data").getString("bridge." + id, "");
            }
        }
        return "";
    }

    private void awaitBridge(String id, Predicate<String> state) {
        Eventually.until(Duration.ofMinutes(1), () -> bridgeHealth(id), state,
                last -> "bridge " + id + " never reached the expected state; last: " + last);
    }

    private JsonObject call(String path, String session, int id, String method, String params) throws Exception {
        HttpResponse<String> r = mcp.post(path, request(id, method, params), inSession(session));
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    private static String echo(String text) {
        return "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}";
    }

    @Test
    void aBridgeToThisNodesOwnEchoServesItAsAnotherLocalAgent() throws Exception {
        awaitBridge("echo2", s -> s.startsWith("UP"));
        String session = mcp.session("/mcp/echo2");
        JsonObject tools = call("/mcp/echo2", session, 2, "tools/list", "{}").getJsonObject("result");
        JsonObject echo = tools.getJsonArray("tools").getJsonObject(0);
        assertEquals("echo", echo.getString("name"));
        assertTrue(echo.getJsonObject("annotations").getBoolean("readOnlyHint"));
        assertEquals("string", echo.getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("text").getString("type"));
        JsonObject result = call("/mcp/echo2", session, 3, "tools/call", echo("through the bridge")).getJsonObject("result");
        assertEquals("through the bridge", result.getJsonArray("content").getJsonObject(0).getString("text"));

        try (SdkClients.Client sdk = SdkClients.at(mcp.base(), "/mcp/echo2")) {
            McpSchema.InitializeResult init = sdk.client.initialize();
            assertEquals("echo2", init.serverInfo().name());
            assertEquals("echo", sdk.client.listTools().tools().get(0).name());
            McpSchema.CallToolResult sdkResult = sdk.client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "sdk")));
            assertEquals("sdk", ((McpSchema.TextContent) sdkResult.content().get(0)).text());
        }
    }

    @Test
    void aBridgeToADeadPortAnswersAClearErrorUntilItsServerAppears() throws Exception {
        String url = "http://127.0.0.1:" + BRIDGE_PORT + "/mcp/echo";
        awaitBridge("later", s -> s.startsWith("DOWN"));
        assertTrue(bridgeHealth("later").contains(url), bridgeHealth("later"));

        String session = mcp.session("/mcp/later");
        for (String[] call : new String[][] {{"tools/list", "{}"}, {"tools/call", echo("x")}}) {
            JsonObject error = call("/mcp/later", session, 2, call[0], call[1]).getJsonObject("error");
            assertEquals(-32060, error.getInt("code"), error.toString());
            assertTrue(error.getString("message").startsWith("bridge later: the MCP server at " + url + " is unreachable"),
                    error.getString("message"));
            assertEquals("later", error.getJsonObject("data").getString("agent"));
        }
        String echoSession = mcp.session("/mcp/echo");
        assertEquals("still serving", call("/mcp/echo", echoSession, 2, "tools/call", echo("still serving"))
                .getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals(200, mcp.send(mcp.request("/health/ready").GET().build()).statusCode());

        try (McpTestServer server = McpTestServer.withHost()) {
            server.host.register(AgentDefinition.of("echo", "Test echo", "").withTool(new ToolDefinition("echo", "", "",
                    Json.createObjectBuilder().add("type", "object").build(), null, null,
                    (args, inv) -> CompletableFuture.completedFuture(Json.createObjectBuilder().add("content",
                            Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text")
                                    .add("text", "from the test server: " + args.getString("text")))).build()))));
            server.start(BRIDGE_PORT);
            awaitBridge("later", s -> s.startsWith("UP"));
            JsonObject result = call("/mcp/later", session, 3, "tools/call", echo("hi")).getJsonObject("result");
            assertEquals("from the test server: hi", result.getJsonArray("content").getJsonObject(0).getString("text"));

            server.stop();
            awaitBridge("later", s -> s.startsWith("DOWN"));
            assertEquals(-32060, call("/mcp/later", session, 4, "tools/call", echo("x")).getJsonObject("error").getInt("code"));
        }
    }
}
