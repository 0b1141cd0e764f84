package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An agent's answers to modern (2026-07-28) requests beside legacy ones, in one host. */
class ModernMethodsTest {

    private static final String META = "'_meta':{'io.modelcontextprotocol/protocolVersion':'2026-07-28',"
            + "'io.modelcontextprotocol/clientInfo':{'name':'t','version':'1'},"
            + "'io.modelcontextprotocol/clientCapabilities':{}}";

    private final AgentHost host = new AgentHost(AgentSettings.defaults());

    ModernMethodsTest() {
        host.register(AgentDefinitions.of(new KitchenSinkAgent()));
        host.register(AgentDefinition.of("hand", "Hand", "").withTool(tool("zeta")).withTool(tool("alpha")));
        host.register(AgentDefinition.of("guarded", "Guarded", "").withTool(tool("only"))
                .withRoles(RoleConstraint.rolesAllowed("admin")));
    }

    private static ToolDefinition tool(String name) {
        return new ToolDefinition(name, "", "", obj("{'type':'object'}"), null, null,
                (a, i) -> CompletableFuture.completedFuture(obj("{'content':[]}")), true);
    }

    /** Params with the modern {@code _meta}, beside {@code members} (single-quoted JSON members, or empty). */
    private static String modern(String members) {
        return "{" + META + (members.isEmpty() ? "" : "," + members) + "}";
    }

    private JsonObject call(String agent, String method, String params) throws Exception {
        return host.request(agent, method, obj(params), TestCallContext.of(1)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).asJsonObject();
    }

    private JsonRpcException error(String agent, String method, String params) {
        return AgentHostTest.error(host.request(agent, method, obj(params), TestCallContext.of(1)));
    }

    private static List<String> names(JsonObject result, String member) {
        return result.getJsonArray(member).stream().map(v -> v.asJsonObject().getString("name")).toList();
    }

    @Test
    void discoverNamesEveryVersionTheCapabilitiesAndTheServer() throws Exception {
        JsonObject r = call("sink", "server/discover", modern(""));
        assertEquals(List.of("2026-07-28", "2025-11-25", "2025-06-18"),
                r.getJsonArray("supportedVersions").getValuesAs(JsonString::getString));
        assertEquals(obj("{'tools':{'listChanged':true},'resources':{'subscribe':true,'listChanged':true},"
                + "'prompts':{'listChanged':true},'completions':{},'logging':{}}"), r.getJsonObject("capabilities"));
        assertEquals("Every feature.", r.getString("instructions"));
        assertEquals(obj("{'name':'sink','title':'Kitchen sink','version':'2.0.0'}"),
                r.getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/serverInfo"));
        assertEquals("complete", r.getString("resultType"));
        assertEquals(60_000, r.getJsonNumber("ttlMs").longValue());
        assertEquals("public", r.getString("cacheScope"));
    }

    @Test
    void discoverIsNotALegacyMethod() {
        assertEquals(JsonRpc.METHOD_NOT_FOUND, error("sink", "server/discover", "{}").code());
    }

    @Test
    void everyModernResultSaysCompleteAndNamesTheServer() throws Exception {
        JsonObject r = call("sink", "tools/call", modern("'name':'echo','arguments':{'text':'hi'}"));
        assertEquals("complete", r.getString("resultType"));
        assertEquals("sink", r.getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/serverInfo")
                .getString("name"));
        assertFalse(r.containsKey("ttlMs"), "a tool result is not cacheable");
        JsonObject prompt = call("sink", "prompts/get", modern("'name':'greet','arguments':{'name':'Ada'}"));
        assertEquals("complete", prompt.getString("resultType"));
    }

    @Test
    void legacyResultsAreAsBefore() throws Exception {
        JsonObject r = call("sink", "tools/list", "{}");
        assertFalse(r.containsKey("resultType"));
        assertFalse(r.containsKey("ttlMs"));
        assertFalse(r.containsKey("_meta"));
        assertEquals(List.of("zeta", "alpha"), names(call("hand", "tools/list", "{}"), "tools"), "definition order");
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call("sink", "ping", "{}"));
    }

    @Test
    void listsCarryCacheHintsAndToolsComeInNameOrder() throws Exception {
        JsonObject tools = call("hand", "tools/list", modern(""));
        assertEquals(List.of("alpha", "zeta"), names(tools, "tools"));
        for (String list : List.of("tools/list", "prompts/list", "resources/list", "resources/templates/list")) {
            JsonObject r = call("sink", list, modern(""));
            assertEquals(60_000, r.getJsonNumber("ttlMs").longValue(), list);
            assertEquals("public", r.getString("cacheScope"), list + ": the same for every caller");
            assertEquals("complete", r.getString("resultType"), list);
        }
    }

    @Test
    void aListFilteredByRolesIsPrivate() throws Exception {
        assertEquals("private", call("guarded", "tools/list", modern("")).getString("cacheScope"));
    }

    @Test
    void aListFilteredByAccessRulesIsPrivate() throws Exception {
        AccessRules rules = new AccessRules(java.util.Map.of(), AccessRule.parse("local"), true);
        AccessControl access = new AccessControl(rules, () -> io.agentmesh.identity.NodeId.of("1".repeat(40)),
                AccessObserver.NONE, new io.agentmesh.transport.LogLimiter(
                        io.agentmesh.transport.LogLimiter.DEFAULT_INTERVAL, () -> 0L));
        AgentHost ruled = new AgentHost(AgentSettings.defaults(), Runnable::run, access);
        ruled.register(AgentDefinition.of("hand", "Hand", "").withTool(tool("alpha")));
        assertFalse(access.sameForEveryone(ruled.agent("hand").orElseThrow()));
        assertTrue(AccessControl.open().sameForEveryone(ruled.agent("hand").orElseThrow()));
        JsonObject r = ruled.request("hand", "tools/list", obj(modern("")), TestCallContext.of(1))
                .toCompletableFuture().get(10, TimeUnit.SECONDS).asJsonObject();
        assertEquals("private", r.getString("cacheScope"));
    }

    @Test
    void aReadIsFreshForNoTimeAndPrivate() throws Exception {
        JsonObject r = call("sink", "resources/read", modern("'uri':'sink://readme'"));
        assertEquals(0, r.getJsonNumber("ttlMs").longValue());
        assertEquals("private", r.getString("cacheScope"));
        assertEquals("complete", r.getString("resultType"));
    }

    @Test
    void aMissingResourceIsInvalidParamsInModernAndResourceNotFoundInLegacy() {
        JsonRpcException modern = error("sink", "resources/read", modern("'uri':'sink://nothing'"));
        assertEquals(JsonRpc.INVALID_PARAMS, modern.code());
        assertEquals("sink://nothing", modern.error().data().asJsonObject().getString("uri"));
        assertEquals(JsonRpc.RESOURCE_NOT_FOUND, error("sink", "resources/read", "{'uri':'sink://nothing'}").code());
    }

    @Test
    void methodsRemovedIn20260728AreNotFound() {
        for (String method : List.of("initialize", "ping", "logging/setLevel", "resources/subscribe",
                "resources/unsubscribe")) {
            assertEquals(JsonRpc.METHOD_NOT_FOUND, error("sink", method, modern("'uri':'sink://readme'")).code(), method);
        }
    }

    @Test
    void anUnsupportedVersionNamesTheSupportedOnes() {
        JsonRpcException e = error("sink", "tools/list",
                "{'_meta':{'io.modelcontextprotocol/protocolVersion':'1900-01-01',"
                        + "'io.modelcontextprotocol/clientCapabilities':{}}}");
        assertEquals(-32022, e.code());
        assertEquals(obj("{'supported':['2026-07-28','2025-11-25','2025-06-18'],'requested':'1900-01-01'}"),
                e.error().data());
        assertEquals(-32022, error("sink", "tools/list",
                "{'_meta':{'io.modelcontextprotocol/protocolVersion':'2025-11-25',"
                        + "'io.modelcontextprotocol/clientCapabilities':{}}}").code(), "a legacy version is begun by initialize");
    }

    @Test
    void aRequestWithoutClientCapabilitiesIsMalformed() {
        assertEquals(JsonRpc.INVALID_PARAMS, error("sink", "tools/list",
                "{'_meta':{'io.modelcontextprotocol/protocolVersion':'2026-07-28'}}").code());
    }

    @Test
    void aModernRequestLeavesNoSessionBehind() throws Exception {
        RecordingSession session = new RecordingSession("modern");
        host.request("sink", "tools/list", obj(modern("")), new TestCallContext(1, session))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        host.listChanged("sink");
        assertTrue(session.sent().isEmpty(), "no list_changed for a stateless request: list changes go to listens only");
    }

    @Test
    void anInterimResultKeepsItsTypeAndHasNoCacheHints() throws Exception {
        AgentHost h = new AgentHost(AgentSettings.defaults());
        h.register(AgentDefinition.of("ask", "", "").withTool(new ToolDefinition("ask", "", "",
                obj("{'type':'object'}"), null, null, (a, i) -> CompletableFuture.completedFuture(
                        obj("{'resultType':'input_required','inputRequests':{}}")), true)));
        JsonObject r = h.request("ask", "tools/call", obj(modern("'name':'ask'")), TestCallContext.of(1))
                .toCompletableFuture().get(10, TimeUnit.SECONDS).asJsonObject();
        assertEquals("input_required", r.getString("resultType"));
        assertFalse(r.containsKey("ttlMs"));
        assertTrue(r.getJsonObject("_meta").containsKey("io.modelcontextprotocol/serverInfo"));
        assertEquals(Json.createValue("ask"), r.getJsonObject("_meta")
                .getJsonObject("io.modelcontextprotocol/serverInfo").get("name"));
    }
}
