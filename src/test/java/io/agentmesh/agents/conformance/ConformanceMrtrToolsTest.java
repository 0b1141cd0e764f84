package io.agentmesh.agents.conformance;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The 2026-07-28 fixtures of {@code @modelcontextprotocol/conformance} 0.2.0-alpha.12 on a host, as its
 * scenarios {@code input-required-result-*} and {@code server-stateless} call them: each first call asks
 * what the scenario's description names, under its key; the retry with the answer and the state completes.
 */
class ConformanceMrtrToolsTest {

    private static final String ALL = "{'sampling':{},'elicitation':{},'roots':{}}";

    private final AgentHost host = new AgentHost(AgentSettings.defaults());

    ConformanceMrtrToolsTest() {
        host.register(ConformanceAgent.definition(Duration.ZERO));
    }

    private JsonObject request(String method, JsonObject params) throws Exception {
        try {
            return host.request(ConformanceAgent.ID, method, params, TestCallContext.of(1)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).asJsonObject();
        } catch (ExecutionException e) {
            throw assertInstanceOf(JsonRpcException.class, e.getCause());
        }
    }

    private static JsonObject params(String name, String capabilities) {
        return obj("{'name':'" + name + "','arguments':{},'_meta':{'io.modelcontextprotocol/clientCapabilities':"
                + capabilities + "}}");
    }

    /** The input requests of an InputRequiredResult, which must ask exactly {@code keys}. */
    private static JsonObject asks(JsonObject result, String... keys) {
        assertEquals("input_required", result.getString("resultType"), result::toString);
        assertEquals(Set.of(keys), result.getJsonObject("inputRequests").keySet(), result::toString);
        return result.getJsonObject("inputRequests");
    }

    /** {@code params} retried with {@code key: answer} and the state of {@code previous}. */
    private static JsonObject retry(JsonObject params, JsonObject previous, String key, String answer) {
        return Json.createObjectBuilder(params)
                .add("inputResponses", Json.createObjectBuilder().add(key, obj(answer)))
                .add("requestState", previous.getString("requestState")).build();
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    @Test
    void basicElicitationAsksTheUsersNameAndGreetsThem() throws Exception {
        JsonObject params = params("test_input_required_result_elicitation", ALL);
        JsonObject first = request("tools/call", params);
        assertEquals(obj("{'method':'elicitation/create','params':{'mode':'form','message':'What is your name?',"
                + "'requestedSchema':{'type':'object','properties':{'name':{'type':'string'}},'required':['name']}}}"),
                asks(first, "user_name").getJsonObject("user_name"));
        assertEquals("Hello, Alice!", text(request("tools/call",
                retry(params, first, "user_name", "{'action':'accept','content':{'name':'Alice'}}"))));
    }

    @Test
    void samplingRootsAndRequestStateAskUnderTheirScenariosKeys() throws Exception {
        JsonObject sampling = params("test_input_required_result_sampling", ALL);
        JsonObject asked = request("tools/call", sampling);
        assertEquals(100, asks(asked, "capital_question").getJsonObject("capital_question").getJsonObject("params")
                .getInt("maxTokens"));
        assertEquals("Sampling response: Paris", text(request("tools/call", retry(sampling, asked, "capital_question",
                "{'role':'assistant','content':{'type':'text','text':'Paris'},'model':'m'}"))));

        JsonObject roots = params("test_input_required_result_list_roots", ALL);
        asked = request("tools/call", roots);
        assertEquals(obj("{'method':'roots/list','params':{}}"), asks(asked, "client_roots").getJsonObject("client_roots"));
        assertEquals("Roots: file:///a, file:///b", text(request("tools/call", retry(roots, asked, "client_roots",
                "{'roots':[{'uri':'file:///a'},{'uri':'file:///b','name':'b'}]}"))));

        JsonObject state = params("test_input_required_result_request_state", ALL);
        asked = request("tools/call", state);
        asks(asked, "confirm");
        assertEquals("state-ok: confirmed=true", text(request("tools/call",
                retry(state, asked, "confirm", "{'action':'accept','content':{'ok':true}}"))));
    }

    @Test
    void multipleInputsAsksElicitationSamplingAndRootsInOneRound() throws Exception {
        JsonObject params = params("test_input_required_result_multiple_inputs", ALL);
        JsonObject first = request("tools/call", params);
        JsonObject asked = asks(first, "user_name", "greeting", "client_roots");
        assertEquals("elicitation/create", asked.getJsonObject("user_name").getString("method"));
        assertEquals(obj("{'messages':[{'role':'user','content':{'type':'text','text':'Generate a greeting'}}],"
                + "'maxTokens':50}"), asked.getJsonObject("greeting").getJsonObject("params"));
        assertEquals(obj("{'method':'roots/list','params':{}}"), asked.getJsonObject("client_roots"));
        JsonObject retry = Json.createObjectBuilder(params).add("inputResponses", obj("{"
                        + "'user_name':{'action':'accept','content':{'name':'Alice'}},"
                        + "'greeting':{'role':'assistant','content':{'type':'text','text':'Hello there!'},'model':'test-model'},"
                        + "'client_roots':{'roots':[{'uri':'file:///test/root','name':'Test Root'}]}}"))
                .add("requestState", first.getString("requestState")).build();
        assertEquals("Name: Alice, greeting: Hello there!, roots: file:///test/root", text(request("tools/call", retry)));
    }

    @Test
    void multiRoundAsksStepTwoWithANewStateAfterStepOne() throws Exception {
        JsonObject params = params("test_input_required_result_multi_round", ALL);
        JsonObject round1 = request("tools/call", params);
        asks(round1, "step1");
        JsonObject round2 = request("tools/call", retry(params, round1, "step1", "{'action':'accept','content':{'name':'Bo'}}"));
        assertEquals("Step 2: What is your favorite color?",
                asks(round2, "step2").getJsonObject("step2").getJsonObject("params").getString("message"));
        assertEquals("Name: Bo, favorite color: blue", text(request("tools/call",
                retry(params, round2, "step2", "{'action':'accept','content':{'color':'blue'}}"))));
    }

    @Test
    void onlyDeclaredCapabilitiesAreAskedAndAToolNeedingAnUndeclaredOneGetsMinus32021() throws Exception {
        JsonObject samplingOnly = request("tools/call", params("test_input_required_result_capabilities", "{'sampling':{}}"));
        assertEquals("sampling/createMessage",
                asks(samplingOnly, "capital_question").getJsonObject("capital_question").getString("method"));
        JsonObject elicitOnly = request("tools/call", params("test_input_required_result_capabilities", "{'elicitation':{}}"));
        asks(elicitOnly, "user_name");

        JsonRpcException refused = assertThrows(JsonRpcException.class,
                () -> request("tools/call", params("test_missing_capability", "{}")));
        assertEquals(-32021, refused.error().code());
        assertEquals(obj("{'sampling':{}}"), refused.error().data().asJsonObject().getJsonObject("requiredCapabilities"));
    }

    @Test
    void thePromptAsksForContextThenRenders() throws Exception {
        JsonObject params = obj("{'name':'test_input_required_result_prompt','arguments':{},"
                + "'_meta':{'io.modelcontextprotocol/clientCapabilities':{'elicitation':{}}}}");
        JsonObject first = request("prompts/get", params);
        asks(first, "user_context");
        JsonObject done = request("prompts/get", retry(params, first, "user_context",
                "{'action':'accept','content':{'context':'tests'}}"));
        assertEquals("Use this context: tests",
                done.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text"));
    }
}
