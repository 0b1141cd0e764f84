package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NodeMetrics;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access rules on real nodes (docs/operations.md, "Who may call what"): node B lets node A, its linked
 * peer, call the calculator's {@code add} only (a tool rule), keeps {@code subtract} for a third node and
 * the rest of the calculator for its own entry points ({@code local}), and its echo agent for the third
 * node (rules from bootstrap properties and, for echo, from the environment through
 * {@code mesh.access.agents}). A calls B's agents through its own {@code /mcp}: B judges the caller A,
 * whom the link authenticated. Ports: {@code mesh.it.node.base-port} + 140 (A) and 141 (B).
 */
class AccessRulesIT {

    private static final String THIRD = "0123456789abcdef0123456789abcdef01234567";
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static LibertyNode a;
    private static LibertyNode b;
    private static String nodeA;
    private static String nodeB;

    @BeforeAll
    static void startTwoLinkedNodes() throws IOException {
        a = LibertyNode.create("it-access-a", LibertyNode.basePort() + 140, Map.of(
                "MESH_DISCOVERY_AUTO_DIAL", "false"));
        a.start();
        nodeA = a.nodeId();
        b = LibertyNode.create("it-access-b", LibertyNode.basePort() + 141, Map.of(
                "MESH_BOOTSTRAP", a.meshUrl() + "#" + nodeA,
                "MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms",
                "MESH_BOOTSTRAP_BACKOFF_MAX", "2s",
                "MESH_DISCOVERY_AUTO_DIAL", "false",
                "MESH_ACCESS_AGENTS", "echo",
                "MESH_ACCESS_AGENT_ECHO", "node:" + THIRD));
        Files.writeString(b.serverDir().resolve("bootstrap.properties"), "mesh.access.agent.calculator=local;"
                + " tool add = node:" + nodeA + "; tool subtract = node:" + THIRD + "\n", StandardOpenOption.APPEND);
        b.start();
        nodeB = b.nodeId();
        Eventually.until(WAIT, "A reaches B's calculator", () -> {
            String body = post(a, "{\"target\":\"" + nodeB + ":calculator\",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}}");
            return body != null && body.contains("\"result\"");
        });
    }

    @AfterAll
    static void stopNodes() {
        LibertyNode.stopAll(b, a);
    }

    private static String post(LibertyNode node, String json) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/api/v1/call"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static McpSchema.CallToolResult call(SdkClients.Client c, String tool, Map<String, Object> args) {
        return c.client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static List<String> tools(SdkClients.Client c) {
        return c.client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
    }

    /** Asserts a −32064 naming node B, the agent and the rule, and nothing more. */
    private static void assertForbidden(String agent, String rule, McpError e) {
        assertEquals(-32064, e.getJsonRpcError().code(), e::toString);
        assertEquals("forbidden by the receiving node's policy", e.getJsonRpcError().message());
        assertEquals(Map.of("node", nodeB, "agent", agent, "rule", rule), e.getJsonRpcError().data());
    }

    @Test
    void aToolRuleLetsTheLinkedNodeCallOneToolAndTheAgentRuleRefusesTheRest() {
        try (var c = SdkClients.at(a.httpUrl(), "/mcp/" + nodeB + "/calculator")) {
            assertEquals("calculator", c.client.initialize().serverInfo().name(), "initialize is open");
            assertEquals(List.of("add"), tools(c), "tools/list shows A only the tool it may call");
            McpSchema.CallToolResult sum = call(c, "add", Map.of("a", 2, "b", 3));
            assertEquals("5.0", ((McpSchema.TextContent) sum.content().get(0)).text());
            assertForbidden("calculator", "tool calculator/subtract",
                    assertThrows(McpError.class, () -> call(c, "subtract", Map.of("a", 2, "b", 3))));
            assertForbidden("calculator", "agent calculator",
                    assertThrows(McpError.class, () -> call(c, "multiply", Map.of("a", 2, "b", 3))));
        }
    }

    @Test
    void anAgentForAThirdNodeRefusesTheLinkedNodeEverything() {
        try (var c = SdkClients.at(a.httpUrl(), "/mcp/" + nodeB + "/echo")) {
            c.client.initialize();
            assertEquals(List.of(), tools(c));
            assertForbidden("echo", "agent echo",
                    assertThrows(McpError.class, () -> call(c, "echo", Map.of("text", "hi"))));
        }
    }

    @Test
    void theNodesOwnEntryPointsAreLocalAndNodeAHasNoRules() {
        try (var c = SdkClients.at(b.httpUrl(), "/mcp/calculator")) {
            c.client.initialize();
            List<String> local = tools(c);
            assertTrue(local.contains("multiply") && !local.contains("add") && !local.contains("subtract"), local::toString);
            call(c, "multiply", Map.of("a", 2, "b", 3));
        }
        try (var c = SdkClients.at(a.httpUrl(), "/mcp/calculator")) {
            c.client.initialize();
            assertTrue(tools(c).containsAll(List.of("add", "subtract", "multiply")));
        }
    }

    @Test
    void refusalsAreCountedByAgentAndReason() {
        try (var c = SdkClients.at(a.httpUrl(), "/mcp/" + nodeB + "/calculator")) {
            c.client.initialize();
            assertThrows(McpError.class, () -> call(c, "divide", Map.of("a", 2, "b", 3)));
        }
        String metrics = NodeMetrics.scrape(b.httpsUrl(), b.adminPassword(), WAIT);
        assertTrue(NodeMetrics.byReason(metrics, "agentmesh_access_refused_total").getOrDefault("rule", 0.0) >= 1.0,
                metrics);
    }
}
