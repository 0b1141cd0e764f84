package io.agentmesh.agents;

import static io.agentmesh.agents.AccessRuleTest.OTHER;
import static io.agentmesh.agents.AccessRuleTest.SELF;
import static io.agentmesh.agents.AccessRuleTest.THIRD;
import static io.agentmesh.agents.AccessRuleTest.node;
import static io.agentmesh.agents.AccessRuleTest.user;
import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.Caller;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.LogLines;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class AccessControlTest {

    private final List<String> refused = new ArrayList<>();

    private static AgentDefinition weather() {
        return AgentDefinition.of("weather", "", "").withTool(tool("forecast")).withTool(tool("alerts"))
                .withTool(tool("admin.reset"));
    }

    private static ToolDefinition tool(String name) {
        return new ToolDefinition(name, "", "", obj("{'type':'object'}"), null, null,
                (a, i) -> CompletableFuture.completedFuture(obj("{'content':[]}")));
    }

    private AgentHost host(String weatherRules, String defaultRule, boolean admitUnauthenticated) {
        var agents = weatherRules == null ? Map.<String, AgentRules>of() : Map.of("weather", AgentRules.parse(weatherRules));
        var access = new AccessControl(new AccessRules(agents, AccessRule.parse(defaultRule), admitUnauthenticated),
                () -> SELF, (agent, reason) -> refused.add(agent + " " + reason.label()),
                new LogLimiter(Duration.ofMinutes(1), () -> 0L));
        AgentHost host = new AgentHost(AgentSettings.defaults(), Runnable::run, access);
        host.register(weather());
        host.register(AgentDefinitions.of(new GuardedAgent()));
        return host;
    }

    private static JsonValue request(AgentHost host, String agent, String method, String params, Caller caller)
            throws Exception {
        var ctx = new TestCallContext(1, new RecordingSession("s"), caller);
        return host.request(agent, method, obj(params), ctx).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static JsonValue call(AgentHost host, String agent, String tool, Caller caller) throws Exception {
        return request(host, agent, "tools/call", "{'name':'" + tool + "'}", caller);
    }

    /** The rule named by the -32064 that refuses the request; fails on any other outcome. */
    private static String refusedBy(AgentHost host, String agent, String method, String params, Caller caller) {
        var ctx = new TestCallContext(1, new RecordingSession("s"), caller);
        JsonRpcException e = AgentHostTest.error(host.request(agent, method, obj(params), ctx));
        assertEquals(JsonRpc.FORBIDDEN, e.error().code(), e.getMessage());
        assertEquals("forbidden by the receiving node's policy", e.error().message());
        JsonObject data = e.error().data().asJsonObject();
        assertEquals(SELF.value(), data.getString("node"));
        assertEquals(agent, data.getString("agent"));
        assertEquals(3, data.size(), () -> "names the rule's subject, not who is allowed: " + data);
        return data.getString("rule");
    }

    private static String toolRefusedBy(AgentHost host, String agent, String tool, Caller caller) {
        return refusedBy(host, agent, "tools/call", "{'name':'" + tool + "'}", caller);
    }

    private static List<String> toolsListed(AgentHost host, String agent, Caller caller) throws Exception {
        return request(host, agent, "tools/list", "{}", caller).asJsonObject().getJsonArray("tools")
                .getValuesAs(JsonObject.class).stream().map(t -> t.getString("name")).toList();
    }

    @Test
    void withoutRulesEveryoneMayCallEverything() throws Exception {
        AgentHost host = new AgentHost(AgentSettings.defaults());
        host.register(weather());
        for (Caller caller : List.of(Caller.UNAUTHENTICATED, node(OTHER), node(SELF))) {
            call(host, "weather", "forecast", caller);
            assertEquals(List.of("forecast", "alerts", "admin.reset"), toolsListed(host, "weather", caller));
        }
    }

    @Test
    void anAgentRuleAdmitsItsPrincipalsOnly() throws Exception {
        AgentHost host = host("node:" + OTHER.value() + ", group:edge", "anyone", true);
        call(host, "weather", "forecast", node(OTHER));
        call(host, "weather", "alerts", node(THIRD, "edge"));
        request(host, "weather", "resources/list", "{}", node(OTHER));
        assertEquals("agent weather", toolRefusedBy(host, "weather", "forecast", node(THIRD, "tools")));
        assertEquals("agent weather", refusedBy(host, "weather", "resources/list", "{}", node(THIRD)));
        assertEquals("agent weather", refusedBy(host, "weather", "prompts/list", "{}", Caller.UNAUTHENTICATED));
        assertEquals("agent weather", toolRefusedBy(host, "weather", "no-such-tool", node(THIRD)),
                "an unknown tool tells nothing to a caller the agent refuses");
        assertEquals(java.util.Collections.nCopies(4, "weather rule"), refused);
    }

    @Test
    void initializeAndPingAreOpenAndToolsListShowsOnlyCallableTools() throws Exception {
        AgentHost host = host("local; tool forecast = node:" + OTHER.value(), "anyone", true);
        request(host, "weather", "initialize", "{'protocolVersion':'2025-11-25'}", node(OTHER));
        request(host, "weather", "ping", "{}", node(THIRD));
        assertEquals(List.of("forecast"), toolsListed(host, "weather", node(OTHER)));
        assertEquals(List.of(), toolsListed(host, "weather", node(THIRD)));
        assertEquals(List.of("alerts", "admin.reset"), toolsListed(host, "weather", node(SELF)));
    }

    @Test
    void aToolsOwnRuleTakesThePlaceOfTheAgentsRule() throws Exception {
        AgentHost host = host("local; tool forecast = node:" + OTHER.value() + "; tool admin.reset = none", "anyone", true);
        call(host, "weather", "forecast", node(OTHER));
        assertEquals("agent weather", toolRefusedBy(host, "weather", "alerts", node(OTHER)));
        assertEquals("tool weather/forecast", toolRefusedBy(host, "weather", "forecast", node(SELF)),
                "wider or narrower: the tool's rule alone counts");
        call(host, "weather", "alerts", node(SELF));
        assertEquals("tool weather/admin.reset", toolRefusedBy(host, "weather", "admin.reset", node(SELF)));
    }

    @Test
    void theDefaultRuleCoversAgentsWithoutRulesOfTheirOwn() throws Exception {
        AgentHost host = host("tool forecast = anyone", "member", true);
        call(host, "weather", "forecast", Caller.UNAUTHENTICATED);
        call(host, "weather", "alerts", node(THIRD));
        assertEquals("agent weather", toolRefusedBy(host, "weather", "alerts", Caller.UNAUTHENTICATED));
        assertEquals("agent guarded", toolRefusedBy(host, "guarded", "status", Caller.UNAUTHENTICATED));
    }

    @Test
    void unauthenticatedCallersAreRefusedEverythingWhenTheRulesSaySo() throws Exception {
        AgentHost host = host("anyone", "anyone", false);
        for (String method : List.of("initialize", "ping", "tools/list", "tools/call", "resources/list")) {
            assertEquals("unauthenticated", refusedBy(host, "weather", method, "{'name':'forecast'}",
                    Caller.UNAUTHENTICATED), method);
        }
        call(host, "weather", "forecast", node(THIRD));
        assertEquals("weather unauthenticated", refused.get(0));
    }

    @Test
    void rolesAllowedAsksForOneOfTheEndUsersRoles() throws Exception {
        AgentHost host = host(null, "anyone", true);
        Caller reader = user(OTHER, "ann", "reader");
        Caller writer = user(OTHER, "bob", "writer");
        call(host, "guarded", "read", reader);
        call(host, "guarded", "write", writer);
        call(host, "guarded", "status", Caller.UNAUTHENTICATED);
        request(host, "guarded", "prompts/get", "{'name':'hello'}", reader);
        assertEquals("agent guarded", toolRefusedBy(host, "guarded", "read", writer), "the class's annotation");
        assertEquals("tool guarded/write", toolRefusedBy(host, "guarded", "write", reader), "the method's annotation");
        assertEquals("tool guarded/write", toolRefusedBy(host, "guarded", "write", node(SELF)), "no end user");
        assertEquals("tool guarded/wipe", toolRefusedBy(host, "guarded", "wipe", user(SELF, "root", "reader", "writer", "admin")));
        assertEquals("agent guarded", refusedBy(host, "guarded", "prompts/get", "{'name':'hello'}", writer));
        assertEquals(List.of("read", "status"), toolsListed(host, "guarded", reader).stream().sorted().toList());
        assertEquals(List.of("status", "write"), toolsListed(host, "guarded", writer).stream().sorted().toList());
        assertTrue(refused.stream().allMatch(r -> r.equals("guarded roles")), refused::toString);
    }

    @Test
    void configuredRulesAndAnnotationsMustBothAdmit() throws Exception {
        var agents = Map.of("guarded", AgentRules.parse("node:" + OTHER.value()));
        var access = new AccessControl(new AccessRules(agents, AccessRule.ANYONE, true), () -> SELF,
                AccessObserver.NONE, new LogLimiter(Duration.ofMinutes(1), () -> 0L));
        AgentHost host = new AgentHost(AgentSettings.defaults(), Runnable::run, access);
        host.register(AgentDefinitions.of(new GuardedAgent()));
        call(host, "guarded", "read", user(OTHER, "ann", "reader"));
        assertEquals("agent guarded", toolRefusedBy(host, "guarded", "read", user(THIRD, "ann", "reader")));
        assertEquals("agent guarded", toolRefusedBy(host, "guarded", "read", node(OTHER)));
    }

    @Test
    void refusalsAreLoggedOncePerAgentAndReasonPerInterval() throws Exception {
        AgentHost host = host("local", "anyone", false);
        try (var log = new LogLines(AccessControl.class.getName(), Level.INFO)) {
            for (int i = 0; i < 3; i++) {
                toolRefusedBy(host, "weather", "forecast", node(OTHER));
                refusedBy(host, "weather", "ping", "{}", Caller.UNAUTHENTICATED);
            }
            toolRefusedBy(host, "guarded", "read", node(OTHER));
            assertEquals(List.of(
                    "INFO refused a request to agent weather from node " + OTHER.value() + ": rule (agent weather)",
                    "INFO refused a request to agent weather from an unauthenticated caller: unauthenticated (unauthenticated)",
                    "INFO refused a request to agent guarded from node " + OTHER.value() + ": roles (agent guarded)"),
                    log.lines());
        }
        assertEquals(7, refused.size(), "every refusal is counted");
    }
}
