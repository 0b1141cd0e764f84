package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AccessControl;
import io.agentmesh.agents.AgentDefinitions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.Answers;
import io.agentmesh.agents.Elicitation;
import io.agentmesh.agents.Input;
import io.agentmesh.agents.InputRequiredException;
import io.agentmesh.agents.InputSettings;
import io.agentmesh.agents.InputStates;
import io.agentmesh.agents.Questions;
import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualTime;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A 2025-11-25 session's input rounds at the entry node: the agent's InputRequiredResult becomes
 * requests to the client on the POST's SSE stream, the client's POSTed responses go into the retry, and
 * the client's request gets the final result.
 */
class InputRelayTest {

    private static final String SELF = "1111111111111111111111111111111111111111";
    private static final JsonObject SCHEMA = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder().add("ok", Json.createObjectBuilder().add("type", "boolean")))
            .build();

    /** Asks to confirm; {@code nag} asks for ever. */
    @Agent(id = "ask")
    public static class Ask {
        final AtomicInteger runs = new AtomicInteger();

        @Tool(name = "confirm")
        public String confirm(Input input) throws InputRequiredException {
            runs.incrementAndGet();
            Elicitation e = input.elicit("ok", "Sure?", SCHEMA);
            return e.isTrue("ok") ? "yes" : "no";
        }

        @Tool(name = "three")
        public String three(Input input) throws InputRequiredException {
            runs.incrementAndGet();
            Answers a = input.askAll(new Questions().elicit("ok", "Sure?", SCHEMA)
                    .sample("poem", Json.createObjectBuilder().add("messages", Json.createArrayBuilder()).add("maxTokens", 9).build())
                    .roots("where"));
            return a.elicitation("ok").action() + " " + a.sample("poem").getJsonObject("content").getString("text")
                    + " " + a.roots("where").getJsonObject(0).getString("uri");
        }

        @Tool(name = "nag")
        public String nag(Input input) throws InputRequiredException {
            input.elicit("q" + runs.incrementAndGet(), "Again?", SCHEMA);
            return "never";
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final Ask ask = new Ask();
    private final AgentHost agents = agents();
    private final Router router = Router.builder()
            .node(new NodeInfo(NodeId.of(SELF), "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
            .agents(agents).executor(Runnable::run).scheduler(time).clock(time.clock()).traceIds(() -> "trace").build();
    private final McpHttpHandler handler = new McpHttpHandler(McpHttpSettings.defaults(),
            new InputSettings(Duration.ofMinutes(5), 3, Duration.ofMinutes(1), 3), agents,
            new MeshEntry(router, time, Runnable::run), () -> Optional.of(NodeId.of(SELF)), Optional.empty(),
            new CountingRandom(1), clock, McpHttpObserver.NONE, new LogLimiter(LogLimiter.DEFAULT_INTERVAL, () -> 0L));

    private AgentHost agents() {
        var host = new AgentHost(AgentSettings.defaults(), Runnable::run, AccessControl.open(),
                new InputStates(new byte[32], clock, Duration.ofMinutes(5)));
        host.register(AgentDefinitions.of(ask));
        return host;
    }

    private TestExchange post(String session, String body) throws Exception {
        TestExchange ex = TestExchange.post("/ask", body);
        if (session != null) {
            ex.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        handler.handle(ex);
        return ex;
    }

    private String initialize(String capabilities) throws Exception {
        TestExchange ex = post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilities + ","
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertEquals(200, ex.status);
        return ex.responseHeaders.get("Mcp-Session-Id");
    }

    private TestExchange call(String session, String tool) throws Exception {
        return post(session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\"}}");
    }

    /** The JSON-RPC messages of an SSE reply, in order. */
    private static List<JsonObject> events(TestExchange ex) {
        var list = new ArrayList<JsonObject>();
        for (String line : ex.text().split("\n")) {
            if (line.startsWith("data:")) {
                list.add(Json.createReader(new StringReader(line.substring(5).trim())).readObject());
            }
        }
        return list;
    }

    private TestExchange answer(String session, String id, String result) throws Exception {
        return post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":" + result + "}");
    }

    @Test
    void theQuestionGoesToTheClientAndItsAnswerIntoTheRetry() throws Exception {
        String session = initialize("{\"elicitation\":{}}");
        TestExchange ex = call(session, "confirm");
        List<JsonObject> sent = events(ex);
        assertEquals(1, sent.size());
        JsonObject question = sent.get(0);
        assertEquals("elicitation/create", question.getString("method"));
        assertEquals("Sure?", question.getJsonObject("params").getString("message"));
        assertFalse(ex.isEnded());
        assertEquals(202, answer(session, "other-id", "{\"action\":\"accept\"}").status, "an unknown id is ignored");
        String other = initialize("{\"elicitation\":{}}");
        answer(other, question.getString("id"), "{\"action\":\"decline\"}");
        assertFalse(ex.isEnded(), "another session cannot answer");
        assertEquals(202, answer(session, question.getString("id"),
                "{\"action\":\"accept\",\"content\":{\"ok\":true}}").status);
        assertTrue(ex.awaitEnd());
        JsonObject last = events(ex).get(1);
        assertEquals(7, last.getInt("id"));
        assertEquals("yes", last.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals(2, ask.runs.get());
    }

    @Test
    void severalQuestionsOfOneRoundGoToTheClientAtOnceAndAllAnswersIntoOneRetry() throws Exception {
        String session = initialize("{\"elicitation\":{},\"sampling\":{},\"roots\":{}}");
        TestExchange ex = call(session, "three");
        List<JsonObject> sent = events(ex);
        assertEquals(List.of("elicitation/create", "sampling/createMessage", "roots/list"),
                sent.stream().map(m -> m.getString("method")).toList());
        assertEquals(3, sent.stream().map(m -> m.getString("id")).distinct().count());
        assertEquals(9, sent.get(1).getJsonObject("params").getInt("maxTokens"));
        answer(session, sent.get(2).getString("id"), "{\"roots\":[{\"uri\":\"file:///w\"}]}");
        answer(session, sent.get(0).getString("id"), "{\"action\":\"accept\",\"content\":{\"ok\":true}}");
        assertFalse(ex.isEnded(), "one answer is still missing");
        assertEquals(1, ask.runs.get(), "no retry before every answer is in");
        answer(session, sent.get(1).getString("id"),
                "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"roses\"},\"model\":\"m\"}");
        assertTrue(ex.awaitEnd());
        List<JsonObject> all = events(ex);
        assertEquals(4, all.size());
        assertEquals("accept roses file:///w",
                all.get(3).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals(2, ask.runs.get(), "one retry with all the answers");
    }

    @Test
    void aClientErrorToOneOfSeveralQuestionsEndsTheRequest() throws Exception {
        String session = initialize("{\"elicitation\":{},\"sampling\":{},\"roots\":{}}");
        TestExchange ex = call(session, "three");
        List<JsonObject> sent = events(ex);
        answer(session, sent.get(0).getString("id"), "{\"action\":\"decline\"}");
        answer(session, sent.get(2).getString("id"), "{\"roots\":[]}");
        post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"" + sent.get(1).getString("id")
                + "\",\"error\":{\"code\":-1,\"message\":\"no model\"}}");
        assertTrue(ex.awaitEnd());
        JsonObject last = events(ex).get(3);
        assertEquals(JsonRpc.INTERNAL_ERROR, last.getJsonObject("error").getInt("code"));
        assertTrue(last.getJsonObject("error").getString("message").contains("'poem' failed: no model"), last::toString);
        assertEquals(1, ask.runs.get());
    }

    @Test
    void aSessionWithoutTheCapabilityGetsTheAgentsError() throws Exception {
        String session = initialize("{}");
        TestExchange ex = call(session, "confirm");
        JsonObject reply = Json.createReader(new StringReader(ex.text())).readObject();
        assertEquals(-32021, reply.getJsonObject("error").getInt("code"));
    }

    @Test
    void roundsAreBounded() throws Exception {
        String session = initialize("{\"elicitation\":{}}");
        TestExchange ex = call(session, "nag");
        for (int round = 0; round < 3; round++) {
            List<JsonObject> sent = events(ex);
            answer(session, sent.get(sent.size() - 1).getString("id"), "{\"action\":\"decline\"}");
        }
        assertTrue(ex.awaitEnd());
        JsonObject last = events(ex).get(3);
        assertEquals(7, last.getInt("id"));
        assertEquals(JsonRpc.INTERNAL_ERROR, last.getJsonObject("error").getInt("code"));
    }

    @Test
    void anUnansweredQuestionEndsTheRequestAtTheDeadline() throws Exception {
        String session = initialize("{\"elicitation\":{}}");
        TestExchange ex = call(session, "confirm");
        handler.keepAlive();
        assertFalse(ex.isEnded());
        clock.advance(Duration.ofMinutes(1));
        handler.keepAlive();
        assertTrue(ex.awaitEnd());
        JsonObject last = events(ex).get(1);
        assertEquals(JsonRpc.TIMEOUT, last.getJsonObject("error").getInt("code"));
    }

    @Test
    void theWaitingRequestsAreBounded() throws Exception {
        String session = initialize("{\"elicitation\":{}}");
        call(session, "confirm");
        post(session, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"confirm\"}}");
        post(session, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"confirm\"}}");
        TestExchange fourth = post(session, "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"confirm\"}}");
        assertEquals(JsonRpc.OVERLOADED, last(fourth).getJsonObject("error").getInt("code"));
    }

    @Test
    void aRoundWithMoreQuestionsThanMayWaitEndsAtOnceAndFreesWhatItTook() throws Exception {
        String session = initialize("{\"elicitation\":{},\"sampling\":{},\"roots\":{}}");
        TestExchange confirm = call(session, "confirm");
        TestExchange three = post(session, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"three\"}}");
        assertTrue(three.awaitEnd());
        assertEquals(List.of("elicitation/create", "sampling/createMessage"),
                events(three).stream().filter(m -> m.containsKey("method")).map(m -> m.getString("method")).toList(),
                "the third question is not sent");
        assertEquals(JsonRpc.OVERLOADED, last(three).getJsonObject("error").getInt("code"));
        answer(session, events(confirm).get(0).getString("id"), "{\"action\":\"decline\"}");
        assertTrue(confirm.awaitEnd());
        TestExchange next = post(session, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"three\"}}");
        assertEquals(3, events(next).size(), "the given-up questions freed their places: all three are sent");
        assertFalse(next.isEnded());
    }

    /** The last JSON-RPC message of a reply, SSE or JSON. */
    private static JsonObject last(TestExchange ex) {
        List<JsonObject> sent = events(ex);
        return sent.isEmpty() ? Json.createReader(new StringReader(ex.text())).readObject() : sent.get(sent.size() - 1);
    }
}
