package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.QueuedExecutor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** wire-v1 §4 (JSON on a link) and §5.2 (what a node does with a request), one rule per test. */
class RouterTest extends RouterHarness {

    private final FakeLink link = inbound(PEER, "in-1");

    // ---- §4: JSON-level link behaviour ----

    @Test
    void invalidJsonGetsOneParseErrorWithNullIdAndTheLinkStays() {
        JsonRpc.Response r = call(link, "{not json");
        assertError(r, JsonRpc.PARSE_ERROR);
        assertEquals(JsonValue.NULL, r.id());
        assertTrue(link.isOpen());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(link, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/ping\"}").result());
    }

    @Test
    void invalidUtf8GetsParseError() {
        router.message(link, new byte[] {'{', (byte) 0xFF, '}'});
        JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class, link.lastSent());
        assertError(r, JsonRpc.PARSE_ERROR);
        assertEquals(JsonValue.NULL, r.id());
        assertTrue(link.isOpen());
    }

    @Test
    void batchGetsInvalidRequestWithNullId() {
        JsonRpc.Response r = call(link, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/ping\"}]");
        assertError(r, JsonRpc.INVALID_REQUEST);
        assertEquals(JsonValue.NULL, r.id());
        assertTrue(agents.requests().isEmpty());
    }

    @Test
    void invalidRequestGetsInvalidRequestWithItsId() {
        JsonRpc.Response r = call(link, "{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"node/ping\"}");
        assertError(r, JsonRpc.INVALID_REQUEST);
        assertEquals(Json.createValue(5), r.id());
    }

    @Test
    void nonStringMethodGetsInvalidRequest() {
        assertError(call(link, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":[]}"), JsonRpc.INVALID_REQUEST);
    }

    @Test
    void responseWithUnknownIdIsIgnored() {
        receive(link, "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}");
        assertTrue(link.sent().isEmpty());
    }

    // ---- §5.2 step 1: own id or local ----

    @Test
    void ownNodeIdIsServedHere() {
        JsonRpc.Response r = call(link, request(1, SELF + ":echo/tools/call", obj("{\"name\":\"echo\"}")));
        assertEquals("tools/call", r.result().asJsonObject().getString("method"));
        assertEquals("echo", agents.onlyRequest().agent());
    }

    @Test
    void localIsServedHere() {
        call(link, request(1, "local:calculator/tools/list", null));
        assertEquals("calculator", agents.onlyRequest().agent());
        assertEquals("tools/list", agents.onlyRequest().method());
    }

    // ---- §5.2 step 2: * ----

    @Test
    void starServesHereWhenThisNodeHostsTheAgent() {
        call(link, request(1, "*:echo/tools/list", null));
        assertEquals("echo", agents.onlyRequest().agent());
    }

    @Test
    void starWithNoKnownHostIsAgentNotFoundWithAgentData() {
        JsonRpc.Response r = call(link, request(1, "*:weather/tools/list", null));
        assertError(r, JsonRpc.AGENT_NOT_FOUND);
        assertEquals(Json.createObjectBuilder().add("agent", "weather").build(), r.error().data());
    }

    @Test
    void starNodeOperationIsServedByTheReceivingNode() {
        router.setBalancer(agent -> { throw new AssertionError("no balancing for node operations"); });
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(link, request(1, "*:node/ping", null)).result());
    }

    @Test
    void starUsesTheBalancerAndServesHereWhenItChoosesThisNode() {
        router.setBalancer(agent -> List.of(SELF));
        call(link, request(1, "*:echo/ping", null));
        assertEquals("ping", agents.onlyRequest().method());
    }

    @Test
    void starForwardsToTheNodeTheBalancerChoosesWithOnlyTheNodePartChanged() {
        FakeLink toOther = outbound(OTHER, "out-c");
        router.setBalancer(agent -> List.of(OTHER));
        receive(link, request(1, "*:weather/tools/call", obj("{\"name\":\"forecast\"}")));
        JsonRpc.Request forwarded = assertInstanceOf(JsonRpc.Request.class, toOther.lastSent());
        assertEquals(OTHER + ":weather/tools/call", forwarded.method());
        assertTrue(agents.requests().isEmpty());
    }

    // ---- §5.2 step 3: node operations ----

    @Test
    void nodeTargetRunsTheNodeOperation() {
        assertEquals(SELF.value(), call(link, request(1, "node/get_info", null)).result().asJsonObject().getString("node_id"));
    }

    @Test
    void unknownNodeOperationIsMethodNotFound() {
        assertError(call(link, request(1, "local:node/reboot", null)), JsonRpc.METHOD_NOT_FOUND);
    }

    // ---- §5.2 step 4: agent hosted here ----

    @Test
    void agentGetsTheOpAndTheSameParams() {
        JsonObject params = obj("{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2},\"_meta\":{\"progressToken\":7}}");
        call(link, request(1, "calculator/tools/call", params));
        FakeAgents.Call c = agents.onlyRequest();
        assertEquals("tools/call", c.method());
        assertEquals(params, c.params());
    }

    @Test
    void agentGetsAnEmptyObjectWhenParamsAreAbsent() {
        call(link, request(1, "echo/tools/list", null));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, agents.onlyRequest().params());
    }

    @Test
    void agentResultIsTheResponseWithTheRequestId() {
        JsonRpc.Response r = call(link, request("req-7", "echo/tools/list", null));
        assertEquals(Json.createValue("req-7"), r.id());
        assertFalse(r.isError());
    }

    @Test
    void agentErrorPassesThroughUnchanged() {
        JsonObject data = obj("{\"detail\":\"x\"}");
        agents.answerWith(c -> CompletableFuture.failedFuture(new JsonRpcException(-32602, "Unknown tool: nope", data)));
        JsonRpc.Response r = call(link, request(1, "echo/tools/call", obj("{\"name\":\"nope\"}")));
        assertEquals(new JsonRpc.Error(-32602, "Unknown tool: nope", data), r.error());
    }

    @Test
    void agentThatThrowsGivesInternalError() {
        agents.answerWith(c -> { throw new IllegalStateException("bug"); });
        assertError(call(link, request(1, "echo/tools/list", null)), JsonRpc.INTERNAL_ERROR);
    }

    @Test
    void agentStageFailingWithAnOrdinaryExceptionGivesInternalError() {
        agents.answerWith(c -> CompletableFuture.failedFuture(new RuntimeException("bug")));
        JsonRpc.Response r = call(link, request(1, "echo/tools/list", null));
        assertError(r, JsonRpc.INTERNAL_ERROR);
        assertEquals("internal error", r.error().message());
    }

    @Test
    void arrayParamsToAnAgentAreInvalidParams() {
        assertError(call(link, request(1, "echo/tools/list", Json.createArrayBuilder().add(1).build())),
                JsonRpc.INVALID_PARAMS);
    }

    @Test
    void callContextCarriesTheRequestIdAndTheLinkPeerAsOrigin() {
        call(link, request(42, "echo/tools/list", null));
        CallContext ctx = agents.onlyRequest().context();
        assertEquals(Json.createValue(42), ctx.requestId());
        assertEquals(PEER.value(), ctx.originNode());
        assertEquals(Caller.node(PEER, Set.of()), ctx.caller(), "the link's peer, proved by the handshake");
        assertEquals("link:in-1", ctx.session().id());
        assertTrue(ctx.session().isOpen());
    }

    @Test
    void callContextNamesTheLinkPeerApartFromTheClaimedOrigin() {
        String claimed = "00000000000000000000000000000000000000ee";
        JsonObject params = Json.createObjectBuilder().add("_meta", Json.createObjectBuilder()
                .add(RouteMetadata.KEY, new RouteMetadata(3, claimed, "t").toJson())).build();
        call(link, request(43, "echo/tools/list", params));
        CallContext ctx = agents.onlyRequest().context();
        assertEquals(claimed, ctx.originNode(), "the origin the sender claims");
        assertEquals(Optional.of(PEER), ctx.linkPeer(), "the peer the link's handshake proved");
        assertEquals(Caller.UNAUTHENTICATED, ctx.caller(), "forwarded in clear: the origin is not proved");
    }

    @Test
    void aPeerThatNamesItselfAsOriginIsTheCaller() {
        JsonObject params = Json.createObjectBuilder().add("_meta", Json.createObjectBuilder()
                .add(RouteMetadata.KEY, new RouteMetadata(3, PEER.value(), "t").toJson())).build();
        call(link, request(44, "echo/tools/list", params));
        assertEquals(Caller.node(PEER, Set.of()), agents.onlyRequest().context().caller());
    }

    @Test
    void agentNotificationsGoBackOnTheRequestersLink() {
        agents.answerWith(c -> {
            c.context().sendNotification("notifications/progress", obj("{\"progressToken\":1,\"progress\":50}"));
            return CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT);
        });
        receive(link, request(1, "echo/tools/call", null));
        assertEquals(2, link.sent().size());
        JsonRpc.Notification n = assertInstanceOf(JsonRpc.Notification.class, link.sent().get(0));
        assertEquals("notifications/progress", n.method());
        assertInstanceOf(JsonRpc.Response.class, link.sent().get(1));
    }

    // ---- §5.2 step 5: plain MCP method ----

    @Test
    void plainMcpMethodGoesToTheFirstAgentByDefault() {
        call(link, request(1, "tools/list", null));
        assertEquals("echo", agents.onlyRequest().agent());
        assertEquals("tools/list", agents.onlyRequest().method());
    }

    @Test
    void plainMcpMethodGoesToTheConfiguredDefaultAgent() {
        agents.defaultAgent("calculator");
        call(link, request(1, "ping", null));
        assertEquals("calculator", agents.onlyRequest().agent());
        assertEquals("ping", agents.onlyRequest().method());
    }

    @Test
    void plainMcpMethodOnANodeWithoutAgentsIsAgentNotFound() {
        router = build(RoutingSettings.defaults(), Runnable::run, AgentDirectory.EMPTY);
        FakeLink l = inbound(PEER, "in-2");
        assertError(call(l, request(1, "tools/list", null)), JsonRpc.AGENT_NOT_FOUND);
    }

    // ---- §5.2 step 6 ----

    @Test
    void unknownAgentIsAgentNotFoundWithNodeAndAgentData() {
        JsonRpc.Response r = call(link, request(1, "weather/tools/list", null));
        assertError(r, JsonRpc.AGENT_NOT_FOUND);
        assertEquals(JsonRpc.errorData(SELF.value(), "weather"), r.error().data());
    }

    @Test
    void reservedWordAsTargetAfterANodePartIsAgentNotFound() {
        assertError(call(link, request(1, "local:tools/list", null)), JsonRpc.AGENT_NOT_FOUND);
    }

    @Test
    void malformedAddressIsMethodNotFound() {
        assertError(call(link, request(1, "local:ping", null)), JsonRpc.METHOD_NOT_FOUND);
        assertError(call(link, request(2, "nonsense", null)), JsonRpc.METHOD_NOT_FOUND);
    }

    // ---- responses, threads, limits ----

    @Test
    void responseGoesBackOnTheLinkTheRequestCameInOn() {
        FakeLink second = inbound(OTHER, "in-2");
        receive(second, request(1, "echo/tools/list", null));
        assertTrue(link.sent().isEmpty());
        assertEquals(1, second.sent().size());
    }

    @Test
    void requestsAreServedOnTheExecutorNotTheReadThread() {
        QueuedExecutor executor = new QueuedExecutor();
        router = build(RoutingSettings.defaults(), executor, agents);
        FakeLink l = inbound(PEER, "in-q");
        receive(l, request(1, "echo/tools/list", null));
        assertTrue(agents.requests().isEmpty(), "the read thread only queues the request");
        assertTrue(l.sent().isEmpty());
        executor.runAll();
        assertEquals(1, agents.requests().size());
        assertInstanceOf(JsonRpc.Response.class, l.lastSent());
    }

    @Test
    void requestsForAnotherNodeAreForwardedAndAnsweredWithoutAWorker() {
        router = build(RoutingSettings.defaults(), new QueuedExecutor().refuse(), agents);
        FakeLink from = inbound(PEER, "in-f");
        FakeLink toOther = outbound(OTHER, "out-f");
        receive(from, request(7, OTHER + ":echo/tools/list", null));
        JsonRpc.Request forwarded = assertInstanceOf(JsonRpc.Request.class, toOther.lastSent());
        receive(toOther, JsonRpc.Response.result(forwarded.id(), Json.createValue("there")));
        JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class, from.lastSent());
        assertEquals(Json.createValue(7), r.id());
        assertEquals(Json.createValue("there"), r.result());
        assertTrue(agents.requests().isEmpty());
    }

    @Test
    void requestsAnAgentServesWithoutBlockingAreServedOnTheReadingThread() {
        router = build(RoutingSettings.defaults(), new QueuedExecutor().refuse(), agents.nonBlocking("echo"));
        FakeLink l = inbound(PEER, "in-n");
        assertEquals("tools/call", call(l, request(1, "local:echo/tools/call", obj("{\"name\":\"echo\"}")))
                .result().asJsonObject().getString("method"));
        assertEquals("tools/list", call(l, request(2, SELF + ":echo/tools/list", null))
                .result().asJsonObject().getString("method"));
        assertEquals(2, agents.requests().size());
        assertError(call(l, request(3, "local:calculator/tools/list", null)), JsonRpc.OVERLOADED);
        assertError(call(l, request(4, "*:echo/tools/list", null)), JsonRpc.OVERLOADED);
        assertError(call(l, request(5, "node/ping", null)), JsonRpc.OVERLOADED);
    }

    @Test
    void localCallersGetAnAnswerThatCameOnALinkFromAWorker() {
        QueuedExecutor executor = new QueuedExecutor();
        router = build(RoutingSettings.defaults(), executor, agents);
        FakeLink toOther = outbound(OTHER, "out-w");
        CompletableFuture<JsonRpc.Response> answer = router.route(request(3, OTHER + ":echo/tools/list", null),
                Origin.detached("test")).toCompletableFuture();
        JsonRpc.Request forwarded = assertInstanceOf(JsonRpc.Request.class, toOther.lastSent());
        receive(toOther, JsonRpc.Response.result(forwarded.id(), JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(answer.isDone(), "not completed on the link's reading thread");
        executor.runAll();
        assertEquals(Json.createValue(3), answer.join().id());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, answer.join().result());
    }

    @Test
    void slowAgentDoesNotBlockTheLink() {
        agents.hold();
        receive(link, request(1, "echo/tools/call", null));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, call(link, request(2, "node/ping", null)).result());
        agents.onlyRequest().result().complete(Json.createValue("late"));
        JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class, link.lastSent());
        assertEquals(Json.createValue(1), r.id());
    }

    @Test
    void refusedWorkIsOverloaded() {
        router = build(RoutingSettings.defaults(), new QueuedExecutor().refuse(), agents);
        FakeLink l = inbound(PEER, "in-r");
        assertError(call(l, request(1, "echo/tools/list", null)), JsonRpc.OVERLOADED);
    }

    @Test
    void tooManyRequestsBeingServedForOneLinkIsOverloaded() {
        router = build(RoutingSettings.defaults().withMaxServedPerLink(2), Runnable::run, agents.hold());
        FakeLink l = inbound(PEER, "in-m");
        receive(l, request(1, "echo/a", null));
        receive(l, request(2, "echo/b", null));
        assertError(call(l, request(3, "echo/c", null)), JsonRpc.OVERLOADED);
        agents.requests().get(0).result().complete(JsonValue.EMPTY_JSON_OBJECT);
        receive(l, request(4, "echo/d", null));
        assertEquals(3, agents.requests().size());
    }

    @Test
    void reusedIdOfAPendingRequestIsInvalidRequest() {
        agents.hold();
        receive(link, request(1, "echo/a", null));
        JsonRpc.Response r = call(link, request(1, "echo/b", null));
        assertError(r, JsonRpc.INVALID_REQUEST);
        assertEquals(1, agents.requests().size());
    }

    @Test
    void notificationFromALinkGoesToTheAgentWithoutResponse() {
        receive(link, new JsonRpc.Notification("echo/notifications/initialized", null));
        assertEquals(1, agents.notifications().size());
        assertEquals("notifications/initialized", agents.notifications().get(0).method());
        assertEquals(JsonValue.NULL, agents.notifications().get(0).context().requestId());
        assertTrue(link.sent().isEmpty());
    }

    @Test
    void plainMcpNotificationGoesToTheDefaultAgent() {
        receive(link, new JsonRpc.Notification("notifications/initialized", null));
        assertEquals("echo", agents.notifications().get(0).agent());
    }

    @Test
    void undeliverableNotificationIsDroppedSilently() {
        receive(link, new JsonRpc.Notification("weather/notifications/initialized", null));
        receive(link, new JsonRpc.Notification("garbage", null));
        assertTrue(agents.notifications().isEmpty());
        assertTrue(link.sent().isEmpty());
    }

    // ---- local entry points ----

    @Test
    void localRouteServesAnAgentWithThisNodeAsOrigin() {
        JsonRpc.Response r = done(router.route(request(3, "echo/tools/list", null), Origin.detached("test")));
        assertFalse(r.isError());
        assertEquals(SELF.value(), agents.onlyRequest().context().originNode());
        assertTrue(agents.onlyRequest().context().linkPeer().isEmpty(), "no link");
        assertEquals(Caller.node(SELF, Set.of()), agents.onlyRequest().context().caller());
    }

    @Test
    void localRouteCarriesTheEndUserTheEntryPointAuthenticated() {
        Caller.User alice = new Caller.User("alice", Set.of("reader"));
        done(router.route(request(5, "echo/tools/list", null), Origin.detached("test").withUser(alice)));
        assertEquals(Caller.node(SELF, Set.of()).withUser(Optional.of(alice)), agents.onlyRequest().context().caller());
    }

    @Test
    void localRouteNotificationsGoToTheOriginsSink() {
        java.util.List<String> got = new java.util.ArrayList<>();
        agents.answerWith(c -> {
            c.context().sendNotification("notifications/message", obj("{\"level\":\"info\"}"));
            return CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT);
        });
        Origin origin = Origin.of("mcp session s1", new io.agentmesh.testsupport.FakeSession("s1"), (m, p) -> got.add(m));
        done(router.route(request(3, "echo/tools/call", null), origin));
        assertEquals(java.util.List.of("notifications/message"), got);
        assertEquals("s1", agents.onlyRequest().context().session().id());
    }

    @Test
    void localRouteErrorsComeBackAsResponses() {
        JsonRpc.Response r = done(router.route(request(3, "weather/tools/list", null), Origin.detached("test")));
        assertError(r, JsonRpc.AGENT_NOT_FOUND);
        assertEquals(Json.createValue(3), r.id());
    }

    @Test
    void localRouteToAnUnlinkedNodeIsNodeUnreachableWithNodeData() {
        NodeId far = io.agentmesh.testsupport.TestNodes.node(0xfff);
        JsonRpc.Response r = done(router.route(request(3, far + ":echo/tools/list", null), Origin.detached("test")));
        assertError(r, JsonRpc.NODE_UNREACHABLE);
        assertEquals(JsonRpc.errorData(far.value(), null), r.error().data());
    }
}
