package io.agentmesh.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Java API over real routers, fake agents and in-memory links. */
class MeshClientTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeAgents localAgents = new FakeAgents().add("echo", "Echo", "", "echo");
    private final FakeAgents remoteAgents = new FakeAgents().add("calculator", "Calc", "", "add");
    private final FakeLinkDirectory localLinks = new FakeLinkDirectory();
    private final FakeLinkDirectory remoteLinks = new FakeLinkDirectory();
    private final Router local = router(0xa, localAgents, localLinks);
    private final Router remote = router(0xb, remoteAgents, remoteLinks);
    private final MeshClient client = new MeshClient(new MeshEntry(local, time, Runnable::run), Duration.ofSeconds(30));

    MeshClientTest() {
        FakeLink[] ends = FakeLink.connect(local.nodeId(), local, remote.nodeId(), remote);
        localLinks.add(ends[0]);
        remoteLinks.add(ends[1]);
        localAgents.answerWith(MeshClientTest::toolAnswer);
        remoteAgents.answerWith(MeshClientTest::toolAnswer);
    }

    private Router router(int n, FakeAgents agents, FakeLinkDirectory links) {
        return Router.builder().node(new NodeInfo(TestNodes.node(n), "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                .traceIds(() -> "trace-of-" + n).build();
    }

    /** tools/call answers a text block with the arguments; tools/list answers two pages. */
    private static CompletionStage<JsonValue> toolAnswer(FakeAgents.Call call) {
        if (call.method().equals("tools/list")) {
            boolean second = call.params().containsKey("cursor");
            JsonObject tool = Json.createObjectBuilder().add("name", second ? "two" : "one")
                    .add("inputSchema", Json.createObjectBuilder().add("type", "object"))
                    .add("annotations", Json.createObjectBuilder().add("readOnlyHint", true)).build();
            var page = Json.createObjectBuilder().add("tools", Json.createArrayBuilder().add(tool));
            if (!second) {
                page.add("nextCursor", "p2");
            }
            return CompletableFuture.completedFuture(page.build());
        }
        JsonObject args = call.params().getJsonObject("arguments");
        return CompletableFuture.completedFuture(Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text")
                        .add("text", call.agent() + ":" + call.params().getString("name") + ":" + args)))
                .add("isError", false).build());
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static MeshCallException failure(CompletionStage<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
        return assertInstanceOf(MeshCallException.class, e.getCause());
    }

    @Test
    void callsAToolOnAnotherNode() {
        ToolResult r = join(client.callTool(remote.nodeId() + ":calculator", "add",
                Json.createObjectBuilder().add("a", 1).add("b", 2).build()));
        assertFalse(r.isError());
        assertEquals("calculator:add:{\"a\":1,\"b\":2}", r.text());
        assertEquals(local.nodeId().value(), remoteAgents.onlyRequest().context().originNode());
    }

    /** A value JSON-B writes as an object. */
    public record Point(int x, int y) {
    }

    @Test
    void argumentsMayBeAMapOfPlainValues() {
        ToolResult r = join(client.callTool("local:echo", "echo", Map.of("p", new Point(1, 2))));
        assertEquals("echo:echo:{\"p\":{\"x\":1,\"y\":2}}", r.text());
    }

    @Test
    void anAgentAloneIsThisNodesAgent() {
        assertEquals("echo:echo:{}", join(client.callTool("echo", "echo", Json.createObjectBuilder().build())).text());
    }

    @Test
    void aNodeAloneIsTheNodeItself() {
        JsonValue info = join(client.call(remote.nodeId().value(), "get_info", null));
        assertEquals(remote.nodeId().value(), info.asJsonObject().getString("node_id"));
        JsonValue same = join(client.call(remote.nodeId() + ":node", "get_info", null));
        assertEquals(info.asJsonObject().getString("node_id"), same.asJsonObject().getString("node_id"));
    }

    @Test
    void listToolsFollowsEveryPage() {
        List<ToolInfo> tools = join(client.listTools(remote.nodeId() + ":calculator"));
        assertEquals(List.of("one", "two"), tools.stream().map(ToolInfo::name).toList());
        assertEquals(JsonValue.TRUE, tools.get(0).annotations().get("readOnlyHint"));
        assertNull(tools.get(0).outputSchema());
    }

    @Test
    void meshErrorsArriveAsMeshCallExceptions() {
        assertEquals(JsonRpc.NODE_UNREACHABLE, failure(client.call(TestNodes.node(0x99) + ":echo", "tools/list", null)).code());
        assertEquals(JsonRpc.AGENT_NOT_FOUND, failure(client.call(remote.nodeId() + ":nobody", "tools/list", null)).code());
        MeshCallException e = failure(client.call(remote.nodeId().value(), "no_such_op", null));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code());
    }

    @Test
    void aBadTargetIsAnInvalidRequest() {
        assertEquals(JsonRpc.INVALID_REQUEST, failure(client.call("not a target", "tools/list", null)).code());
        assertEquals(JsonRpc.INVALID_REQUEST, failure(client.call("abc:echo", "tools/list", null)).code());
        assertEquals(JsonRpc.INVALID_REQUEST, failure(client.call("echo", "", null)).code());
    }

    @Test
    void aCallWithoutAnswerTimesOutAndIsCancelled() throws Exception {
        localAgents.hold();
        CompletionStage<JsonValue> pending = client.call("echo", "tools/call",
                Json.createObjectBuilder().add("name", "echo").build(), Duration.ofMillis(50));
        time.advance(Duration.ofMillis(50));
        MeshCallException e = assertInstanceOf(MeshCallException.class, assertThrows(java.util.concurrent.ExecutionException.class,
                () -> pending.toCompletableFuture().get(30, TimeUnit.SECONDS)).getCause());
        assertEquals(JsonRpc.TIMEOUT, e.code());
        assertTrue(localAgents.onlyRequest().context().isCancelled(), "the agent is told");
    }

    @Test
    void aToolErrorIsAResultNotAnException() {
        localAgents.answerWith(call -> CompletableFuture.completedFuture(Json.createReader(new StringReader(
                "{\"content\":[{\"type\":\"text\",\"text\":\"division by zero\"}],\"isError\":true}")).readObject()));
        ToolResult r = join(client.callTool("echo", "echo", (JsonObject) null));
        assertTrue(r.isError());
        assertEquals("division by zero", r.text());
    }

    @Test
    void anAnswerThatIsNotAToolResultIsAnInternalError() {
        localAgents.answerWith(call -> CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(JsonRpc.INTERNAL_ERROR, failure(client.callTool("echo", "echo", (JsonObject) null)).code());
    }

    @Test
    void exchangeRelaysTheResponseWithItsId() {
        JsonRpc.Response r = join(client.exchange(Destination.node(TestNodes.node(0x99)),
                new JsonRpc.Request(Json.createValue(7), "ping", null), Duration.ofSeconds(5)));
        assertEquals(Json.createValue(7), r.id());
        assertEquals(JsonRpc.NODE_UNREACHABLE, r.error().code());
    }

    @Test
    void requestsToAgentsAreOfTheModernEra() {
        join(client.callTool(remote.nodeId() + ":calculator", "add", (JsonObject) null));
        JsonObject meta = remoteAgents.onlyRequest().params().getJsonObject("_meta");
        assertEquals("2026-07-28", meta.getString("io.modelcontextprotocol/protocolVersion"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, meta.getJsonObject("io.modelcontextprotocol/clientCapabilities"));
        assertEquals(CallOptions.DEFAULT_CLIENT_NAME, meta.getJsonObject("io.modelcontextprotocol/clientInfo").getString("name"));
        assertFalse(meta.containsKey("progressToken"));
        assertFalse(meta.containsKey("io.modelcontextprotocol/logLevel"));
    }

    @Test
    void theOptionsAreDeclaredInMetaAndTheParamsOwnMetaIsKept() {
        CallOptions options = CallOptions.defaults().withClientInfo("booking-ui", "2.1")
                .withAnswerer(InputKind.ELICITATION, p -> new CompletableFuture<>())
                .withAnswerer(InputKind.ROOTS, p -> new CompletableFuture<>())
                .withProgress(p -> { }).withLog("warning", m -> { })
                .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        JsonObject params = Json.createObjectBuilder().add("name", "add")
                .add("_meta", Json.createObjectBuilder().add("app/key", "kept")).build();
        join(client.call(remote.nodeId() + ":calculator", "tools/call", params, options));
        JsonObject meta = remoteAgents.onlyRequest().params().getJsonObject("_meta");
        assertEquals("kept", meta.getString("app/key"));
        assertEquals("booking-ui", meta.getJsonObject("io.modelcontextprotocol/clientInfo").getString("name"));
        assertEquals(Json.createReader(new StringReader("{\"elicitation\":{\"form\":{}},\"roots\":{}}")).readObject(),
                meta.getJsonObject("io.modelcontextprotocol/clientCapabilities"));
        assertEquals("warning", meta.getString("io.modelcontextprotocol/logLevel"));
        assertTrue(meta.containsKey("progressToken"));
        assertTrue(meta.getString("traceparent").startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"), "the same trace");
    }

    @Test
    void nodeOperationsAreNotMcpAndCarryNoMeta() {
        localAgents.defaultAgent("echo");
        assertEquals(remote.nodeId().value(), join(client.call(remote.nodeId().value(), "get_info", null,
                CallOptions.defaults().withProgress(p -> { }))).asJsonObject().getString("node_id"));
    }

    @Test
    void aResultThatIsNotCompleteIsNeverAResult() {
        remoteAgents.answerWith(call -> CompletableFuture.completedFuture(Json.createReader(new StringReader(
                "{\"resultType\":\"task\",\"content\":[]}")).readObject()));
        MeshCallException e = failure(client.callTool(remote.nodeId() + ":calculator", "add", (JsonObject) null));
        assertEquals(JsonRpc.INTERNAL_ERROR, e.code());
        remoteAgents.answerWith(call -> CompletableFuture.completedFuture(Json.createReader(new StringReader(
                "{\"resultType\":\"input_required\",\"content\":[],\"inputRequests\":{\"k\":"
                        + "{\"method\":\"elicitation/create\",\"params\":{}}}}")).readObject()));
        assertEquals(MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY,
                failure(client.callTool(remote.nodeId() + ":calculator", "add", (JsonObject) null)).code());
        assertEquals(MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY,
                failure(client.call(remote.nodeId() + ":calculator", "tools/call", null)).code());
    }

    @Test
    void theRetryEchoesTheStateAndCarriesTheAnswers() {
        remoteAgents.answerWith(call -> CompletableFuture.completedFuture(call.params().containsKey("inputResponses")
                ? Json.createObjectBuilder().add("content", Json.createArrayBuilder()).add("resultType", "complete").build()
                : Json.createReader(new StringReader("{\"resultType\":\"input_required\",\"requestState\":\"s1\","
                        + "\"inputRequests\":{\"k\":{\"method\":\"sampling/createMessage\",\"params\":{\"n\":1}}}}"))
                        .readObject()));
        CallOptions options = CallOptions.defaults().withAnswerer(InputKind.SAMPLING, p -> CompletableFuture.completedFuture(
                Json.createObjectBuilder().add("role", "assistant").add("n", p.getInt("n")).build()));
        assertFalse(join(client.callTool(remote.nodeId() + ":calculator", "add", (JsonObject) null, options)).isError());
        List<FakeAgents.Call> calls = remoteAgents.requests();
        assertEquals(2, calls.size());
        JsonObject retry = calls.get(1).params();
        assertEquals("s1", retry.getString("requestState"));
        assertEquals(1, retry.getJsonObject("inputResponses").getJsonObject("k").getInt("n"));
        assertEquals(calls.get(0).params().getJsonObject("_meta"), retry.getJsonObject("_meta"), "the same _meta");
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> CallOptions.defaults().withLog("loud", m -> { }));
        assertThrows(IllegalArgumentException.class, () -> CallOptions.defaults().withTraceparent("00-00"));
        assertThrows(IllegalArgumentException.class, () -> CallOptions.defaults().withDeadline(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> CallOptions.defaults().withClientInfo(" ", "1"));
        CallOptions one = CallOptions.defaults().withAnswerer(InputKind.ROOTS, p -> null);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, CallOptions.defaults().capabilities(), "immutable: defaults unchanged");
        assertEquals(1, one.capabilities().size());
    }

    /** The keys, version and limits the api names again are those of the agents and the node's configuration. */
    @Test
    void theApiNamesWhatTheAgentsRead() {
        assertEquals(io.agentmesh.agents.ProtocolVersions.MODERN, ModernRequests.VERSION);
        assertEquals(io.agentmesh.agents.McpMeta.PROTOCOL_VERSION, ModernRequests.PROTOCOL_VERSION);
        assertEquals(io.agentmesh.agents.McpMeta.CLIENT_INFO, ModernRequests.CLIENT_INFO);
        assertEquals(io.agentmesh.agents.McpMeta.CLIENT_CAPABILITIES, ModernRequests.CLIENT_CAPABILITIES);
        assertEquals(io.agentmesh.agents.McpMeta.LOG_LEVEL, ModernRequests.LOG_LEVEL);
        assertEquals(io.agentmesh.agents.McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY,
                MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY);
        assertEquals(io.agentmesh.agents.McpErrors.UNSUPPORTED_PROTOCOL_VERSION, ModernRequests.UNSUPPORTED_PROTOCOL_VERSION);
        assertEquals(io.agentmesh.agents.InputSettings.DEFAULT_MAX_ROUNDS, InputLimits.DEFAULTS.maxRounds());
        assertEquals(io.agentmesh.agents.InputSettings.DEFAULT_DEADLINE, InputLimits.DEFAULTS.deadline());
        for (InputKind kind : InputKind.values()) {
            assertTrue(java.util.Set.of(io.agentmesh.agents.Input.ELICIT, io.agentmesh.agents.Input.SAMPLE,
                    io.agentmesh.agents.Input.ROOTS).contains(kind.method()));
        }
        for (io.agentmesh.agents.LogLevel level : io.agentmesh.agents.LogLevel.values()) {
            assertTrue(CallOptions.LOG_LEVELS.contains(level.name().toLowerCase(java.util.Locale.ROOT)), level.name());
        }
    }
}
