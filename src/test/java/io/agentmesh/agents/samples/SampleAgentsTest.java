package io.agentmesh.agents.samples;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentDefinitions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.AgentValidator;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample agents, run as plain objects on a host. */
class SampleAgentsTest {

    @TempDir
    Path dataDir;

    private AgentHost host() {
        var host = new AgentHost(AgentSettings.defaults().withDataDir(dataDir));
        host.register(AgentDefinitions.of(new EchoAgent()));
        host.register(AgentDefinitions.of(new CalculatorAgent(host)));
        host.register(AgentDefinitions.of(new NotesAgent(host, new NoteStore(dataDir, Clock.systemUTC()))));
        return host;
    }

    private static JsonObject call(AgentHost host, String agent, String method, String params, TestCallContext ctx)
            throws Exception {
        return host.request(agent, method, obj(params), ctx).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .asJsonObject();
    }

    private static JsonObject call(AgentHost host, String agent, String method, String params) throws Exception {
        return call(host, agent, method, params, TestCallContext.of(1));
    }

    private static String text(JsonObject r) {
        return r.getJsonArray("content").getJsonObject(0).getString("text");
    }

    @Test
    void samplesAreValidDeployments() {
        assertEquals(List.of(), AgentValidator.validateDeployment(
                List.of(EchoAgent.class, CalculatorAgent.class, NotesAgent.class)));
    }

    @Test
    void echo() throws Exception {
        var host = host();
        assertEquals("hi", text(call(host, "echo", "tools/call", "{'name':'echo','arguments':{'text':'hi'}}")));
        JsonObject blob = call(host, "echo", "tools/call", "{'name':'echo_blob','arguments':{'text':'hi'}}");
        assertEquals("aGk=", blob.getJsonArray("content").getJsonObject(0).getJsonObject("resource").getString("blob"));
    }

    @Test
    void echoWhoamiTellsTheCallerThisNodeAuthenticated() throws Exception {
        var host = host();
        io.agentmesh.identity.NodeId node = io.agentmesh.identity.NodeId.of("1111111111111111111111111111111111111111");
        io.agentmesh.routing.Caller caller = io.agentmesh.routing.Caller.node(node, java.util.Set.of("edge"))
                .withUser(java.util.Optional.of(new io.agentmesh.routing.Caller.User("alice", java.util.Set.of("ops", "dev"))));
        JsonObject r = call(host, "echo", "tools/call", "{'name':'whoami'}",
                new TestCallContext(1, new RecordingSession("s"), caller));
        JsonObject who = r.getJsonObject("structuredContent");
        assertEquals(node.value(), who.getString("node"));
        assertEquals("alice", who.getString("subject"));
        assertEquals("[\"dev\",\"ops\"]", who.getJsonArray("roles").toString());
        assertEquals("[\"edge\"]", who.getJsonArray("groups").toString());
    }

    @Test
    void calculatorToolsHistoryAndErrors() throws Exception {
        var host = host();
        var watcher = new RecordingSession("w");
        call(host, "calculator", "resources/subscribe", "{'uri':'calculator://history'}", new TestCallContext(1, watcher));
        assertEquals("5.0", text(call(host, "calculator", "tools/call", "{'name':'add','arguments':{'a':2,'b':3}}")));
        assertEquals("6.0", text(call(host, "calculator", "tools/call", "{'name':'multiply','arguments':{'a':2,'b':3}}")));
        JsonObject div = call(host, "calculator", "tools/call", "{'name':'divide','arguments':{'a':1,'b':0}}");
        assertEquals(obj("{'content':[{'type':'text','text':'division by zero'}],'isError':true}"), div);
        assertEquals(List.of("notifications/resources/updated", "notifications/resources/updated"), watcher.methods());
        assertEquals("2.0 + 3.0 = 5.0\n2.0 * 3.0 = 6.0", call(host, "calculator", "resources/read",
                "{'uri':'calculator://history'}").getJsonArray("contents").getJsonObject(0).getString("text"));
        assertEquals("2.50", text(call(host, "calculator", "tools/call",
                "{'name':'round','arguments':{'value':2.5,'places':2}}")));
        assertEquals("2", text(call(host, "calculator", "tools/call",
                "{'name':'round','arguments':{'value':2.5,'mode':'HALF_EVEN'}}")));
        assertEquals(obj("{'count':3,'sum':6.0,'mean':2.0,'min':1.0,'max':3.0}"), call(host, "calculator",
                "tools/call", "{'name':'stats','arguments':{'values':[1,2,3]}}").getJsonObject("structuredContent"));
        JsonObject chart = call(host, "calculator", "tools/call", "{'name':'history_chart'}");
        byte[] png = Base64.getDecoder().decode(chart.getJsonArray("content").getJsonObject(0).getString("data"));
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void calculatorCountReportsProgress() throws Exception {
        var host = host();
        var ctx = TestCallContext.of(3);
        assertEquals("counted to 3", text(call(host, "calculator", "tools/call",
                "{'name':'count','arguments':{'n':3,'delayMs':0},'_meta':{'progressToken':1}}", ctx)));
        assertEquals(3, ctx.sent().size());
        assertEquals(obj("{'progressToken':1,'progress':3.0,'total':3.0,'message':'counted 3'}"),
                ctx.sent().get(2).params());
    }

    @Test
    void calculatorPromptAndCompletion() throws Exception {
        var host = host();
        assertTrue(call(host, "calculator", "prompts/get", "{'name':'explain','arguments':{'expression':'1+1'}}")
                .toString().contains("how to compute 1+1"));
        assertEquals(obj("{'completion':{'values':['child'],'total':1,'hasMore':false}}"), call(host, "calculator",
                "completion/complete", "{'ref':{'type':'ref/prompt','name':'explain'},"
                        + "'argument':{'name':'level','value':'c'}}"));
    }

    @Test
    void notesLifecycle() throws Exception {
        var host = host();
        var watcher = new RecordingSession("w");
        call(host, "notes", "resources/subscribe", "{'uri':'notes://all'}", new TestCallContext(1, watcher));
        JsonObject added = call(host, "notes", "tools/call", "{'name':'add_note','arguments':{'title':'t','text':'x'}}");
        assertEquals("n1", added.getJsonObject("structuredContent").getString("id"));
        call(host, "notes", "tools/call", "{'name':'add_note','arguments':{'title':'u','text':'y'}}");
        assertEquals("n1\tt\nn2\tu", text(call(host, "notes", "tools/call", "{'name':'list_notes'}")));
        assertEquals("# t\n\nx\n", call(host, "notes", "resources/read", "{'uri':'notes://note/n1'}")
                .getJsonArray("contents").getJsonObject(0).getString("text"));
        assertEquals(obj("{'completion':{'values':['n1','n2'],'total':2,'hasMore':false}}"), call(host, "notes",
                "completion/complete", "{'ref':{'type':'ref/resource','uri':'notes://note/{id}'},"
                        + "'argument':{'name':'id','value':'n'}}"));
        assertTrue(call(host, "notes", "prompts/get", "{'name':'summarize'}").toString().contains("- u: y"));
        assertEquals("deleted n1", text(call(host, "notes", "tools/call", "{'name':'delete_note','arguments':{'id':'n1'}}")));
        assertTrue(call(host, "notes", "tools/call", "{'name':'delete_note','arguments':{'id':'n1'}}")
                .getBoolean("isError"));
        assertEquals(3, watcher.sent().size());
        var restarted = host();
        assertEquals("n2\tu", text(call(restarted, "notes", "tools/call", "{'name':'list_notes'}")));
    }

    @Test
    void deletingANoteAsksTheUserWhenTheClientCanElicit() throws Exception {
        var host = host();
        call(host, "notes", "tools/call", "{'name':'add_note','arguments':{'title':'t','text':'x'}}");
        String params = "{'name':'delete_note','arguments':{'id':'n1'},"
                + "'_meta':{'io.modelcontextprotocol/clientCapabilities':{'elicitation':{}}}";
        JsonObject asked = call(host, "notes", "tools/call", params + "}");
        assertEquals("input_required", asked.getString("resultType"));
        JsonObject question = asked.getJsonObject("inputRequests").getJsonObject("confirm");
        assertEquals("elicitation/create", question.getString("method"));
        assertEquals("Delete note n1 (t)?", question.getJsonObject("params").getString("message"));
        String state = ",'requestState':'" + asked.getString("requestState") + "'}";
        assertEquals("kept n1", text(call(host, "notes", "tools/call",
                params + ",'inputResponses':{'confirm':{'action':'decline'}}" + state)));
        assertEquals("n1\tt", text(call(host, "notes", "tools/call", "{'name':'list_notes'}")));
        assertEquals("deleted n1", text(call(host, "notes", "tools/call",
                params + ",'inputResponses':{'confirm':{'action':'accept','content':{'confirm':true}}}" + state)));
        assertEquals("", text(call(host, "notes", "tools/call", "{'name':'list_notes'}")));
    }

    @Test
    void aNoteOverTheLimitIsAToolError() throws Exception {
        var host = host();
        String big = "x".repeat(NoteStore.MAX_NOTE_BYTES);
        JsonObject refused = call(host, "notes", "tools/call",
                "{'name':'add_note','arguments':{'title':'t','text':'" + big + "'}}");
        assertTrue(refused.getBoolean("isError"));
        assertEquals("a note may have at most 16384 bytes of title and text (UTF-8), not 16385", text(refused));
        assertEquals("", text(call(host, "notes", "tools/call", "{'name':'list_notes'}")));
    }
}
