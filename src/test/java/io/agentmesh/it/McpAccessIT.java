package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LibertyNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node whose /mcp admits no one without the bearer token, loopback included
 * ({@code mesh.mcp.allow-loopback=false}, {@code mesh.mcp.token}), and whose lists come in pages of two
 * ({@code mesh.agents.page-size=2}), and whose sessions end after 2 s unused: access control, pagination
 * and session expiry through the real servlet and the SDK.
 */
class McpAccessIT {

    private static final String TOKEN = "it-token-0123456789abcdef";
    private static LibertyNode node;

    @BeforeAll
    static void start() {
        node = LibertyNode.create("mcp-access", LibertyNode.basePort() + 1, Map.of(
                "MESH_MCP_ALLOW_LOOPBACK", "false",
                "MESH_MCP_TOKEN", TOKEN,
                "MESH_AGENTS_PAGE_SIZE", "2",
                "MESH_MCP_SESSION_IDLE_TIMEOUT", "2s")).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    private McpHttp raw() {
        return new McpHttp(node.httpPort());
    }

    @Test
    void withoutTheTokenTheAnswerIs401WithABearerChallenge() throws Exception {
        HttpResponse<String> r = raw().post("/mcp/echo", McpHttp.initialize(), Map.of());
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"agentmesh\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(-32064, McpHttp.errorCode(r));
        assertNull(r.headers().firstValue("Mcp-Session-Id").orElse(null));
    }

    @Test
    void aWrongTokenIs401InvalidToken() throws Exception {
        HttpResponse<String> r = raw().post("/mcp/echo", McpHttp.initialize(), Map.of("Authorization", "Bearer not-it"));
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
    }

    @Test
    void theSdkClientWithoutTheTokenCannotInitialize() {
        try (var c = SdkClients.at(node.httpUrl(), "/mcp/echo")) {
            assertThrows(RuntimeException.class, c.client::initialize);
        }
    }

    @Test
    void theSdkClientWithTheTokenWorksAndPagesByTwo() {
        try (var c = SdkClients.at(node.httpUrl(), "/mcp/calculator", Map.of("Authorization", "Bearer " + TOKEN))) {
            assertEquals("calculator", c.client.initialize().serverInfo().name());
            List<String> names = new ArrayList<>();
            int pages = 0;
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = c.client.listTools(cursor);
                assertTrue(page.tools().size() <= 2);
                page.tools().forEach(t -> names.add(t.name()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 100);
            assertTrue(pages >= 4, "8 calculator tools in pages of 2: " + pages);
            assertEquals(names.size(), new HashSet<>(names).size(), "no tool twice");
            assertTrue(names.containsAll(List.of("add", "subtract", "multiply", "divide", "count")));
            McpSchema.ListToolsResult first = c.client.listTools(null);
            assertNotNull(first.nextCursor());
        }
    }

    @Test
    void aBadCursorIsInvalidParams() throws Exception {
        McpHttp raw = raw();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        HttpResponse<String> init = raw.post("/mcp/echo", McpHttp.initialize(), auth);
        assertEquals(200, init.statusCode());
        Map<String, String> headers = new java.util.HashMap<>(McpHttp.inSession(init.headers().firstValue("Mcp-Session-Id").orElseThrow()));
        headers.putAll(auth);
        HttpResponse<String> r = raw.post("/mcp/echo", McpHttp.request(2, "tools/list", "{\"cursor\":\"not-a-cursor\"}"), headers);
        assertEquals(200, r.statusCode());
        assertEquals(-32602, McpHttp.errorCode(r));
    }

    @Test
    void anIdleSessionExpiresTo404() throws Exception {
        McpHttp raw = raw();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        HttpResponse<String> init = raw.post("/mcp/echo", McpHttp.initialize(), auth);
        Map<String, String> headers = new java.util.HashMap<>(McpHttp.inSession(init.headers().firstValue("Mcp-Session-Id").orElseThrow()));
        headers.putAll(auth);
        assertEquals(200, raw.post("/mcp/echo", McpHttp.request(2, "ping", "{}"), headers).statusCode());
        Thread.sleep(3000);   // idle time is the point: any request on the session would touch it, so nothing to poll
        assertEquals(404, raw.post("/mcp/echo", McpHttp.request(3, "ping", "{}"), headers).statusCode());
    }
}
