package io.agentmesh.agents.bridge;

import static io.agentmesh.agents.bridge.BridgeClientHttpTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.McpTestServer;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bridged agent end to end: this node's {@link AgentHost} serves agent {@code r}, bridged over real
 * HTTP to another {@link AgentHost} behind this node's own /mcp handler ({@link McpTestServer}).
 */
class BridgeTest {

    private final RemoteAgent remote = new RemoteAgent();
    private final AgentHost local = new AgentHost(AgentSettings.defaults());
    private static final JsonObject LISTEN_TOOLS = Json.createObjectBuilder()
            .add("_meta", Json.createObjectBuilder().add("io.modelcontextprotocol/protocolVersion", "2026-07-28")
                    .add("io.modelcontextprotocol/clientCapabilities", JsonValue.EMPTY_JSON_OBJECT))
            .add("notifications", Json.createObjectBuilder().add("toolsListChanged", true)).build();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final BridgeThreads threads = new BridgeThreads(Executors.newSingleThreadScheduledExecutor(),
            Executors.newCachedThreadPool());
    private int ids = 100;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        threads.timer().shutdownNow();
        threads.pool().shutdownNow();
    }

    private McpTestServer remoteServer(int port) {
        McpTestServer server = McpTestServer.withHost();
        if (server.host.agent(RemoteAgent.ID).isEmpty()) {
            server.host.register(remote.definition());
        }
        closing.add(server);
        return server.start(port);
    }

    private Bridges bridges(BridgeSettings settings) {
        Bridges bridges = new Bridges(local, new BridgeConfiguration(List.of(settings)), Clock.systemUTC(), threads);
        closing.add(bridges);
        bridges.start();
        return bridges;
    }

    private static BridgeSettings settings(URI url) {
        return BridgeSettings.http("r", url).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private Bridge upBridge(McpTestServer server) throws InterruptedException {
        Bridge bridge = bridges(settings(server.url(RemoteAgent.ID))).bridge("r").orElseThrow();
        await("the bridge up", () -> bridge.status().up());
        return bridge;
    }

    private JsonObject call(String method, JsonObject params) throws Exception {
        return call(method, params, TestCallContext.of(ids++));
    }

    private JsonObject call(String method, JsonObject params, TestCallContext ctx) throws Exception {
        return (JsonObject) local.request("r", method, params, ctx).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JsonRpcException callFails(String method, JsonObject params) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> local.request("r", method, params, TestCallContext.of(ids++)).toCompletableFuture().get(10, TimeUnit.SECONDS));
        return assertInstanceOf(JsonRpcException.class, e.getCause());
    }

    private static JsonObject tool(String name, String text) {
        return Json.createObjectBuilder().add("name", name)
                .add("arguments", Json.createObjectBuilder().add("text", text)).build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theAgentListsEverythingTheServerOffersFetchedPageByPage() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        var agent = local.agent("r").orElseThrow();
        assertEquals("Remote things", agent.title());
        assertEquals("Things on another server", agent.description());
        assertEquals("2.5.0", agent.version());
        assertEquals(List.of("echo", "progress", "slow", "strict", "broken", "t1", "t2", "t3"),
                agent.tools().stream().map(t -> t.name()).toList());
        JsonObject tools = call("tools/list", JsonValue.EMPTY_JSON_OBJECT);
        JsonObject echo = tools.getJsonArray("tools").getJsonObject(0);
        assertEquals("ECHO", echo.getString("title"));
        assertEquals(RemoteAgent.SCHEMA, echo.getJsonObject("inputSchema"));
        assertTrue(echo.getJsonObject("annotations").getBoolean("readOnlyHint"));
        assertEquals("doc://readme", call("resources/list", JsonValue.EMPTY_JSON_OBJECT)
                .getJsonArray("resources").getJsonObject(0).getString("uri"));
        assertEquals("notes://{id}", call("resources/templates/list", JsonValue.EMPTY_JSON_OBJECT)
                .getJsonArray("resourceTemplates").getJsonObject(0).getString("uriTemplate"));
        JsonObject prompt = call("prompts/list", JsonValue.EMPTY_JSON_OBJECT).getJsonArray("prompts").getJsonObject(0);
        assertTrue(prompt.getJsonArray("arguments").getJsonObject(0).getBoolean("required"));
        assertEquals(1, local.describe().size());
        assertEquals(8, local.describe().get(0).getJsonArray("tools").size());
    }

    @Test
    void everyCallIsRelayed() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        JsonObject echoed = call("tools/call", tool("echo", "over the bridge"));
        assertEquals("over the bridge", echoed.getJsonArray("content").getJsonObject(0).getString("text"));
        JsonObject readme = call("resources/read", Json.createObjectBuilder().add("uri", "doc://readme").build());
        assertEquals("hello", readme.getJsonArray("contents").getJsonObject(0).getString("text"));
        JsonObject note = call("resources/read", Json.createObjectBuilder().add("uri", "notes://42").build());
        assertEquals("note 42", note.getJsonArray("contents").getJsonObject(0).getString("text"));
        JsonObject greeting = call("prompts/get", Json.createObjectBuilder().add("name", "greet")
                .add("arguments", Json.createObjectBuilder().add("name", "Ada")).build());
        assertEquals("Hello Ada", greeting.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text"));
        JsonObject image = greeting.getJsonArray("messages").getJsonObject(1);
        assertEquals("assistant", image.getString("role"));
        assertEquals("image", image.getJsonObject("content").getString("type"));
        assertEquals("aGk=", image.getJsonObject("content").getString("data"));
        JsonObject names = call("completion/complete", Json.createObjectBuilder()
                .add("ref", Json.createObjectBuilder().add("type", "ref/prompt").add("name", "greet"))
                .add("argument", Json.createObjectBuilder().add("name", "name").add("value", "al")).build());
        assertEquals(List.of("alice", "albert"), names.getJsonObject("completion").getJsonArray("values")
                .getValuesAs(JsonString::getString));
        JsonObject ids = call("completion/complete", Json.createObjectBuilder()
                .add("ref", Json.createObjectBuilder().add("type", "ref/resource").add("uri", "notes://{id}"))
                .add("argument", Json.createObjectBuilder().add("name", "id").add("value", "1")).build());
        assertEquals(List.of("1", "12"), ids.getJsonObject("completion").getJsonArray("values").getValuesAs(JsonString::getString));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call("ping", JsonValue.EMPTY_JSON_OBJECT));
    }

    @Test
    void theServersErrorsPassThroughUnchanged() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        JsonRpcException strict = callFails("tools/call", tool("strict", "x"));
        assertEquals(-32602, strict.code());
        assertEquals("strict wants 'text'", strict.getMessage());
        JsonObject broken = call("tools/call", tool("broken", "x"));
        assertTrue(broken.getBoolean("isError"));
        assertTrue(broken.getJsonArray("content").getJsonObject(0).getString("text").contains("kaput"));
        JsonRpcException missing = callFails("resources/read", Json.createObjectBuilder().add("uri", "doc://nothing").build());
        assertEquals(-32002, missing.code());
    }

    @Test
    void progressOfTheServerReachesTheCallerWithItsOwnToken() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        TestCallContext ctx = TestCallContext.of(7);
        JsonObject params = Json.createObjectBuilder(tool("progress", "x"))
                .add("_meta", Json.createObjectBuilder().add("progressToken", "mine")).build();
        JsonObject result = call("tools/call", params, ctx);
        assertEquals("finished", result.getJsonArray("content").getJsonObject(0).getString("text"));
        List<RecordingSession.Sent> progress = ctx.sent().stream().filter(s -> s.method().equals("notifications/progress")).toList();
        assertEquals(2, progress.size());
        assertEquals("mine", progress.get(0).params().getString("progressToken"));
        assertEquals("half", progress.get(0).params().getString("message"));
        assertEquals(2.0, progress.get(1).params().getJsonNumber("progress").doubleValue());
    }

    @Test
    void cancellingALocalCallCancelsItAtTheServer() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        TestCallContext ctx = TestCallContext.of(9);
        var running = local.request("r", "tools/call", tool("slow", "x"), ctx).toCompletableFuture();
        await("the call to reach the server", () -> server.host.runningCalls() == 1);
        ctx.cancel();
        await("the server's call to end", () -> !remote.cancellations.isEmpty());
        assertEquals(1, remote.cancellations.size());
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
        assertEquals(-32800, assertInstanceOf(JsonRpcException.class, e.getCause()).code());
    }

    @Test
    void aCallPastTheDeadlineIsAnsweredTimeoutAndCancelledAtTheServer() throws Exception {
        McpTestServer server = remoteServer(0);
        Bridge bridge = bridges(settings(server.url(RemoteAgent.ID)).withTimeout(Duration.ofMillis(400))).bridge("r").orElseThrow();
        await("the bridge up", () -> bridge.status().up());
        JsonRpcException e = callFails("tools/call", tool("slow", "x"));
        assertEquals(-32062, e.code());
        assertTrue(e.getMessage().startsWith("bridge r: no answer to tools/call from " + server.url(RemoteAgent.ID)), e.getMessage());
        await("the server's call to end", () -> !remote.cancellations.isEmpty());
        assertEquals(0, server.host.runningCalls());
    }

    @Test
    void listChangedAtTheServerRefreshesTheListsAndIsPassedOn() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        TestCallContext ctx = TestCallContext.of(3);
        local.request("r", "subscriptions/listen", LISTEN_TOOLS, ctx);
        server.host.replace(remote.definition().withTool(RemoteAgent.tool("added", (a, i) ->
                java.util.concurrent.CompletableFuture.completedFuture(RemoteAgent.text("new")))));
        await("the new tool", () -> local.agent("r").orElseThrow().tool("added").isPresent());
        await("list_changed to the local client", () -> ctx.sent().stream()
                .anyMatch(n -> n.method().equals("notifications/tools/list_changed")));
        assertEquals("new", call("tools/call", tool("added", "x")).getJsonArray("content").getJsonObject(0).getString("text"));
    }

    @Test
    void resourceUpdatesReachTheLocalSubscribers() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        TestCallContext ctx = TestCallContext.of(4);
        call("resources/subscribe", Json.createObjectBuilder().add("uri", "doc://readme").build(), ctx);
        RecordingSession session = (RecordingSession) ctx.session();
        await("the subscription at the server", () -> server.host.resourceUpdated(RemoteAgent.ID, "doc://readme") == 1
                && session.methods().contains("notifications/resources/updated"));
        RecordingSession.Sent updated = session.sent().stream()
                .filter(s -> s.method().equals("notifications/resources/updated")).findFirst().orElseThrow();
        assertEquals("doc://readme", updated.params().getString("uri"));
    }

    @Test
    void aServerDownAtStartGetsAClearErrorThenTheBridgeConnectsWhenItIsUp() throws Exception {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/mcp/" + RemoteAgent.ID);
        Bridge bridge = bridges(settings(url)).bridge("r").orElseThrow();
        await("the bridge down", () -> bridge.status().state() == BridgeStatus.State.DOWN);
        assertTrue(local.hosts("r"), "the agent stays registered");
        assertTrue(bridge.status().nextAttempt().isPresent());
        JsonRpcException e = callFails("tools/call", tool("echo", "x"));
        assertEquals(-32060, e.code());
        assertTrue(e.getMessage().contains("bridge r") && e.getMessage().contains(url.toString()), e.getMessage());
        assertEquals("r", ((JsonObject) e.error().data()).getString("agent"));
        assertEquals(url.toString(), ((JsonObject) e.error().data()).getString("bridge"));
        assertEquals(-32060, callFails("tools/list", JsonValue.EMPTY_JSON_OBJECT).code());
        assertFalse(call("initialize", Json.createObjectBuilder().add("protocolVersion", "2025-11-25").build()).isEmpty());

        remoteServer(port);
        await("the bridge up", () -> bridge.status().up());
        assertEquals("x", call("tools/call", tool("echo", "x")).getJsonArray("content").getJsonObject(0).getString("text"));
    }

    @Test
    void aServerThatGoesAwayIsNoticedAndReconnectedWhenItIsBack() throws Exception {
        McpTestServer server = remoteServer(0);
        int port = server.port();
        Bridge bridge = upBridge(server);
        TestCallContext ctx = TestCallContext.of(5);
        local.request("r", "subscriptions/listen", LISTEN_TOOLS, ctx);
        server.stop();
        await("the bridge down", () -> bridge.status().state() == BridgeStatus.State.DOWN);
        assertTrue(bridge.status().detail().contains("127.0.0.1:" + port), bridge.status().detail());
        JsonRpcException e = callFails("tools/call", tool("echo", "x"));
        assertEquals(-32060, e.code());
        assertEquals(8, local.agent("r").orElseThrow().tools().size(), "the last lists stay listed");

        server.start(port);
        await("the bridge up again", () -> bridge.status().up());
        assertEquals("back", call("tools/call", tool("echo", "back")).getJsonArray("content").getJsonObject(0).getString("text"));
        assertFalse(ctx.sent().stream().anyMatch(n -> n.method().equals("notifications/tools/list_changed")),
                "the same lists after a reconnection are no change");
    }

    @Test
    void aSessionEndedByTheServerIsReplacedWithoutFailingCalls() throws Exception {
        McpTestServer server = remoteServer(0);
        upBridge(server);
        assertEquals(1, server.handler().sessions().size());
        String session = server.handler().sessions().all().iterator().next().sessionId();
        server.handler().sessions().end(session);
        assertEquals("again", call("tools/call", tool("echo", "again")).getJsonArray("content").getJsonObject(0).getString("text"));
    }

    @Test
    void closingUnregistersTheAgentAndEndsTheSession() throws Exception {
        McpTestServer server = remoteServer(0);
        Bridges bridges = bridges(settings(server.url(RemoteAgent.ID)));
        Bridge bridge = bridges.bridge("r").orElseThrow();
        await("the bridge up", () -> bridge.status().up());
        bridges.close();
        assertFalse(local.hosts("r"));
        assertEquals(BridgeStatus.State.CLOSED, bridge.status().state());
        assertEquals(0, server.handler().sessions().size());
    }

    @Test
    void anIdTakenByAnotherAgentStopsTheBridges() {
        local.register(io.agentmesh.agents.AgentDefinition.of("r", "", ""));
        Bridges bridges = new Bridges(local, new BridgeConfiguration(List.of(settings(URI.create("http://127.0.0.1:1/mcp")))),
                Clock.systemUTC(), threads);
        closing.add(bridges);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bridges::start);
        assertTrue(e.getMessage().contains("bridge r"), e.getMessage());
    }
}
