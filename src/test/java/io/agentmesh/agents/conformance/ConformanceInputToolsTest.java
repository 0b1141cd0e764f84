package io.agentmesh.agents.conformance;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fixture tools that ask the client, on a host, as the scenarios {@code tools-call-sampling},
 * {@code tools-call-elicitation}, {@code elicitation-sep1034-defaults} and {@code elicitation-sep1330-enums}
 * of {@code @modelcontextprotocol/conformance} 0.1.16 call them: the first call asks (the request the
 * scenario describes), the retry with the scenario's answer gets the result, a client without the
 * capability gets −32021.
 */
class ConformanceInputToolsTest {

    private static final String BOTH = "{'sampling':{},'elicitation':{}}";

    private final AgentHost host = new AgentHost(AgentSettings.defaults());

    ConformanceInputToolsTest() {
        host.register(ConformanceAgent.definition(Duration.ZERO));
    }

    private JsonObject call(JsonObject params) throws Exception {
        try {
            return host.request(ConformanceAgent.ID, "tools/call", params, TestCallContext.of(1)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).asJsonObject();
        } catch (ExecutionException e) {
            throw assertInstanceOf(JsonRpcException.class, e.getCause());
        }
    }

    private static JsonObject params(String tool, String arguments, String capabilities) {
        return obj("{'name':'" + tool + "','arguments':" + arguments
                + ",'_meta':{'io.modelcontextprotocol/clientCapabilities':" + capabilities + "}}");
    }

    private static JsonObject json(String text) {
        return Json.readStrictObject(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first call: one input request, under {@code key}. */
    private JsonObject asked(JsonObject params, String key) throws Exception {
        JsonObject first = call(params);
        assertEquals("input_required", first.getString("resultType"), first::toString);
        assertEquals(Set.of(key), first.getJsonObject("inputRequests").keySet(), first::toString);
        return first;
    }

    /** The text of the retry of {@code first} with {@code answer} under {@code key}. */
    private String answered(JsonObject params, JsonObject first, String key, String answer) throws Exception {
        JsonObject done = call(Json.createObjectBuilder(params)
                .add("inputResponses", Json.createObjectBuilder().add(key, obj(answer)))
                .add("requestState", first.getString("requestState")).build());
        assertEquals(false, done.getBoolean("isError"), done::toString);
        return done.getJsonArray("content").getJsonObject(0).getString("text");
    }

    private int refusedWithout(String tool, String arguments, String capabilities) {
        return assertThrows(JsonRpcException.class, () -> call(params(tool, arguments, capabilities))).code();
    }

    @Test
    void samplingAsksForOneUserMessageOfAtMostAHundredTokensAndReturnsTheModelsText() throws Exception {
        JsonObject params = params("test_sampling", "{'prompt':'Test prompt for sampling'}", BOTH);
        JsonObject first = asked(params, "sampling");
        assertEquals(obj("{'method':'sampling/createMessage','params':{'messages':[{'role':'user','content':"
                + "{'type':'text','text':'Test prompt for sampling'}}],'maxTokens':100}}"),
                first.getJsonObject("inputRequests").getJsonObject("sampling"));
        assertEquals("LLM response: This is a test response from the client", answered(params, first, "sampling",
                "{'role':'assistant','content':{'type':'text','text':'This is a test response from the client'},"
                        + "'model':'test-model','stopReason':'endTurn'}"));
        assertEquals("LLM response: two", answered(params, first, "sampling",
                "{'role':'assistant','content':[{'type':'image','data':'AA==','mimeType':'image/png'},"
                        + "{'type':'text','text':'two'}],'model':'m'}"));
        assertEquals(-32021, refusedWithout("test_sampling", "{'prompt':'p'}", "{'elicitation':{}}"));
    }

    @Test
    void elicitationAsksForUsernameAndEmailAndReturnsTheUsersResponse() throws Exception {
        JsonObject params = params("test_elicitation", "{'message':'Please provide your information'}", BOTH);
        JsonObject first = asked(params, "user");
        assertEquals(json("""
                {"method":"elicitation/create","params":{"mode":"form","message":"Please provide your information",
                 "requestedSchema":{"type":"object","properties":{
                  "username":{"type":"string","description":"User's response"},
                  "email":{"type":"string","description":"User's email address"}},
                 "required":["username","email"]}}}"""), first.getJsonObject("inputRequests").getJsonObject("user"));
        assertEquals("User response: action: accept, content: {\"username\":\"testuser\",\"email\":\"test@example.com\"}",
                answered(params, first, "user",
                        "{'action':'accept','content':{'username':'testuser','email':'test@example.com'}}"));
        assertEquals("User response: action: decline, content: {}",
                answered(params, first, "user", "{'action':'decline'}"));
        assertEquals(-32021, refusedWithout("test_elicitation", "{'message':'m'}", "{'sampling':{}}"));
    }

    @Test
    void theDefaultsFormHasADefaultForEveryPrimitiveType() throws Exception {
        JsonObject params = params("test_elicitation_sep1034_defaults", "{}", BOTH);
        JsonObject first = asked(params, "defaults");
        assertEquals(obj("{'type':'object','properties':{'name':{'type':'string','default':'John Doe'},"
                + "'age':{'type':'integer','default':30},'score':{'type':'number','default':95.5},"
                + "'status':{'type':'string','enum':['active','inactive','pending'],'default':'active'},"
                + "'verified':{'type':'boolean','default':true}}}"),
                first.getJsonObject("inputRequests").getJsonObject("defaults").getJsonObject("params")
                        .getJsonObject("requestedSchema"));
        assertEquals("Elicitation completed: action=accept, content={\"name\":\"Jane Smith\",\"age\":25,\"score\":88,"
                + "\"status\":\"inactive\",\"verified\":false}", answered(params, first, "defaults",
                "{'action':'accept','content':{'name':'Jane Smith','age':25,'score':88,'status':'inactive',"
                        + "'verified':false}}"));
        assertEquals("Elicitation completed: action=cancel, content={}",
                answered(params, first, "defaults", "{'action':'cancel'}"));
        assertEquals(-32602, assertThrows(JsonRpcException.class, () -> answered(params, first, "defaults",
                "{'action':'accept','content':{'age':25.5}}")).code(), "an integer field answered with 25.5");
        assertEquals(-32021, refusedWithout("test_elicitation_sep1034_defaults", "{}", "{}"));
    }

    @Test
    void theEnumsFormHasTheFiveVariantsAndTakesTheScenariosAnswer() throws Exception {
        JsonObject params = params("test_elicitation_sep1330_enums", "{}", BOTH);
        JsonObject first = asked(params, "enums");
        assertEquals(obj("{'type':'object','properties':{"
                + "'untitledSingle':{'type':'string','enum':['option1','option2','option3']},"
                + "'titledSingle':{'type':'string','oneOf':[{'const':'value1','title':'First Option'},"
                + "{'const':'value2','title':'Second Option'},{'const':'value3','title':'Third Option'}]},"
                + "'legacyEnum':{'type':'string','enum':['opt1','opt2','opt3'],"
                + "'enumNames':['Option One','Option Two','Option Three']},"
                + "'untitledMulti':{'type':'array','items':{'type':'string','enum':['option1','option2','option3']}},"
                + "'titledMulti':{'type':'array','items':{'anyOf':[{'const':'value1','title':'First Choice'},"
                + "{'const':'value2','title':'Second Choice'},{'const':'value3','title':'Third Choice'}]}}}}"),
                first.getJsonObject("inputRequests").getJsonObject("enums").getJsonObject("params")
                        .getJsonObject("requestedSchema"));
        String text = answered(params, first, "enums", "{'action':'accept','content':{'untitledSingle':'option1',"
                + "'titledSingle':'value1','legacyEnum':'opt1','untitledMulti':['option1','option2'],"
                + "'titledMulti':['value1','value2']}}");
        assertEquals("Elicitation completed: action=accept, content={\"untitledSingle\":\"option1\","
                + "\"titledSingle\":\"value1\",\"legacyEnum\":\"opt1\",\"untitledMulti\":[\"option1\",\"option2\"],"
                + "\"titledMulti\":[\"value1\",\"value2\"]}", text);
        var refused = assertThrows(JsonRpcException.class, () -> answered(params, first, "enums",
                "{'action':'accept','content':{'titledMulti':['First Choice']}}"));
        assertEquals(-32602, refused.code());
        assertTrue(refused.getMessage().contains("content.titledMulti[0]: must be one of the offered options"),
                refused::getMessage);
    }
}
