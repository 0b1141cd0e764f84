package io.agentmesh.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AccessControl;
import io.agentmesh.agents.AgentDefinitions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentLog;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.Answers;
import io.agentmesh.agents.Elicitation;
import io.agentmesh.agents.Input;
import io.agentmesh.agents.InputRequiredException;
import io.agentmesh.agents.InputStates;
import io.agentmesh.agents.Progress;
import io.agentmesh.agents.Questions;
import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.json.Json;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Java API's requests of MCP 2026-07-28 to a real agent host on another node, one link away: the
 * agent's questions answered in rounds, its progress and log messages at the call's listeners, a
 * {@code subscriptions/listen} held and closed.
 */
class MeshClientModernTest {

    private static final JsonObject SCHEMA = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder().add("ok", Json.createObjectBuilder().add("type", "boolean")))
            .build();

    /** Asks to confirm; {@code nag} asks for ever; {@code work} reports progress and logs. */
    @Agent(id = "desk")
    public static class Desk {
        final AtomicInteger runs = new AtomicInteger();

        @Tool(name = "confirm")
        public String confirm(Input input) throws InputRequiredException {
            runs.incrementAndGet();
            Elicitation e = input.elicit("ok", "Sure?", SCHEMA);
            return e.isTrue("ok") ? "yes" : "no";
        }

        @Tool(name = "nag")
        public String nag(Input input) throws InputRequiredException {
            input.elicit("q" + runs.incrementAndGet(), "Again?", SCHEMA);
            return "never";
        }

        @Tool(name = "roots")
        public String roots(Input input) throws InputRequiredException {
            return input.roots("where").getJsonObject(0).getString("uri");
        }

        @Tool(name = "three")
        public String three(Input input) throws InputRequiredException {
            runs.incrementAndGet();
            Answers a = input.askAll(new Questions().elicit("ok", "Sure?", SCHEMA)
                    .sample("poem", Json.createObjectBuilder().add("messages", Json.createArrayBuilder()).build())
                    .roots("where"));
            return a.elicitation("ok").action() + " " + a.sample("poem").getJsonObject("content").getString("text")
                    + " " + a.roots("where").getJsonObject(0).getString("uri");
        }

        @Tool(name = "work")
        public String work(Progress progress, AgentLog log) {
            progress.report(1, 2, "half");
            log.info("working");
            log.debug("details");
            progress.report(2, 2);
            return "done";
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final Desk desk = new Desk();
    private final AgentHost host = new AgentHost(AgentSettings.defaults(), Runnable::run, AccessControl.open(),
            new InputStates(new byte[32], clock, Duration.ofMinutes(5)));
    private final FakeLinkDirectory localLinks = new FakeLinkDirectory();
    private final FakeLinkDirectory remoteLinks = new FakeLinkDirectory();
    private final Router local = router(0xa, new FakeAgents(), localLinks);
    private final Router remote = router(0xb, host, remoteLinks);
    private final MeshClient client = new MeshClient(new MeshEntry(local, time, Runnable::run), Duration.ofSeconds(30),
            new InputLimits(3, Duration.ofMinutes(1)));
    private final String desk() {
        return remote.nodeId() + ":desk";
    }

    MeshClientModernTest() {
        host.register(AgentDefinitions.of(desk));
        FakeLink[] ends = FakeLink.connect(local.nodeId(), local, remote.nodeId(), remote);
        localLinks.add(ends[0]);
        remoteLinks.add(ends[1]);
    }

    private Router router(int n, io.agentmesh.routing.AgentDirectory agents, FakeLinkDirectory links) {
        return Router.builder().node(new NodeInfo(TestNodes.node(n), "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                .traceIds(() -> "trace-of-" + n).build();
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static MeshCallException failure(CompletionStage<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
        return assertInstanceOf(MeshCallException.class, e.getCause());
    }

    private static CompletionStage<JsonObject> accept(boolean ok) {
        return CompletableFuture.completedFuture(Json.createObjectBuilder().add("action", "accept")
                .add("content", Json.createObjectBuilder().add("ok", ok)).build());
    }

    @Test
    void theAnswererAnswersTheAgentsQuestionAndTheCallGetsTheFinalResult() {
        List<JsonObject> asked = new CopyOnWriteArrayList<>();
        CallOptions options = CallOptions.defaults().withAnswerer(InputKind.ELICITATION, params -> {
            asked.add(params);
            return accept(true);
        });
        ToolResult result = join(client.callTool(desk(), "confirm", (JsonObject) null, options));
        assertEquals("yes", result.text());
        assertEquals(1, asked.size());
        assertEquals("Sure?", asked.get(0).getString("message"));
        assertEquals(2, desk.runs.get(), "asked once, then retried with the answer");
    }

    @Test
    void methodsThatTheNewRevisionRemovedGoAsBeforeAndTheAgentAnswersThem() {
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, join(client.call(desk(), "ping", null)));
        for (String method : ProtocolVersions.HANDSHAKE_ONLY_METHODS) {
            JsonObject modern = ModernRequests.params(null, CallOptions.defaults(), null);
            JsonRpc.Response r = join(client.exchange(CallTarget.address(desk(), method).destination(),
                    new JsonRpc.Request(Json.createValue(7), method, modern), Duration.ofSeconds(5)));
            assertEquals(JsonRpc.METHOD_NOT_FOUND, r.error().code(), method + " is not a 2026-07-28 method");
        }
    }

    @Test
    void withoutAnAnswererTheAgentsQuestionEndsTheCallWithItsError() {
        MeshCallException e = failure(client.callTool(desk(), "confirm", (JsonObject) null));
        assertEquals(MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY, e.code());
        assertTrue(e.data().asJsonObject().getJsonObject("requiredCapabilities").containsKey("elicitation"));
    }

    @Test
    void anAnswererOfAnotherKindDeclaresOnlyItsOwnCapability() {
        CallOptions options = CallOptions.defaults().withAnswerer(InputKind.SAMPLING,
                params -> CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY,
                failure(client.callTool(desk(), "confirm", (JsonObject) null, options)).code());
    }

    @Test
    void rootsAreAnsweredToo() {
        CallOptions options = CallOptions.defaults().withAnswerer(InputKind.ROOTS, params -> CompletableFuture
                .completedFuture(Json.createObjectBuilder().add("roots", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("uri", "file:///work"))).build()));
        assertEquals("file:///work", join(client.callTool(desk(), "roots", (JsonObject) null, options)).text());
    }

    @Test
    void severalQuestionsOfOneRoundAreAnsweredTogetherInOneRetry() {
        CallOptions options = CallOptions.defaults()
                .withAnswerer(InputKind.ELICITATION, params -> accept(true))
                .withAnswerer(InputKind.SAMPLING, params -> CompletableFuture.completedFuture(Json.createObjectBuilder()
                        .add("role", "assistant").add("content", Json.createObjectBuilder().add("type", "text")
                                .add("text", "roses")).add("model", "m").build()))
                .withAnswerer(InputKind.ROOTS, params -> CompletableFuture.completedFuture(Json.createObjectBuilder()
                        .add("roots", Json.createArrayBuilder().add(Json.createObjectBuilder().add("uri", "file:///w")))
                        .build()));
        assertEquals("accept roses file:///w", join(client.callTool(desk(), "three", (JsonObject) null, options)).text());
        assertEquals(2, desk.runs.get(), "one retry");
        CallOptions elicitOnly = CallOptions.defaults().withAnswerer(InputKind.ELICITATION, params -> accept(true));
        assertEquals(MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY,
                failure(client.callTool(desk(), "three", (JsonObject) null, elicitOnly)).code());
    }

    @Test
    void roundsAreBounded() {
        AtomicInteger answers = new AtomicInteger();
        CallOptions options = CallOptions.defaults().withAnswerer(InputKind.ELICITATION, params -> {
            answers.incrementAndGet();
            return accept(true);
        });
        MeshCallException e = failure(client.callTool(desk(), "nag", (JsonObject) null, options));
        assertEquals(JsonRpc.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("after 3 rounds"), e.getMessage());
        assertEquals(3, answers.get());
    }

    @Test
    void aFailedAnswerEndsTheCall() {
        CallOptions options = CallOptions.defaults().withAnswerer(InputKind.ELICITATION,
                params -> CompletableFuture.failedFuture(new IllegalStateException("the user went away")));
        MeshCallException e = failure(client.callTool(desk(), "confirm", (JsonObject) null, options));
        assertEquals(JsonRpc.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("'ok' failed: the user went away"), e.getMessage());
        assertEquals(1, desk.runs.get(), "no retry");
    }

    @Test
    void anAnswerThatDoesNotFitItsQuestionIsTheAgentsError() {
        CallOptions options = CallOptions.defaults().withAnswerer(InputKind.ELICITATION,
                params -> CompletableFuture.completedFuture(Json.createObjectBuilder().add("action", "maybe").build()));
        assertEquals(JsonRpc.INVALID_PARAMS, failure(client.callTool(desk(), "confirm", (JsonObject) null, options)).code());
    }

    @Test
    void progressAndLogMessagesReachTheListenersAcrossTheHop() {
        List<JsonObject> progress = new CopyOnWriteArrayList<>();
        List<JsonObject> logs = new CopyOnWriteArrayList<>();
        CallOptions options = CallOptions.defaults().withProgress(progress::add).withLog("info", logs::add);
        assertEquals("done", join(client.callTool(desk(), "work", (JsonObject) null, options)).text());
        assertEquals(List.of(1.0, 2.0), progress.stream().map(p -> p.getJsonNumber("progress").doubleValue()).toList());
        assertEquals("half", progress.get(0).getString("message"));
        assertEquals(1, logs.size(), "debug is below the level asked for");
        assertEquals("info", logs.get(0).getString("level"));
        assertEquals("working", logs.get(0).getString("data"));
    }

    @Test
    void aListenerThatThrowsDoesNotEndTheCall() {
        List<JsonObject> logs = new CopyOnWriteArrayList<>();
        CallOptions options = CallOptions.defaults().withProgress(p -> {
            throw new IllegalStateException("the application's bug");
        }).withLog("info", logs::add);
        assertEquals("done", join(client.callTool(desk(), "work", (JsonObject) null, options)).text());
        assertEquals(1, logs.size());
    }

    @Test
    void withoutListenersTheAgentSendsNothing() {
        assertEquals("done", join(client.callTool(desk(), "work", (JsonObject) null)).text());
    }

    @Test
    void aListenGetsItsNotificationsUntilClosed() {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        Listening listening = client.listen(desk(), Json.createObjectBuilder().add("notifications",
                Json.createObjectBuilder().add("toolsListChanged", true)).build(), got::add);
        assertEquals("notifications/subscriptions/acknowledged", got.get(0).getString("method"));
        host.listChanged("desk");
        assertEquals(2, got.size());
        assertEquals("notifications/tools/list_changed", got.get(1).getString("method"));
        listening.close();
        host.listChanged("desk");
        assertEquals(2, got.size(), "closed: cancelled where it is served");
        assertEquals(JsonRpc.INTERNAL_ERROR, failure(listening.ended()).code(), "ended by the application");
    }

    @Test
    void aListenEndsWhenItsAgentGoes() {
        Listening listening = client.listen(desk(), Json.createObjectBuilder().add("notifications",
                Json.createObjectBuilder().add("toolsListChanged", true)).build(), n -> { });
        host.unregister("desk");
        assertEquals("complete", join(listening.ended()).asJsonObject().getString("resultType"));
    }

    @Test
    void aNodeHasNoSubscriptions() {
        assertEquals(JsonRpc.INVALID_REQUEST, assertThrows(MeshCallException.class,
                () -> client.listen(remote.nodeId().value(), null, n -> { })).code());
    }

    /** What {@code POST /api/v1/call} does with a modern request: passes it on, and its answers back, as they are. */
    @Test
    void aModernRequestOfTheRestApiIsPassedOnAndItsRoundsAreTheClients() {
        io.agentmesh.routing.Destination to = io.agentmesh.routing.Destination.agent(remote.nodeId(), "desk");
        JsonObject params = Json.createReader(new java.io.StringReader("{\"name\":\"confirm\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}}")).readObject();
        JsonRpc.Response first = join(client.exchange(to, new JsonRpc.Request(Json.createValue("rest-1"), "tools/call", params),
                Duration.ofSeconds(5), java.util.Optional.empty()));
        JsonObject asked = first.result().asJsonObject();
        assertEquals("input_required", asked.getString("resultType"));
        assertEquals("Sure?", asked.getJsonObject("inputRequests").getJsonObject("ok").getJsonObject("params").getString("message"));
        JsonObject retry = Json.createObjectBuilder(params).add("requestState", asked.getString("requestState"))
                .add("inputResponses", Json.createObjectBuilder().add("ok", accept(false).toCompletableFuture().join())).build();
        JsonRpc.Response last = join(client.exchange(to, new JsonRpc.Request(Json.createValue("rest-2"), "tools/call", retry),
                Duration.ofSeconds(5), java.util.Optional.empty()));
        assertEquals("no", ToolResult.from(last.result()).text());
        assertEquals("complete", last.result().asJsonObject().getString("resultType"));
    }

    /** What {@code POST /api/v1/call} streams to a client that accepts events: the call's notifications, then its answer. */
    @Test
    void theRestApiStreamsTheNotificationsOfTheCallBeforeItsAnswer() throws Exception {
        io.agentmesh.routing.Cancellation cancellation = new io.agentmesh.routing.Cancellation();
        CallEvents events = new CallEvents(CallSettings.DEFAULT_EVENT_QUEUE, cancellation);
        JsonObject params = Json.createReader(new java.io.StringReader("{\"name\":\"work\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"progressToken\":\"p1\","
                + "\"io.modelcontextprotocol/logLevel\":\"info\"}}")).readObject();
        client.exchange(io.agentmesh.routing.Destination.agent(remote.nodeId(), "desk"),
                new JsonRpc.Request(Json.createValue("rest-1"), "tools/call", params), Duration.ofSeconds(5),
                MeshClient.origin("rest rest-1", events::notification, cancellation, java.util.Optional.empty()))
                .thenAccept(response -> events.answer(CallResource.body(response)));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        events.write(out);
        List<String> kinds = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("data: ")).map(line -> Json.createReader(new java.io.StringReader(
                        line.substring(6))).readObject()).map(o -> o.containsKey("method") ? o.getString("method")
                        : o.getJsonObject("result").getString("resultType")).toList();
        assertEquals(List.of("notifications/progress", "notifications/message", "notifications/progress", "complete"), kinds);
    }
}
