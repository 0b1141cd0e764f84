package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several questions in one round (MCP 2026-07-28 basic/patterns/mrtr, "InputRequests"): {@link Questions}
 * keyed and ordered, {@link Input#askAll} asking at once every one not answered yet, {@link Answers} by
 * key, and the one-question calls unchanged.
 */
class QuestionsTest {

    private static final JsonObject SCHEMA = obj("{'type':'object','properties':{'name':{'type':'string'}}}");
    private static final JsonObject PARAMS = obj("{'messages':[],'maxTokens':5}");
    private static final ClientCapabilities ALL = new ClientCapabilities(obj("{'elicitation':{},'sampling':{},'roots':{}}"));

    private static final Questions THREE = new Questions().elicit("name", "Name?", SCHEMA).sample("poem", PARAMS)
            .roots("where");

    /** An answered entry as the state carries it: {@code {request, response}}. */
    private static JsonObject entry(String key, String response) {
        return Json.createObjectBuilder().add("request", THREE.requests().get(key)).add("response", obj(response)).build();
    }

    private static final Map<String, JsonObject> ANSWERED = Map.of(
            "name", entry("name", "{'action':'accept','content':{'name':'Ada'}}"),
            "poem", entry("poem", "{'role':'assistant','content':{'type':'text','text':'roses'}}"),
            "where", entry("where", "{'roots':[{'uri':'file:///w'}]}"));

    @Test
    void questionsKeepTheirOrderAndEachAddGivesANewSet() {
        Questions one = new Questions().roots("where");
        Questions two = one.sample("poem", PARAMS);
        assertEquals(List.of("where"), List.copyOf(one.requests().keySet()));
        assertEquals(List.of("where", "poem"), List.copyOf(two.requests().keySet()));
        assertEquals(List.of("name", "poem", "where"), List.copyOf(THREE.requests().keySet()));
        assertEquals(obj("{'method':'elicitation/create','params':{'mode':'form','message':'Name?','requestedSchema':"
                + SCHEMA.toString().replace('"', '\'') + "}}"), THREE.requests().get("name"));
        assertEquals(obj("{'method':'roots/list','params':{}}"), THREE.requests().get("where"));
        assertThrows(IllegalArgumentException.class, () -> two.elicit("poem", "Again?", SCHEMA));
        assertThrows(UnsupportedOperationException.class, () -> two.requests().clear());
    }

    @Test
    void askAllAsksEveryQuestionAtOnce() {
        var asked = assertThrows(InputRequiredException.class, () -> new Input(ALL, Map.of()).askAll(THREE));
        assertEquals(THREE.requests(), asked.requests());
        assertEquals(List.of("name", "poem", "where"), List.copyOf(asked.requests().keySet()));
        assertEquals("name", asked.key());
        assertEquals(THREE.requests().get("name"), asked.request());
        assertEquals("input required: name, poem, where", asked.getMessage());
    }

    @Test
    void whatIsAnsweredIsNotAskedAgain() {
        Input input = new Input(ALL, Map.of("poem", ANSWERED.get("poem")));
        var asked = assertThrows(InputRequiredException.class, () -> input.askAll(THREE));
        assertEquals(List.of("name", "where"), List.copyOf(asked.requests().keySet()));
    }

    @Test
    void anAnswerToAnotherQuestionUnderTheKeyDoesNotCount() {
        Input input = new Input(ALL, ANSWERED);
        var asked = assertThrows(InputRequiredException.class, () -> input.askAll(new Questions()
                .elicit("name", "Your full name?", SCHEMA).roots("where")));
        assertEquals(List.of("name"), List.copyOf(asked.requests().keySet()));
    }

    @Test
    void allAnsweredGivesTheAnswersByKey() throws Exception {
        Answers answers = new Input(ALL, ANSWERED).askAll(THREE);
        assertEquals(List.of("name", "poem", "where"), List.copyOf(answers.keys()));
        assertTrue(answers.elicitation("name").accepted());
        assertEquals("Ada", answers.elicitation("name").content().getString("name"));
        assertEquals("roses", answers.sample("poem").getJsonObject("content").getString("text"));
        assertEquals("file:///w", answers.roots("where").getJsonObject(0).getString("uri"));
        assertThrows(IllegalArgumentException.class, () -> answers.response("other"));
        assertEquals(0, new Input(ALL, Map.of()).askAll(new Questions()).keys().size(), "nothing asked, nothing missing");
    }

    @Test
    void theOneQuestionCallsAskOneQuestionAsBefore() throws Exception {
        Input none = new Input(ALL, Map.of());
        var asked = assertThrows(InputRequiredException.class, () -> none.sample("poem", PARAMS));
        assertEquals(Map.of("poem", THREE.requests().get("poem")), asked.requests());
        Input answered = new Input(ALL, ANSWERED);
        assertEquals("Ada", answered.elicit("name", "Name?", SCHEMA).content().getString("name"));
        assertEquals("roses", answered.sample("poem", PARAMS).getJsonObject("content").getString("text"));
        assertEquals(1, answered.roots("where").size());
        assertEquals(ANSWERED.get("where").getJsonObject("response"), answered.ask("where", Input.ROOTS, obj("{}")));
    }

    @Test
    void anExceptionAsksAtLeastOneQuestion() {
        assertThrows(IllegalArgumentException.class, () -> new InputRequiredException(Map.of()));
        var one = new InputRequiredException("k", THREE.requests().get("where"));
        assertEquals(Map.of("k", THREE.requests().get("where")), one.requests());
    }
}
