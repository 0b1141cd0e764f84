package io.agentmesh.it;

import static io.agentmesh.it.McpHttp.errorCode;
import static io.agentmesh.it.McpHttp.inSession;
import static io.agentmesh.it.McpHttp.json;
import static io.agentmesh.it.McpHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTTP rules of /mcp (MCP 2025-11-25 "Streamable HTTP", wire-v1 §7) against the running node, with
 * a plain {@code java.net.http} client.
 */
class McpEndpointIT {

    private final McpHttp mcp = McpHttp.fromSystemProperty();

    @Test
    void initializeAnswersJsonWithASessionId() throws Exception {
        HttpResponse<String> r = mcp.post("/mcp/echo", McpHttp.initialize(), Map.of());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertTrue(id.length() >= 32 && id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e));
        JsonObject result = json(r.body()).getJsonObject("result");
        assertEquals("2025-11-25", result.getString("protocolVersion"));
        assertEquals("echo", result.getJsonObject("serverInfo").getString("name"));
    }

    @Test
    void aToolCallInTheSessionIsAnsweredAsJson() throws Exception {
        String session = mcp.session("/mcp/echo");
        HttpResponse<String> r = mcp.post("/mcp/echo",
                request(2, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hello mesh\"}}"), inSession(session));
        assertEquals(200, r.statusCode());
        JsonObject result = json(r.body()).getJsonObject("result");
        assertEquals("hello mesh", result.getJsonArray("content").getJsonObject(0).getString("text"));
    }

    @Test
    void notificationsGet202WithNoBody() throws Exception {
        String session = mcp.session("/mcp/echo");
        HttpResponse<String> r = mcp.post("/mcp/echo",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", inSession(session));
        assertEquals(202, r.statusCode());
        assertEquals("", r.body());
        HttpResponse<String> response = mcp.post("/mcp/echo", "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}",
                inSession(session));
        assertEquals(202, response.statusCode());
    }

    @Test
    void aForeignOriginIs403() throws Exception {
        HttpResponse<String> r = mcp.post("/mcp/echo", McpHttp.initialize(), Map.of("Origin", "http://evil.example"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("origin not allowed"));
        HttpResponse<String> local = mcp.post("/mcp/echo", McpHttp.initialize(), Map.of("Origin", "http://localhost:6274"));
        assertEquals(200, local.statusCode());
        assertEquals("http://localhost:6274", local.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void anUnsupportedProtocolVersionIs400() throws Exception {
        String session = mcp.session("/mcp/echo");
        Map<String, String> headers = new HashMap<>(inSession(session));
        headers.put("MCP-Protocol-Version", "2099-01-01");
        HttpResponse<String> r = mcp.post("/mcp/echo", request(2, "ping", "{}"), headers);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("2099-01-01"));
    }

    @Test
    void aMissingSessionIdIs400() throws Exception {
        HttpResponse<String> r = mcp.post("/mcp/echo", request(2, "ping", "{}"), Map.of("MCP-Protocol-Version", "2025-11-25"));
        assertEquals(400, r.statusCode());
        assertEquals(-32600, errorCode(r));
    }

    @Test
    void anUnknownSessionIs404() throws Exception {
        HttpResponse<String> r = mcp.post("/mcp/echo", request(2, "ping", "{}"), inSession("not-a-session-of-this-node"));
        assertEquals(404, r.statusCode());
    }

    @Test
    void deleteEndsTheSession204ThenItIs404() throws Exception {
        String session = mcp.session("/mcp/echo");
        HttpRequest.Builder delete = mcp.request("/mcp/echo").DELETE();
        inSession(session).forEach(delete::header);
        assertEquals(204, mcp.send(delete.build()).statusCode());
        assertEquals(404, mcp.post("/mcp/echo", request(3, "ping", "{}"), inSession(session)).statusCode());
        assertEquals(404, mcp.send(delete.build()).statusCode());
    }

    @Test
    void anOversizeBodyIs413() throws Exception {
        String big = request(1, "initialize", "{\"pad\":\"" + "x".repeat(4 * 1024 * 1024 + 10) + "\"}");
        HttpResponse<String> r = mcp.post("/mcp/echo", big, Map.of());
        assertEquals(413, r.statusCode());
    }

    @Test
    void aBatchIsAnsweredWithInvalidRequest() throws Exception {
        HttpResponse<String> r = mcp.post("/mcp/echo", "[" + McpHttp.initialize() + "]", Map.of());
        assertEquals(400, r.statusCode());
        assertEquals(-32600, errorCode(r));
        assertTrue(json(r.body()).isNull("id"));
    }

    @Test
    void postWithoutBothAcceptTypesIs406() throws Exception {
        HttpResponse<String> r = mcp.send(mcp.request("/mcp/echo").header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(McpHttp.initialize())).build());
        assertEquals(406, r.statusCode());
    }

    @Test
    void anUnknownAgentIs404WithMinus32061() throws Exception {
        HttpResponse<String> r = mcp.post("/mcp/nobody-here", McpHttp.initialize(), Map.of());
        assertEquals(404, r.statusCode());
        assertEquals(-32061, errorCode(r));
        assertEquals(404, mcp.post("/mcp/", McpHttp.initialize(), Map.of()).statusCode());
    }

    @Test
    void thisNodesIdInThePathIsServedLocally() throws Exception {
        String self = Files.readString(Path.of(System.getProperty("mesh.it.server.dir"), "mesh-data", "node.id")).trim();
        HttpResponse<String> r = mcp.post("/mcp/" + self + "/echo", McpHttp.initialize(), Map.of());
        assertEquals(200, r.statusCode());
        assertEquals("echo", json(r.body()).getJsonObject("result").getJsonObject("serverInfo").getString("name"));
    }

    @Test
    void anotherNodeIsUnreachableWithMinus32060() throws Exception {
        String other = "f".repeat(40);
        HttpResponse<String> r = mcp.post("/mcp/" + other + "/echo", McpHttp.initialize(), Map.of());
        assertEquals(200, r.statusCode());
        JsonObject error = json(r.body()).getJsonObject("error");
        assertEquals(-32060, error.getInt("code"));
        assertEquals(other, error.getJsonObject("data").getString("node"));
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isEmpty());
    }

    @Test
    void otherHttpMethodsAre405() throws Exception {
        HttpResponse<String> r = mcp.send(mcp.request("/mcp/echo").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(405, r.statusCode());
        assertTrue(r.headers().firstValue("Allow").orElseThrow().contains("POST"));
    }

    @Test
    void progressTurnsTheReplyIntoAnEventStream() throws Exception {
        String session = mcp.session("/mcp/calculator");
        HttpResponse<String> r = mcp.post("/mcp/calculator", request(5, "tools/call",
                "{\"name\":\"count\",\"arguments\":{\"n\":3,\"delayMs\":1},\"_meta\":{\"progressToken\":\"p1\"}}"),
                inSession(session));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        List<JsonObject> events = events(r.body());
        assertEquals(4, events.size(), r.body());
        for (int i = 0; i < 3; i++) {
            assertEquals("notifications/progress", events.get(i).getString("method"));
            assertEquals("p1", events.get(i).getJsonObject("params").getString("progressToken"));
            assertEquals(i + 1, events.get(i).getJsonObject("params").getInt("progress"));
        }
        assertEquals(5, events.get(3).getInt("id"));
        assertTrue(events.get(3).getJsonObject("result").toString().contains("counted to 3"));
    }

    @Test
    void theGetStreamCarriesResourceUpdates() throws Exception {
        String session = mcp.session("/mcp/calculator");
        HttpRequest.Builder get = mcp.request("/mcp/calculator").header("Accept", "text/event-stream").GET();
        inSession(session).forEach(get::header);
        HttpResponse<InputStream> stream = mcp.client().send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals(200, mcp.post("/mcp/calculator", request(2, "resources/subscribe",
                    "{\"uri\":\"calculator://history\"}"), inSession(session)).statusCode());
            assertEquals(200, mcp.post("/mcp/calculator", request(3, "tools/call",
                    "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}"), inSession(session)).statusCode());
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> firstData(reader));
            JsonObject event = json(data.get(30, TimeUnit.SECONDS));
            assertEquals("notifications/resources/updated", event.getString("method"));
            assertEquals("calculator://history", event.getJsonObject("params").getString("uri"));
        }
        HttpRequest.Builder delete = mcp.request("/mcp/calculator").DELETE();
        inSession(session).forEach(delete::header);
        assertEquals(204, mcp.send(delete.build()).statusCode());
    }

    private static String firstData(BufferedReader reader) {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    return line.substring(6);
                }
            }
            throw new AssertionError("the stream ended without an event");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The JSON messages of an SSE body (one {@code data:} line each). */
    private static List<JsonObject> events(String body) {
        List<JsonObject> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ") && line.length() > 6) {
                out.add(json(line.substring(6)));
            }
        }
        return out;
    }
}
