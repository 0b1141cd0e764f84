package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.EraServer;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bridge speaks whichever revision its server speaks (MCP 2026-07-28 basic/versioning, "Backward
 * Compatibility"): against a real HTTP server that speaks only 2026-07-28, and one that speaks only
 * 2025-06-18 ({@link EraServer}).
 */
class BridgeErasTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private EraServer server;
    private BridgeClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private BridgeClient client(EraServer to) {
        BridgeSettings settings = BridgeSettings.http("era", to.url());
        var transport = new StreamableHttpTransport(settings, StreamableHttpTransport.httpClient(settings, pool), timer);
        client = new BridgeClient("era", transport, settings.timeout(), timer, new ServerListener() {
            @Override
            public void notification(String method, JsonObject params) {
            }

            @Override
            public void lost(TransportException cause) {
            }
        });
        return client;
    }

    private static JsonObject shout(String text) {
        return Json.createObjectBuilder().add("name", "shout")
                .add("arguments", Json.createObjectBuilder().add("text", text)).build();
    }

    private static JsonObject json(String text) {
        return jakarta.json.Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aModernOnlyServerIsDiscoveredAndEveryRequestCarriesMetaAndHeaders() throws Exception {
        server = EraServer.modern();
        RemoteServer remote = client(server).connect().get(10, TimeUnit.SECONDS);
        assertTrue(remote.isModern());
        assertEquals("2026-07-28", remote.protocolVersion());
        assertEquals("era-modern", remote.name());
        assertEquals("Shouts.", remote.instructions());
        assertTrue(remote.hasTools());

        JsonObject tools = client.request("tools/list", null).get(10, TimeUnit.SECONDS);
        assertEquals(EraServer.TOOL, tools.getJsonArray("tools").getJsonObject(0));
        assertFalse(tools.containsKey("resultType"), "resultType 'complete' is not passed on");
        JsonObject called = client.request("tools/call", shout("hi")).get(10, TimeUnit.SECONDS);
        assertEquals("HI", called.getJsonArray("content").getJsonObject(0).getString("text"));

        assertEquals(List.of("server/discover", "tools/list", "tools/call"), server.methods(), "no initialize");
        EraServer.Recorded call = server.requests.get(2);
        assertEquals("2026-07-28", call.headers().get("mcp-protocol-version"));
        assertEquals("tools/call", call.headers().get("mcp-method"));
        assertEquals("shout", call.headers().get("mcp-name"));
        assertFalse(call.headers().containsKey("mcp-session-id"));
        JsonObject meta = json(call.body()).getJsonObject("params").getJsonObject("_meta");
        assertEquals("2026-07-28", meta.getString("io.modelcontextprotocol/protocolVersion"));
        assertEquals(BridgeClient.CLIENT_NAME, meta.getJsonObject("io.modelcontextprotocol/clientInfo").getString("name"));
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, meta.getJsonObject("io.modelcontextprotocol/clientCapabilities"));
    }

    @Test
    void aModernServersErrorStatusWithAJsonRpcErrorIsThatError() throws Exception {
        server = EraServer.modern();
        client(server).connect().get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.request("prompts/list", null).get(10, TimeUnit.SECONDS));
        assertEquals(-32601, assertInstanceOf(JsonRpcException.class, e.getCause()).code());
    }

    @Test
    void aLegacyOnlyServerIsInitializedAfterTheProbeFails() throws Exception {
        server = EraServer.legacy();
        RemoteServer remote = client(server).connect().get(10, TimeUnit.SECONDS);
        assertFalse(remote.isModern());
        assertEquals("2025-06-18", remote.protocolVersion());
        JsonObject tools = client.request("tools/list", null).get(10, TimeUnit.SECONDS);
        assertEquals(EraServer.TOOL, tools.getJsonArray("tools").getJsonObject(0));
        JsonObject called = client.request("tools/call", shout("hi")).get(10, TimeUnit.SECONDS);
        assertEquals("HI", called.getJsonArray("content").getJsonObject(0).getString("text"));

        List<String> methods = server.methods();
        assertEquals(List.of("server/discover", "initialize", "notifications/initialized", "tools/list", "tools/call"),
                methods);
        EraServer.Recorded call = server.requests.stream().filter(r -> r.body().contains("\"tools/call\"")).findFirst()
                .orElseThrow();
        assertEquals("2025-06-18", call.headers().get("mcp-protocol-version"));
        assertFalse(call.headers().containsKey("mcp-method"), "no 2026-07-28 headers in a legacy session");
        assertFalse(json(call.body()).getJsonObject("params").containsKey("_meta"));
    }

    @Test
    void modernHeaderValuesOutsideThePlainSetAreBase64() {
        assertEquals("get_weather", ModernEra.headerValue("get_weather"));
        assertEquals("file:///a b.txt", ModernEra.headerValue("file:///a b.txt"));
        assertEquals("=?base64?SGVsbG8sIOS4lueVjA==?=", ModernEra.headerValue("Hello, 世界"));
        assertEquals("=?base64?IHBhZGRlZCA=?=", ModernEra.headerValue(" padded "));
        assertEquals("=?base64?bGluZTEKbGluZTI=?=", ModernEra.headerValue("line1\nline2"));
        assertEquals("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=", ModernEra.headerValue("=?base64?literal?="));
    }

    @Test
    void theMetaKeysJoinWhatIsThereAndOnlyCompleteResultTypesGo() {
        JsonObject params = ModernEra.withMeta(json("{\"name\":\"x\",\"_meta\":{\"progressToken\":7}}"));
        JsonObject meta = params.getJsonObject("_meta");
        assertEquals(7, meta.getInt("progressToken"));
        assertEquals("2026-07-28", meta.getString("io.modelcontextprotocol/protocolVersion"));
        assertEquals(json("{\"a\":1}"), ModernEra.complete(json("{\"resultType\":\"complete\",\"a\":1}")));
        JsonObject input = json("{\"resultType\":\"input_required\",\"inputRequests\":{}}");
        assertEquals(input, ModernEra.complete(input));
    }
}
