package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentDefinitions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.InputSettings;
import io.agentmesh.agents.KitchenSinkAgent;
import io.agentmesh.agents.samples.EchoAgent;
import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * MCP 2026-07-28 beside 2025-11-25 on one {@code /mcp} URL (basic/versioning, "Backward Compatibility";
 * basic/transports/streamable-http), exchange by exchange, against a real agent host.
 */
class ModernPostTest {

    private static final String SELF = "1111111111111111111111111111111111111111";
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"},"
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final AgentHost host = new AgentHost(AgentSettings.defaults());
    private final List<Integer> rejected = new CopyOnWriteArrayList<>();
    private final McpHttpHandler handler;

    ModernPostTest() {
        host.register(AgentDefinitions.of(new EchoAgent()));
        host.register(AgentDefinitions.of(new KitchenSinkAgent()));
        Router router = Router.builder()
                .node(new NodeInfo(NodeId.of(SELF), "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(host).executor(Runnable::run).scheduler(time).clock(time.clock()).traceIds(() -> "trace")
                .build();
        handler = new McpHttpHandler(McpHttpSettings.defaults(), InputSettings.defaults(), host,
                new MeshEntry(router, time, Runnable::run),
                () -> Optional.of(NodeId.of(SELF)), Optional.empty(), new CountingRandom(1), new ManualClock(),
                rejected::add, new LogLimiter(LogLimiter.DEFAULT_INTERVAL, () -> 0L));
    }

    private static String body(Object id, String method, String members) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + META
                + (members.isEmpty() ? "" : "," + members) + "}}";
    }

    /** A modern POST with the headers the body calls for. */
    private static TestExchange modern(String path, Object id, String method, String name, String members) {
        TestExchange ex = TestExchange.post(path, body(id, method, members))
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method);
        return name == null ? ex : ex.header("Mcp-Name", name);
    }

    private TestExchange send(TestExchange ex) throws Exception {
        handler.handle(ex);
        return ex;
    }

    private static JsonObject json(TestExchange ex) {
        return Json.createReader(new StringReader(ex.text())).readObject();
    }

    private static void assertError(TestExchange ex, int status, int code, int id) {
        assertEquals(status, ex.status, ex.text());
        JsonObject body = json(ex);
        assertEquals(code, body.getJsonObject("error").getInt("code"), ex.text());
        assertEquals(id, body.getInt("id"), "the error carries the request's id");
    }

    @Test
    void theEraIsChosenPerRequest() {
        JsonObject modernParams = Json.createReader(new StringReader("{" + META + "}")).readObject();
        JsonObject none = jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
        assertTrue(ModernPost.isModern(request("tools/list", modernParams), Optional.empty()), "_meta decides");
        assertTrue(ModernPost.isModern(request("tools/list", modernParams), Optional.of("2025-11-25")),
                "_meta decides (the header then mismatches)");
        assertTrue(ModernPost.isModern(new JsonRpc.Notification("n", modernParams), Optional.empty()));
        assertFalse(ModernPost.isModern(request("tools/list", none), Optional.empty()), "a legacy session's request");
        assertFalse(ModernPost.isModern(request("tools/list", none), Optional.of("2025-11-25")));
        assertFalse(ModernPost.isModern(request("tools/list", none), Optional.of("2025-03-26")));
        assertTrue(ModernPost.isModern(request("tools/list", none), Optional.of("2026-07-28")),
                "a modern header without _meta: a modern request that lacks it");
        assertTrue(ModernPost.isModern(request("tools/list", none), Optional.of("1999-01-01")),
                "a version nobody serves: answered -32022");
        assertFalse(ModernPost.isModern(request("initialize", none), Optional.of("1999-01-01")),
                "initialize selects legacy semantics");
        assertTrue(ModernPost.isModern(request("initialize", modernParams), Optional.of("2026-07-28")),
                "a modern initialize is a method 2026-07-28 does not have");
        assertTrue(ModernPost.isModernVersion(Optional.of("2026-07-28")));
        assertFalse(ModernPost.isModernVersion(Optional.of("2025-11-25")));
        assertFalse(ModernPost.isModernVersion(Optional.empty()));
    }

    private static JsonRpc.Request request(String method, JsonObject params) {
        return new JsonRpc.Request(Json.createValue(1), method, params);
    }

    @Test
    void aModernToolCallNeedsNoSessionAndMakesNone() throws Exception {
        TestExchange ex = send(modern("/echo", 3, "tools/call", "echo",
                "\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}").header("Mcp-Session-Id", "made-up"));
        assertEquals(200, ex.status, ex.text());
        assertEquals("application/json", ex.contentType);
        JsonObject result = json(ex).getJsonObject("result");
        assertEquals("hi", result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals("complete", result.getString("resultType"));
        assertEquals("echo", result.getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/serverInfo")
                .getString("name"));
        assertNull(ex.responseHeaders.get("Mcp-Session-Id"), "no session id minted or echoed");
        assertEquals(0, handler.sessions().size());
    }

    @Test
    void discoverListsAndReadsAnswerByTheModernRules() throws Exception {
        JsonObject discover = json(send(modern("/sink", 1, "server/discover", null, ""))).getJsonObject("result");
        assertEquals("2026-07-28", discover.getJsonArray("supportedVersions").getString(0));
        JsonObject tools = json(send(modern("/sink", 2, "tools/list", null, ""))).getJsonObject("result");
        assertEquals(60_000, tools.getInt("ttlMs"));
        assertEquals("public", tools.getString("cacheScope"));
        JsonObject read = json(send(modern("/sink", 3, "resources/read", "sink://readme", "\"uri\":\"sink://readme\"")))
                .getJsonObject("result");
        assertEquals("private", read.getString("cacheScope"));
        TestExchange missing = send(modern("/sink", 4, "resources/read", "sink://none", "\"uri\":\"sink://none\""));
        assertError(missing, 200, -32602, 4);
    }

    @Test
    void headerErrorsAre400WithHeaderMismatch() throws Exception {
        String call = "\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}";
        TestExchange noVersion = TestExchange.post("/echo", body(5, "tools/call", call))
                .header("Mcp-Method", "tools/call").header("Mcp-Name", "echo");
        assertError(send(noVersion), 400, -32020, 5);
        assertError(send(modern("/echo", 6, "tools/call", "echo", call).header("Mcp-Method", "tools/list")), 400, -32020, 6);
        assertError(send(modern("/echo", 7, "tools/call", null, call)), 400, -32020, 7);
        assertError(send(modern("/echo", 8, "tools/call", "other", call)), 400, -32020, 8);
        assertError(send(modern("/echo", 9, "tools/call", "echo", call).header("MCP-Protocol-Version", "2025-11-25")),
                400, -32020, 9);
        assertTrue(send(modern("/echo", 10, "tools/call", "=?base64?ZWNobw==?=", call)).status == 200, "base64 name");
        assertEquals(List.of(-32020, -32020, -32020, -32020, -32020), rejected, "counted");
    }

    @Test
    void anUnsupportedVersionIs400WithTheSupportedList() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"1900-01-01\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        TestExchange ex = send(TestExchange.post("/echo", text).header("MCP-Protocol-Version", "1900-01-01")
                .header("Mcp-Method", "tools/list"));
        assertEquals(400, ex.status);
        JsonObject body = json(ex);
        assertEquals("x", body.getString("id"));
        assertEquals(-32022, body.getJsonObject("error").getInt("code"));
        assertEquals(List.of("2026-07-28", "2025-11-25", "2025-06-18"), body.getJsonObject("error")
                .getJsonObject("data").getJsonArray("supported").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("1900-01-01", body.getJsonObject("error").getJsonObject("data").getString("requested"));
    }

    @Test
    void anUnknownOrRemovedMethodIs404() throws Exception {
        assertError(send(modern("/echo", 11, "nothing/here", null, "")), 404, -32601, 11);
        assertError(send(modern("/echo", 12, "ping", null, "")), 404, -32601, 12);
        assertError(send(modern("/echo", 13, "initialize", null, "")), 404, -32601, 13);
    }

    @Test
    void aRequestWithoutClientCapabilitiesIs400InvalidParams() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
        assertError(send(TestExchange.post("/echo", text).header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/list")), 400, -32602, 14);
    }

    @Test
    void aLegacyClientKeepsItsSessionOnTheSameUrl() throws Exception {
        TestExchange init = send(TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
        String session = init.responseHeaders.get("Mcp-Session-Id");
        assertNotNull(session);
        TestExchange call = send(TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25"));
        assertEquals(200, call.status);
        assertFalse(json(call).getJsonObject("result").containsKey("resultType"), "legacy results as before");
        TestExchange modernBeside = send(modern("/echo", 3, "tools/list", null, ""));
        assertEquals(200, modernBeside.status);
        assertEquals(1, handler.sessions().size());
    }

    @Test
    void legacyErrorsAfterTheBodyWasReadCarryItsId() throws Exception {
        TestExchange ex = send(TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/list\"}"));
        assertEquals(400, ex.status);
        assertEquals(21, json(ex).getInt("id"));
        TestExchange unknown = send(TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"id\":\"k\",\"method\":\"tools/list\"}")
                .header("Mcp-Session-Id", "nope"));
        assertEquals(404, unknown.status);
        assertEquals("k", json(unknown).getString("id"));
    }

    @Test
    void getAndDeleteOfAModernClientAre405() throws Exception {
        for (String method : List.of("GET", "DELETE")) {
            TestExchange ex = send(new TestExchange(method, "/echo").header("Accept", "text/event-stream")
                    .header("MCP-Protocol-Version", "2026-07-28"));
            assertEquals(405, ex.status, method);
            assertEquals("POST, OPTIONS", ex.responseHeaders.get("Allow"));
        }
        TestExchange legacy = send(new TestExchange("GET", "/echo").header("Accept", "text/event-stream"));
        assertEquals(400, legacy.status, "a legacy GET still asks for its session");
    }

    @Test
    void aModernNotificationIsAcceptedAndAResponseRefused() throws Exception {
        TestExchange n = send(TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":{"
                + META + "}}").header("MCP-Protocol-Version", "2026-07-28"));
        assertEquals(202, n.status);
        TestExchange r = send(TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"id\":30,\"result\":{}}")
                .header("MCP-Protocol-Version", "2026-07-28"));
        assertError(r, 400, -32600, 30);
    }

    /** The worked example of docs/protocol.md §7, byte for byte. */
    @Test
    void theWorkedExampleOfProtocolMd() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"hi\"},\n \"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        TestExchange ok = send(TestExchange.post("/*/echo", body).header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/call").header("Mcp-Name", "echo"));
        assertEquals(200, ok.status);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
                + "\"isError\":false,\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"echo\",\"title\":\"Echo\","
                + "\"version\":\"1.0.0\"}},\"resultType\":\"complete\"}}", ok.text());
        TestExchange bad = send(TestExchange.post("/*/echo", body).header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/call").header("Mcp-Name", "other"));
        assertEquals(400, bad.status);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32020,\"message\":\"Header mismatch: "
                + "Mcp-Name header value 'other' does not match body value 'echo'\"}}", bad.text());
    }

    @Test
    void theAnyReplicaPathReachesTheAgentWhereItRuns() throws Exception {
        TestExchange ex = send(modern("/*/echo", 40, "tools/call", "echo", "\"name\":\"echo\",\"arguments\":{\"text\":\"any\"}"));
        assertEquals(200, ex.status, ex.text());
        assertEquals("any", json(ex).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
    }
}
