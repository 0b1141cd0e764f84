package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpErrors;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.LogLines;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Multi round-trip requests on the agent's side (MCP 2026-07-28 basic/patterns/mrtr): the question ends
 * the call with an InputRequiredResult, the retry runs the handler with the answer, and every bad retry
 * gets its error.
 */
class InputRoundsTest {

    private static final String FORM = "{'elicitation':{}}";
    private static final String BOTH = "{'elicitation':{'form':{}},'sampling':{}}";

    /** An agent whose tools ask the client. */
    @Agent(id = "asker")
    public static class Asker {

        final AtomicInteger sideEffects = new AtomicInteger();

        static final JsonObject SCHEMA = obj("{'type':'object','properties':{'ok':{'type':'boolean'}},'required':['ok']}");

        @Tool(name = "confirm")
        public String confirm(@ToolArg(name = "what") String what, Input input) throws InputRequiredException {
            Elicitation e = input.elicit("ok", "Really " + what + "?", SCHEMA);
            if (!e.isTrue("ok")) {
                return "not " + what;
            }
            sideEffects.incrementAndGet();
            return "did " + what;
        }

        @Tool(name = "two")
        public String two(Input input) throws InputRequiredException {
            Elicitation e = input.elicit("ok", "Go?", SCHEMA);
            JsonObject m = input.sample("poem", obj("{'messages':[],'maxTokens':10}"));
            return e.action() + " " + m.getJsonObject("content").getString("text");
        }

        @Tool(name = "three")
        public String three(Input input) throws InputRequiredException {
            Answers a = input.askAll(new Questions().elicit("ok", "Go?", SCHEMA)
                    .sample("poem", obj("{'messages':[],'maxTokens':10}")).roots("where"));
            sideEffects.incrementAndGet();
            return a.elicitation("ok").action() + " " + a.sample("poem").getJsonObject("content").getString("text")
                    + " " + a.roots("where").getJsonObject(0).getString("uri");
        }

        @Prompt(name = "greet")
        public String greet(Input input) throws InputRequiredException {
            return "hello " + input.roots("where").getJsonObject(0).getString("uri");
        }
    }

    private final ManualClock clock = new ManualClock();
    private final Asker asker = new Asker();
    private final AgentHost host = host();
    private final Caller alice = Caller.node(NodeId.of("1111111111111111111111111111111111111111"), Set.of())
            .withUser(Optional.of(new Caller.User("alice", Set.of())));

    private final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

    private AgentHost host() {
        var h = new AgentHost(AgentSettings.defaults(), Runnable::run, AccessControl.open(),
                new InputStates(new byte[32], clock, Duration.ofMinutes(5)),
                (agent, reason) -> refused.add(agent + " " + reason.label()));
        h.register(AgentDefinitions.of(asker));
        return h;
    }

    private JsonObject send(String method, JsonObject params, Caller caller) throws Exception {
        try {
            return host.request("asker", method, params, new TestCallContext(1, new RecordingSession("s"), caller))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).asJsonObject();
        } catch (ExecutionException e) {
            throw (JsonRpcException) e.getCause();
        }
    }

    private JsonObject call(String params, Caller caller) throws Exception {
        return send("tools/call", obj(params), caller);
    }

    private static String withCaps(String caps) {
        return "'_meta':{'io.modelcontextprotocol/clientCapabilities':" + caps + "}";
    }

    private static JsonObject retry(JsonObject first, String params, String responses) {
        return Json.createObjectBuilder(obj(params)).add("inputResponses", obj(responses))
                .add("requestState", first.getString("requestState")).build();
    }

    private static int code(Executable e) {
        return assertThrows(JsonRpcException.class, e::run).code();
    }

    private interface Executable {
        void run() throws Exception;
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    @Test
    void theFirstCallAsksAndTheRetryRunsWithTheAnswer() throws Exception {
        String params = "{'name':'confirm','arguments':{'what':'x'}," + withCaps(FORM) + "}";
        JsonObject first = call(params, alice);
        assertEquals("input_required", first.getString("resultType"));
        assertEquals(obj("{'ok':{'method':'elicitation/create','params':{'mode':'form','message':'Really x?',"
                + "'requestedSchema':" + Asker.SCHEMA.toString().replace('"', '\'') + "}}}"), first.getJsonObject("inputRequests"));
        assertInstanceOf(JsonString.class, first.get("requestState"));
        assertEquals(0, asker.sideEffects.get());
        JsonObject done = send("tools/call", retry(first, params, "{'ok':{'action':'accept','content':{'ok':true}}}"), alice);
        assertEquals("did x", text(done));
        assertEquals(1, asker.sideEffects.get());
        JsonObject declined = send("tools/call", retry(first, params, "{'ok':{'action':'decline'}}"), alice);
        assertEquals("not x", text(declined));
    }

    @Test
    void aClientWithoutTheCapabilityGetsMissingRequiredClientCapability() throws Exception {
        var e = assertThrows(JsonRpcException.class, () -> call("{'name':'confirm','arguments':{'what':'x'}}", alice));
        assertEquals(McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY, e.code());
        assertEquals(obj("{'requiredCapabilities':{'elicitation':{'form':{}}}}"), e.error().data());
        var url = assertThrows(JsonRpcException.class, () -> call("{'name':'confirm','arguments':{'what':'x'},"
                + withCaps("{'elicitation':{'url':{}}}") + "}", alice));
        assertEquals(-32021, url.code());
    }

    @Test
    void answersOfEarlierRoundsTravelInTheState() throws Exception {
        String params = "{'name':'two'," + withCaps(BOTH) + "}";
        JsonObject first = call(params, alice);
        JsonObject second = send("tools/call", retry(first, params, "{'ok':{'action':'accept','content':{'ok':false}}}"), alice);
        assertEquals("input_required", second.getString("resultType"));
        assertEquals(Set.of("poem"), second.getJsonObject("inputRequests").keySet());
        JsonObject done = send("tools/call", retry(second, params,
                "{'poem':{'role':'assistant','content':{'type':'text','text':'roses'},'model':'m'}}"), alice);
        assertEquals("accept roses", text(done));
    }

    @Test
    void aMissingAnswerIsAskedAgainAndUnknownAnswersAreIgnored() throws Exception {
        String params = "{'name':'confirm','arguments':{'what':'x'}," + withCaps(FORM) + "}";
        JsonObject first = call(params, alice);
        JsonObject again = send("tools/call", retry(first, params, "{'other':{'action':'accept'}}"), alice);
        assertEquals("input_required", again.getString("resultType"));
        assertEquals(Set.of("ok"), again.getJsonObject("inputRequests").keySet());
    }

    @Test
    void answersThatDoNotFitTheirQuestionAreInvalidParams() throws Exception {
        String params = "{'name':'confirm','arguments':{'what':'x'}," + withCaps(FORM) + "}";
        JsonObject first = call(params, alice);
        for (String bad : List.of("{'ok':{'action':'accept','content':{'ok':'yes'}}}", "{'ok':{'action':'accept'}}",
                "{'ok':{'action':'maybe'}}", "{'ok':{'action':'accept','content':{}}}", "{'ok':'accept'}")) {
            assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", retry(first, params, bad), alice)), bad);
        }
        assertEquals(0, asker.sideEffects.get());
    }

    @Test
    void aForgedOtherOrExpiredStateIsInvalidParams() throws Exception {
        String params = "{'name':'confirm','arguments':{'what':'x'}," + withCaps(FORM) + "}";
        JsonObject first = call(params, alice);
        String yes = "{'ok':{'action':'accept','content':{'ok':true}}}";
        JsonObject forged = Json.createObjectBuilder(retry(first, params, yes))
                .add("requestState", first.getString("requestState") + "A").build();
        assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", forged, alice)));
        assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", retry(first, params, yes), Caller.UNAUTHENTICATED)));
        String other = "{'name':'confirm','arguments':{'what':'everything'}," + withCaps(FORM) + "}";
        assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", retry(first, other, yes), alice)));
        JsonObject noState = Json.createObjectBuilder(obj(params)).add("inputResponses", obj(yes)).build();
        assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", noState, alice)));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", retry(first, params, yes), alice)));
        assertEquals(0, asker.sideEffects.get());
    }

    @Test
    void refusedRetriesAreLoggedOncePerInterval() throws Exception {
        String params = "{'name':'confirm','arguments':{'what':'x'}," + withCaps(FORM) + "}";
        JsonObject first = call(params, alice);
        JsonObject forged = Json.createObjectBuilder(retry(first, params, "{}"))
                .add("requestState", first.getString("requestState") + "A").build();
        try (var log = new LogLines(InputRounds.class.getName(), Level.INFO)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", forged, alice)));
            }
            assertEquals(List.of("INFO tools/call of agent asker refused: requestState fails verification"), log.lines());
        }
        assertEquals(List.of("asker state", "asker state", "asker state"), refused, "every refusal is counted");
        assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("tools/call", retry(first, params, "{'ok':{'action':'maybe'}}"), alice)));
        assertEquals("asker answer", refused.get(3));
    }

    @Test
    void aPromptAsksForRootsToo() throws Exception {
        String params = "{'name':'greet'," + withCaps("{'roots':{}}") + "}";
        JsonObject first = send("prompts/get", obj(params), alice);
        assertEquals("roots/list", first.getJsonObject("inputRequests").getJsonObject("where").getString("method"));
        JsonObject done = send("prompts/get", retry(first, params, "{'where':{'roots':[{'uri':'file:///w'}]}}"), alice);
        assertEquals("hello file:///w", done.getJsonArray("messages").getJsonObject(0).getJsonObject("content")
                .getString("text"));
        assertEquals(JsonRpc.INVALID_PARAMS, code(() -> send("prompts/get", retry(first, params, "{'where':{'roots':[{}]}}"), alice)));
        assertFalse(first.containsKey("messages"));
        assertEquals(JsonValue.ValueType.STRING, first.get("requestState").getValueType());
    }

    private static final String ALL = "{'elicitation':{},'sampling':{},'roots':{}}";
    private static final String OK = "'ok':{'action':'accept','content':{'ok':true}}";
    private static final String POEM = "'poem':{'role':'assistant','content':{'type':'text','text':'roses'},'model':'m'}";
    private static final String WHERE = "'where':{'roots':[{'uri':'file:///w'}]}";

    @Test
    void severalQuestionsAreAskedInOneRoundAndAnsweredInOneRetry() throws Exception {
        String params = "{'name':'three'," + withCaps(ALL) + "}";
        JsonObject first = call(params, alice);
        assertEquals("input_required", first.getString("resultType"));
        JsonObject asked = first.getJsonObject("inputRequests");
        assertEquals(List.of("ok", "poem", "where"), List.copyOf(asked.keySet()));
        assertEquals(List.of("elicitation/create", "sampling/createMessage", "roots/list"),
                asked.values().stream().map(v -> v.asJsonObject().getString("method")).toList());
        JsonObject done = send("tools/call", retry(first, params, "{" + OK + "," + POEM + "," + WHERE + "}"), alice);
        assertEquals("accept roses file:///w", text(done));
        assertEquals(1, asker.sideEffects.get());
    }

    @Test
    void ofSeveralQuestionsOnlyTheUnansweredAreAskedAgainAndTheAnswersKept() throws Exception {
        String params = "{'name':'three'," + withCaps(ALL) + "}";
        JsonObject first = call(params, alice);
        JsonObject second = send("tools/call", retry(first, params, "{" + POEM + ",'unasked':{}}"), alice);
        assertEquals(List.of("ok", "where"), List.copyOf(second.getJsonObject("inputRequests").keySet()));
        JsonObject done = send("tools/call", retry(second, params, "{" + OK + "," + WHERE + "}"), alice);
        assertEquals("accept roses file:///w", text(done));
    }

    @Test
    void oneAnswerThatDoesNotFitItsQuestionRefusesTheWholeRetry() throws Exception {
        String params = "{'name':'three'," + withCaps(ALL) + "}";
        JsonObject first = call(params, alice);
        String swapped = "{'ok':{'roots':[{'uri':'file:///w'}]}," + POEM + ",'where':{'action':'accept','content':{'ok':true}}}";
        String badPoem = "{" + OK + ",'poem':{'action':'accept'}," + WHERE + "}";
        String badRoots = "{" + OK + "," + POEM + ",'where':{'roots':'file:///w'}}";
        for (String bad : List.of(swapped, badPoem, badRoots)) {
            var e = assertThrows(JsonRpcException.class, () -> send("tools/call", retry(first, params, bad), alice));
            assertEquals(JsonRpc.INVALID_PARAMS, e.code(), bad);
        }
        assertEquals(List.of("asker answer", "asker answer", "asker answer"), refused);
        assertEquals(0, asker.sideEffects.get());
    }

    @Test
    void severalQuestionsTheClientCannotAllAnswerGetOneErrorNamingWhatIsMissing() throws Exception {
        var e = assertThrows(JsonRpcException.class, () -> call("{'name':'three'," + withCaps(FORM) + "}", alice));
        assertEquals(McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY, e.code());
        assertEquals(obj("{'requiredCapabilities':{'sampling':{},'roots':{}}}"), e.error().data());
    }
}
