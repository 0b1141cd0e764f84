package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentHostTest {

    private final KitchenSinkAgent sink = new KitchenSinkAgent();
    private final AgentHost host = new AgentHost(AgentSettings.defaults());

    AgentHostTest() {
        host.register(AgentDefinitions.of(sink));
    }

    private JsonObject call(String method, String params) throws Exception {
        return call(method, params, TestCallContext.of(1));
    }

    private JsonObject call(String method, String params, TestCallContext ctx) throws Exception {
        return host.request("sink", method, obj(params), ctx).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .asJsonObject();
    }

    static JsonRpcException error(CompletionStage<?> stage) {
        var e = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof JsonRpcException, () -> "not a JSON-RPC error: " + e.getCause());
        return (JsonRpcException) e.getCause();
    }

    private JsonRpcException error(String method, String params) {
        return error(host.request("sink", method, obj(params), TestCallContext.of(1)));
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    // --- threads ---

    @Test
    void nonBlockingToolsAndListsOfOpenAgentsAreServedWithoutBlocking() {
        AgentHost h = new AgentHost(AgentSettings.defaults());
        h.register(AgentDefinitions.of(new io.agentmesh.agents.samples.EchoAgent()));
        h.register(AgentDefinitions.of(sink));
        h.register(AgentDefinition.of("gated", "", "").withGate((m, p) -> { })
                .withTool(new ToolDefinition("x", "", "", obj("{'type':'object'}"), null, null,
                        (a, i) -> java.util.concurrent.CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT), true)));
        assertTrue(h.servesWithoutBlocking("echo", "tools/call", obj("{'name':'echo'}")), "@NonBlocking");
        assertTrue(h.servesWithoutBlocking("echo", "tools/call", obj("{'name':'echo_blob'}")));
        assertTrue(h.servesWithoutBlocking("echo", "tools/list", JsonValue.EMPTY_JSON_OBJECT));
        assertTrue(h.servesWithoutBlocking("echo", "ping", JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(h.servesWithoutBlocking("echo", "tools/call", obj("{'name':'nope'}")));
        assertFalse(h.servesWithoutBlocking("echo", "tools/call", JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(h.servesWithoutBlocking("echo", "initialize", JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(h.servesWithoutBlocking("sink", "tools/call", obj("{'name':'echo'}")), "not declared");
        assertFalse(h.servesWithoutBlocking("sink", "resources/read", obj("{'uri':'sink://x'}")));
        assertFalse(h.servesWithoutBlocking("nobody", "tools/list", JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(h.servesWithoutBlocking("gated", "tools/call", obj("{'name':'x'}")), "a gate may block");
        assertFalse(h.servesWithoutBlocking("gated", "tools/list", JsonValue.EMPTY_JSON_OBJECT));
    }

    // --- lifecycle ---

    @Test
    void initializeAnswersTheClientsVersionWhenSupported() throws Exception {
        JsonObject r = call("initialize", "{'protocolVersion':'2025-06-18','capabilities':{},"
                + "'clientInfo':{'name':'t','version':'1'}}");
        assertEquals("2025-06-18", r.getString("protocolVersion"));
        assertEquals(obj("{'name':'sink','title':'Kitchen sink','version':'2.0.0'}"), r.getJsonObject("serverInfo"));
        assertEquals(obj("{'tools':{'listChanged':true},'resources':{'subscribe':true,'listChanged':true},"
                + "'prompts':{'listChanged':true},'completions':{},'logging':{}}"), r.getJsonObject("capabilities"));
        assertEquals("Every feature.", r.getString("instructions"));
    }

    @Test
    void initializeAnswersTheLatestVersionOtherwise() throws Exception {
        assertEquals("2025-11-25", call("initialize", "{'protocolVersion':'2024-11-05'}").getString("protocolVersion"));
        assertEquals("2025-11-25", call("initialize", "{'protocolVersion':'2025-11-25'}").getString("protocolVersion"));
        assertEquals("2025-11-25", host.initializeResult("sink", null).getString("protocolVersion"));
    }

    @Test
    void pingAndInitializedNotification() throws Exception {
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call("ping", "{}"));
        host.notify("sink", "notifications/initialized", JsonValue.EMPTY_JSON_OBJECT, TestCallContext.of(1));
    }

    @Test
    void unknownMethodIsMethodNotFound() {
        var e = error("tools/destroy", "{}");
        assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code());
        assertEquals("method not found: tools/destroy", e.getMessage());
    }

    @Test
    void unknownAgentIsAgentNotFound() {
        var e = error(host.request("nobody", "ping", obj("{}"), TestCallContext.of(1)));
        assertEquals(JsonRpc.AGENT_NOT_FOUND, e.code());
        assertEquals(obj("{'agent':'nobody'}"), e.error().data());
    }

    // --- tools ---

    @Test
    void toolsListDescribesSchemasAndHints() throws Exception {
        var tools = call("tools/list", "{}").getJsonArray("tools");
        assertEquals(9, tools.size());
        JsonObject echo = tools.stream().map(JsonValue::asJsonObject)
                .filter(t -> t.getString("name").equals("echo")).findFirst().orElseThrow();
        assertEquals(obj("{'name':'echo','description':'Returns text','inputSchema':{'type':'object',"
                + "'properties':{'text':{'type':'string','description':'what to return'}},'required':['text']},"
                + "'annotations':{'readOnlyHint':true,'destructiveHint':false,'idempotentHint':true,"
                + "'openWorldHint':false}}"), echo);
        JsonObject measure = tools.stream().map(JsonValue::asJsonObject)
                .filter(t -> t.getString("name").equals("measure")).findFirst().orElseThrow();
        assertEquals(obj("{'r':['from','to']}").get("r"), measure.getJsonObject("inputSchema").get("required"));
        assertEquals("CM", measure.getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("unit")
                .getString("default"));
        assertEquals(obj("{'type':'object','properties':{'value':{'type':'number'},"
                + "'unit':{'type':'string','enum':['CM','INCH']}},'required':['value','unit']}"),
                measure.getJsonObject("outputSchema"));
        assertFalse(measure.containsKey("annotations"));
    }

    @Test
    void textResult() throws Exception {
        assertEquals(obj("{'content':[{'type':'text','text':'hi'}],'isError':false}"),
                call("tools/call", "{'name':'echo','arguments':{'text':'hi'}}"));
    }

    @Test
    void recordResultIsStructuredAndText() throws Exception {
        JsonObject r = call("tools/call", "{'name':'measure','arguments':{'from':{'x':0,'y':0},'to':{'x':3,'y':4},"
                + "'scale':2}}");
        assertEquals(obj("{'value':10.0,'unit':'CM'}"), r.getJsonObject("structuredContent"));
        assertEquals(r.getJsonObject("structuredContent"), obj(text(r)));
        assertFalse(r.getBoolean("isError"));
    }

    @Test
    void listsMapsAndOptionalArgumentsBind() throws Exception {
        assertEquals("6", text(call("tools/call", "{'name':'sum','arguments':{'values':[1,2,3]}}")));
        assertEquals("16", text(call("tools/call", "{'name':'sum','arguments':{'values':[1,2,3],"
                + "'weights':{'a':10}}}")));
    }

    @Test
    void imageAndBlobResults() throws Exception {
        assertEquals(obj("{'content':[{'type':'image','data':'AQID','mimeType':'image/png'}],'isError':false}"),
                call("tools/call", "{'name':'pixel'}"));
        assertEquals(obj("{'content':[{'type':'resource','resource':{'uri':'agentmesh:tool-result/KitchenSinkAgent/bytes',"
                + "'mimeType':'application/octet-stream','blob':'BAU='}}],'isError':false}"),
                call("tools/call", "{'name':'bytes'}"));
    }

    @Test
    void voidResultHasNoContent() throws Exception {
        assertEquals(obj("{'content':[],'isError':false}"), call("tools/call", "{'name':'nothing'}"));
    }

    @Test
    void asynchronousToolCompletesLater() throws Exception {
        var stage = host.request("sink", "tools/call", obj("{'name':'later'}"), TestCallContext.of(1));
        assertFalse(stage.toCompletableFuture().isDone());
        sink.pending.complete("done");
        assertEquals("done", text(stage.toCompletableFuture().get(10, TimeUnit.SECONDS).asJsonObject()));
    }

    @Test
    void toolExceptionIsAnErrorResult() throws Exception {
        assertEquals(obj("{'content':[{'type':'text','text':'boom'}],'isError':true}"),
                call("tools/call", "{'name':'fail','arguments':{'message':'boom'}}"));
    }

    @Test
    void unknownToolIsInvalidParams() {
        var e = error("tools/call", "{'name':'nope'}");
        assertEquals(JsonRpc.INVALID_PARAMS, e.code());
        assertEquals("unknown tool: nope", e.getMessage());
    }

    /** SEP-1303 (MCP 2025-11-25 server/tools, "Error Handling"): a result the model reads, not -32602. */
    private static JsonObject argumentError(String text) {
        return ToolResults.error(text);
    }

    @Test
    void missingRequiredArgumentIsAToolError() throws Exception {
        assertEquals(argumentError("missing required argument 'text'"),
                call("tools/call", "{'name':'echo','arguments':{}}"));
    }

    @Test
    void wrongArgumentTypeIsAToolError() throws Exception {
        assertEquals(argumentError("invalid argument 'text': expected string, got number 5"),
                call("tools/call", "{'name':'echo','arguments':{'text':5}}"));
    }

    @Test
    void wrongNestedArgumentTypeIsAToolError() throws Exception {
        assertEquals(argumentError("invalid argument 'from.y': expected integer, got string"),
                call("tools/call", "{'name':'measure','arguments':{'from':{'x':0,'y':'a'},'to':{'x':1,'y':1}}}"));
    }

    @Test
    void unknownEnumValueIsAToolError() throws Exception {
        assertEquals(argumentError("invalid argument 'unit': must be one of [\"CM\",\"INCH\"]"),
                call("tools/call", "{'name':'measure','arguments':{'from':{'x':0,'y':0},'to':{'x':1,'y':1},"
                        + "'unit':'FURLONG'}}"));
    }

    @Test
    void badToolCallParams() {
        assertEquals("'name' must be a string", error("tools/call", "{'name':3}").getMessage());
        assertEquals("'arguments' must be an object",
                error("tools/call", "{'name':'echo','arguments':[1]}").getMessage());
    }

    // --- progress and cancellation ---

    @Test
    void progressIsSentWhenTheRequestHasAToken() throws Exception {
        var ctx = TestCallContext.of(7);
        var stage = runAsync("{'name':'slow','arguments':{'steps':4},'_meta':{'progressToken':'tok'}}", ctx);
        assertTrue(sink.started.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(new RecordingSession.Sent("notifications/progress",
                obj("{'progressToken':'tok','progress':0.5,'total':4.0,'message':'started'}"))), ctx.sent());
        ctx.cancel();
        assertEquals(JsonRpc.REQUEST_CANCELLED, error(stage).code());
    }

    @Test
    void noProgressWithoutAToken() throws Exception {
        var ctx = TestCallContext.of(7);
        var stage = runAsync("{'name':'slow','arguments':{'steps':4}}", ctx);
        assertTrue(sink.started.await(10, TimeUnit.SECONDS));
        ctx.cancel();
        error(stage);
        assertEquals(List.of(), ctx.sent());
    }

    @Test
    void cancelledNotificationInterruptsTheRunningTool() throws Exception {
        var session = new RecordingSession("s");
        var ctx = new TestCallContext(42, session);
        var stage = runAsync("{'name':'slow','arguments':{'steps':1}}", ctx);
        assertTrue(sink.started.await(10, TimeUnit.SECONDS));
        assertEquals(1, hostInUse.runningCalls());
        hostInUse.notify("sink", "notifications/cancelled", obj("{'requestId':42,'reason':'user'}"),
                new TestCallContext(99, session));
        var e = error(stage);
        assertEquals(JsonRpc.REQUEST_CANCELLED, e.code());
        assertEquals(0, hostInUse.runningCalls());
    }

    @Test
    void cancellingAnAsynchronousToolCancelsItsFuture() throws Exception {
        var ctx = TestCallContext.of(5);
        var stage = host.request("sink", "tools/call", obj("{'name':'later'}"), ctx);
        ctx.cancel();
        assertEquals(JsonRpc.REQUEST_CANCELLED, error(stage).code());
        assertTrue(sink.pending.isCancelled());
    }

    @Test
    void cancelFromAnotherSessionIsIgnored() throws Exception {
        var ctx = new TestCallContext(42, new RecordingSession("a"));
        var stage = host.request("sink", "tools/call", obj("{'name':'later'}"), ctx);
        host.notify("sink", "notifications/cancelled", obj("{'requestId':42}"),
                new TestCallContext(1, new RecordingSession("b")));
        sink.pending.complete("fine");
        assertEquals("fine", text(stage.toCompletableFuture().get(10, TimeUnit.SECONDS).asJsonObject()));
    }

    private CompletionStage<JsonValue> runAsync(String params, TestCallContext ctx) {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var threaded = new AgentHost(AgentSettings.defaults(), pool);
            threaded.register(AgentDefinitions.of(sink));
            hostInUse = threaded;
            return threaded.request("sink", "tools/call", obj(params), ctx);
        } finally {
            pool.shutdown();
        }
    }

    private AgentHost hostInUse;

    // --- resources ---

    @Test
    void resourcesAndTemplatesAreListed() throws Exception {
        assertEquals(obj("{'resources':[{'uri':'sink://logo','name':'logo','mimeType':'image/png'},"
                + "{'uri':'sink://readme','name':'readme','description':'Read me','mimeType':'text/plain'}]}"),
                call("resources/list", "{}"));
        assertEquals(obj("{'resourceTemplates':[{'uriTemplate':'sink://item/{id}','name':'item',"
                + "'mimeType':'text/plain'}]}"), call("resources/templates/list", "{}"));
    }

    @Test
    void readFixedTextAndBlobResources() throws Exception {
        assertEquals(obj("{'contents':[{'uri':'sink://readme','mimeType':'text/plain','text':'hello'}]}"),
                call("resources/read", "{'uri':'sink://readme'}"));
        assertEquals(obj("{'contents':[{'uri':'sink://logo','mimeType':'image/png','blob':'CQ=='}]}"),
                call("resources/read", "{'uri':'sink://logo'}"));
    }

    @Test
    void readThroughTemplate() throws Exception {
        assertEquals(obj("{'contents':[{'uri':'sink://item/a1','mimeType':'text/plain','text':'item a1'}]}"),
                call("resources/read", "{'uri':'sink://item/a1'}"));
    }

    @Test
    void unknownResourceIsNotFound() {
        var e = error("resources/read", "{'uri':'sink://nothing'}");
        assertEquals(JsonRpc.RESOURCE_NOT_FOUND, e.code());
        assertEquals(obj("{'uri':'sink://nothing'}"), e.error().data());
    }

    @Test
    void failingReaderIsAnInternalError() {
        var e = error("resources/read", "{'uri':'sink://item/missing'}");
        assertEquals(JsonRpc.INTERNAL_ERROR, e.code());
        assertEquals("reading sink://item/missing failed: no item missing", e.getMessage());
    }

    @Test
    void subscribersHearOfUpdatesUntilTheyLeave() throws Exception {
        var a = new RecordingSession("a");
        var b = new RecordingSession("b");
        call("resources/subscribe", "{'uri':'sink://readme'}", new TestCallContext(1, a));
        call("resources/subscribe", "{'uri':'sink://item/a1'}", new TestCallContext(2, b));
        call("resources/subscribe", "{'uri':'sink://readme'}", new TestCallContext(3, b));
        assertEquals(2, host.resourceUpdated("sink", "sink://readme"));
        assertEquals(List.of(new RecordingSession.Sent("notifications/resources/updated", obj("{'uri':'sink://readme'}"))),
                a.sent());
        call("resources/unsubscribe", "{'uri':'sink://readme'}", new TestCallContext(4, a));
        b.close();
        assertEquals(0, host.resourceUpdated("sink", "sink://readme"));
        assertEquals(1, a.sent().size());
    }

    @Test
    void subscribingToAnUnknownResourceFails() {
        assertEquals(JsonRpc.RESOURCE_NOT_FOUND, error("resources/subscribe", "{'uri':'x://y'}").code());
    }

    // --- prompts ---

    @Test
    void promptsAreListedWithArguments() throws Exception {
        assertEquals(obj("{'prompts':[{'name':'dialogue','arguments':[]},{'name':'greet','description':'Greets someone',"
                + "'arguments':[{'name':'name','description':'who','required':true},"
                + "{'name':'mood','required':false}]}]}"), call("prompts/list", "{}"));
    }

    @Test
    void promptsGetRendersMessages() throws Exception {
        assertEquals(obj("{'description':'Greets someone','messages':[{'role':'user','content':{'type':'text',"
                + "'text':'Greet Ada'}}]}"), call("prompts/get", "{'name':'greet','arguments':{'name':'Ada'}}"));
        assertEquals(2, call("prompts/get", "{'name':'dialogue'}").getJsonArray("messages").size());
    }

    @Test
    void promptsGetChecksArguments() {
        assertEquals("missing required argument 'name'", error("prompts/get", "{'name':'greet'}").getMessage());
        assertEquals("prompt greet has no argument 'age'",
                error("prompts/get", "{'name':'greet','arguments':{'name':'a','age':'3'}}").getMessage());
        assertEquals("argument 'name' must be a string",
                error("prompts/get", "{'name':'greet','arguments':{'name':3}}").getMessage());
        assertEquals("unknown prompt: nope", error("prompts/get", "{'name':'nope'}").getMessage());
    }

    // --- completion ---

    @Test
    void completesTemplateVariables() throws Exception {
        assertEquals(obj("{'completion':{'values':['a1','a2'],'total':2,'hasMore':false}}"),
                call("completion/complete", "{'ref':{'type':'ref/resource','uri':'sink://item/{id}'},"
                        + "'argument':{'name':'id','value':'a'}}"));
    }

    @Test
    void completesPromptArgumentsWithContext() throws Exception {
        assertEquals(obj("{'completion':{'values':['happy','hungry','calm Ada'],'total':3,'hasMore':false}}"),
                call("completion/complete", "{'ref':{'type':'ref/prompt','name':'greet'},"
                        + "'argument':{'name':'mood','value':'h'},'context':{'arguments':{'name':'Ada'}}}"));
    }

    @Test
    void argumentWithoutCompleterHasNoValues() throws Exception {
        assertEquals(obj("{'completion':{'values':[],'total':0,'hasMore':false}}"),
                call("completion/complete", "{'ref':{'type':'ref/prompt','name':'greet'},"
                        + "'argument':{'name':'name','value':''}}"));
    }

    @Test
    void completionOfUnknownRefFails() {
        assertEquals("unknown prompt: x", error("completion/complete",
                "{'ref':{'type':'ref/prompt','name':'x'},'argument':{'name':'a','value':''}}").getMessage());
        assertEquals("unknown ref type: ref/tool", error("completion/complete",
                "{'ref':{'type':'ref/tool','name':'x'},'argument':{'name':'a','value':''}}").getMessage());
    }
}
