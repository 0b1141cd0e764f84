package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.samples.NoteStore;
import io.agentmesh.agents.samples.NotesAgent;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code subscriptions/listen} at the agent (MCP 2026-07-28, basic/patterns/subscriptions) and logging
 * (server/utilities/logging: the capability, {@code logging/setLevel}, the per-request level and {@link AgentLog}).
 */
class ListensAndLoggingTest {

    private static final String MODERN = "'_meta':{'io.modelcontextprotocol/protocolVersion':'2026-07-28',"
            + "'io.modelcontextprotocol/clientCapabilities':{}}";
    private static final String SUB = McpMeta.SUBSCRIPTION_ID;

    private final KitchenSinkAgent sink = new KitchenSinkAgent();
    private final AgentHost host = new AgentHost(AgentSettings.defaults());

    ListensAndLoggingTest() {
        host.register(AgentDefinitions.of(sink));
    }

    private CompletableFuture<JsonValue> listen(String notifications, TestCallContext ctx) {
        return host.request("sink", "subscriptions/listen", obj("{" + MODERN + ",'notifications':" + notifications + "}"),
                ctx).toCompletableFuture();
    }

    private static List<String> methods(TestCallContext ctx) {
        return ctx.sent().stream().map(RecordingSession.Sent::method).toList();
    }

    @Test
    void aListenIsAcknowledgedFirstWithTheFilterTheAgentHonours() {
        var ctx = TestCallContext.of(7);
        CompletableFuture<JsonValue> result = listen("{'toolsListChanged':true,'promptsListChanged':false,"
                + "'resourceSubscriptions':['sink://readme','sink://item/a1','nope://x']}", ctx);
        assertFalse(result.isDone(), "a long-lived request");
        RecordingSession.Sent ack = ctx.sent().get(0);
        assertEquals("notifications/subscriptions/acknowledged", ack.method());
        assertEquals(obj("{'_meta':{'" + SUB + "':7},'notifications':{'toolsListChanged':true,"
                + "'resourceSubscriptions':['sink://readme','sink://item/a1']}}"), ack.params(),
                "an unknown URI and what was not asked for are left out");
    }

    @Test
    void onlyTheOptedInNotificationsArriveEachTaggedWithTheSubscriptionId() {
        var resources = TestCallContext.of(1);
        var tools = TestCallContext.of(2);
        listen("{'resourceSubscriptions':['sink://readme']}", resources);
        listen("{'toolsListChanged':true}", tools);
        assertEquals(1, host.resourceUpdated("sink", "sink://readme"));
        assertEquals(0, host.resourceUpdated("sink", "sink://logo"));
        host.replace(AgentDefinitions.of(sink));

        assertEquals(List.of("notifications/subscriptions/acknowledged", "notifications/resources/updated"),
                methods(resources));
        assertEquals(obj("{'uri':'sink://readme','_meta':{'" + SUB + "':1}}"), resources.sent().get(1).params());
        assertEquals(List.of("notifications/subscriptions/acknowledged", "notifications/tools/list_changed"),
                methods(tools));
        assertEquals(obj("{'_meta':{'" + SUB + "':2}}"), tools.sent().get(1).params());
    }

    @Test
    void aCancelledListenHearsNothingMoreAndAnUnregisteredAgentEndsItsListensGracefully() throws Exception {
        var cancelled = TestCallContext.of(1);
        var kept = TestCallContext.of(2);
        CompletableFuture<JsonValue> first = listen("{'resourceSubscriptions':['sink://readme']}", cancelled);
        CompletableFuture<JsonValue> second = listen("{'resourceSubscriptions':['sink://readme']}", kept);
        cancelled.cancel();
        assertEquals(JsonRpc.REQUEST_CANCELLED, AgentHostTest.error(first).code());
        assertEquals(1, host.resourceUpdated("sink", "sink://readme"));
        assertEquals(1, cancelled.sent().size(), "only its acknowledgement");

        host.unregister("sink");
        assertEquals(obj("{'resultType':'complete','_meta':{'" + SUB + "':2,'io.modelcontextprotocol/serverInfo':"
                + "{'name':'sink','title':'Kitchen sink','version':'2.0.0'}}}"), second.get(10, TimeUnit.SECONDS));
    }

    @Test
    void listenIsAMethodOfTheModernEraAndItsFilterIsChecked() {
        assertEquals(JsonRpc.METHOD_NOT_FOUND, AgentHostTest.error(host.request("sink", "subscriptions/listen",
                obj("{'notifications':{}}"), TestCallContext.of(1))).code());
        assertEquals(JsonRpc.INVALID_PARAMS, AgentHostTest.error(
                listen("{'resourceSubscriptions':'sink://readme'}", TestCallContext.of(1))).code());
        assertEquals(JsonRpc.INVALID_PARAMS, AgentHostTest.error(listen("{'toolsListChanged':1}", TestCallContext.of(1))).code());
    }

    @Test
    void theLoggingCapabilityAndSetLevel() throws Exception {
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, host.capabilities("sink").get("logging"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, host.request("sink", "logging/setLevel", obj("{'level':'warning'}"),
                TestCallContext.of(1)).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(JsonRpc.INVALID_PARAMS, AgentHostTest.error(host.request("sink", "logging/setLevel",
                obj("{'level':'loud'}"), TestCallContext.of(1))).code());
        assertEquals(JsonRpc.INVALID_PARAMS, AgentHostTest.error(host.request("sink", "tools/call",
                obj("{'name':'echo','arguments':{'text':'x'},'_meta':{'io.modelcontextprotocol/logLevel':'loud'}}"),
                TestCallContext.of(1))).code(), "a request with a level that is none is refused");
    }

    @Test
    void aToolLogsAtOrAboveTheLevelItsRequestAskedForAndNothingWithoutOne(@TempDir Path dir) throws Exception {
        var notes = new AgentHost(AgentSettings.defaults());
        notes.register(AgentDefinitions.of(new NotesAgent(notes, new NoteStore(dir, Clock.systemUTC()))));
        JsonObject add = obj("{'name':'add_note','arguments':{'title':'t','text':'abc'}}");
        var none = TestCallContext.of(1);
        var info = TestCallContext.of(2);
        var debug = TestCallContext.of(3);
        notes.request("notes", "tools/call", add, none).toCompletableFuture().get(10, TimeUnit.SECONDS);
        notes.request("notes", "tools/call", withLevel(add, "info"), info).toCompletableFuture().get(10, TimeUnit.SECONDS);
        notes.request("notes", "tools/call", withLevel(add, "debug"), debug).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(List.of(), none.sent(), "no level, no log messages");
        assertEquals(List.of(new RecordingSession.Sent("notifications/message",
                obj("{'level':'info','data':'added note n2'}"))), info.sent());
        assertEquals(List.of("notifications/message", "notifications/message"), methods(debug));
        assertEquals("debug", debug.sent().get(1).params().getString("level"));
    }

    @Test
    void relayedLogMessagesFollowTheSameRule() {
        var ctx = TestCallContext.of(1);
        AgentLog log = AgentLog.none(ctx);
        log.relay(obj("{'level':'emergency','data':'x'}"));
        assertTrue(ctx.sent().isEmpty(), "nothing without a level");
        var warned = TestCallContext.of(2);
        AgentLog warning = assertLevel(warned, "warning");
        warning.relay(obj("{'level':'info','data':'quiet'}"));
        warning.relay(obj("{'level':'loud','data':'bad'}"));
        warning.relay(obj("{'level':'error','logger':'db','data':{'code':1}}"));
        assertEquals(List.of(new RecordingSession.Sent("notifications/message",
                obj("{'level':'error','logger':'db','data':{'code':1}}"))), warned.sent());
    }

    private static AgentLog assertLevel(TestCallContext ctx, String level) {
        try {
            return AgentLog.of(ctx, obj("{'_meta':{'io.modelcontextprotocol/logLevel':'" + level + "'}}"));
        } catch (io.agentmesh.routing.JsonRpcException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonObject withLevel(JsonObject params, String level) {
        return Json.createObjectBuilder(params).add("_meta", Json.createObjectBuilder()
                .add(McpMeta.LOG_LEVEL, level)).build();
    }
}
