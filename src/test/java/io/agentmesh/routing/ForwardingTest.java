package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeLink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** wire-v1 §5.3: forwarding, route metadata, deadlines, link loss; one rule per test. */
class ForwardingTest extends RouterHarness {

    private final FakeLink fromPeer = inbound(PEER, "in-b");
    private final FakeLink toOther = outbound(OTHER, "out-c");

    private JsonRpc.Request forwardedRequest() {
        return assertInstanceOf(JsonRpc.Request.class, toOther.lastSent());
    }

    private static JsonObject route(JsonRpc.Request r) {
        return r.params().asJsonObject().getJsonObject("_meta").getJsonObject(RouteMetadata.KEY);
    }

    private static JsonObject routeParams(int ttl, String origin, String trace) {
        return Json.createObjectBuilder().add("_meta", Json.createObjectBuilder()
                .add(RouteMetadata.KEY, new RouteMetadata(ttl, origin, trace).toJson())).build();
    }

    // ---- step 1: forward toward another node ----

    @Test
    void requestForAnotherNodeGoesOnItsLinkWithTheMethodUnchanged() {
        receive(fromPeer, request(1, OTHER + ":calculator/tools/call", obj("{\"name\":\"add\"}")));
        JsonRpc.Request out = forwardedRequest();
        assertEquals(OTHER + ":calculator/tools/call", out.method());
        assertEquals("add", out.params().asJsonObject().getString("name"));
        assertTrue(fromPeer.sent().isEmpty(), "no answer before the next hop answers");
        assertTrue(agents.requests().isEmpty());
    }

    @Test
    void noLinkToTheNodeIsNodeUnreachableWithNodeData() {
        toOther.drop();
        JsonRpc.Response r = call(fromPeer, request(1, OTHER + ":calculator/tools/call", null));
        assertError(r, JsonRpc.NODE_UNREACHABLE);
        assertEquals(JsonRpc.errorData(OTHER.value(), null), r.error().data());
    }

    @Test
    void forwardedRequestGetsALinkLocalId() {
        receive(fromPeer, request("client-id", OTHER + ":echo/ping", null));
        JsonValue localId = forwardedRequest().id();
        assertNotEquals(Json.createValue("client-id"), localId);
    }

    @Test
    void responseIsRelayedBackWithTheOriginalId() {
        receive(fromPeer, request("client-id", OTHER + ":echo/ping", null));
        JsonValue localId = forwardedRequest().id();
        receive(toOther, JsonRpc.Response.result(localId, obj("{\"pong\":true}")));
        JsonRpc.Response back = assertInstanceOf(JsonRpc.Response.class, fromPeer.lastSent());
        assertEquals(Json.createValue("client-id"), back.id());
        assertEquals(obj("{\"pong\":true}"), back.result());
    }

    @Test
    void errorResponseIsRelayedUnchangedButForTheId() {
        receive(fromPeer, request(9, OTHER + ":echo/ping", null));
        JsonRpc.Error error = new JsonRpc.Error(JsonRpc.AGENT_NOT_FOUND, "agent not found: echo",
                JsonRpc.errorData(OTHER.value(), "echo"));
        receive(toOther, JsonRpc.Response.error(forwardedRequest().id(), error));
        JsonRpc.Response back = assertInstanceOf(JsonRpc.Response.class, fromPeer.lastSent());
        assertEquals(Json.createValue(9), back.id());
        assertEquals(error, back.error());
    }

    @Test
    void twoRequestersWithTheSameIdGetTheirOwnAnswers() {
        FakeLink third = inbound(io.agentmesh.testsupport.TestNodes.node(0xd), "in-d");
        receive(fromPeer, request(1, OTHER + ":echo/ping", null));
        JsonValue firstLocal = forwardedRequest().id();
        receive(third, request(1, OTHER + ":echo/ping", null));
        JsonValue secondLocal = forwardedRequest().id();
        assertNotEquals(firstLocal, secondLocal);
        receive(toOther, JsonRpc.Response.result(secondLocal, Json.createValue("second")));
        receive(toOther, JsonRpc.Response.result(firstLocal, Json.createValue("first")));
        assertEquals(Json.createValue("first"), ((JsonRpc.Response) fromPeer.lastSent()).result());
        assertEquals(Json.createValue("second"), ((JsonRpc.Response) third.lastSent()).result());
    }

    // ---- route metadata ----

    @Test
    void firstForwarderAddsRouteMetadataWithTheRequestersNodeAsOrigin() {
        receive(fromPeer, request(1, OTHER + ":echo/ping", null));
        JsonObject route = route(forwardedRequest());
        assertEquals(RoutingSettings.DEFAULT_TTL - 1, route.getInt("ttl"));
        assertEquals(PEER.value(), route.getString("origin"));
        assertEquals("trace-1", route.getString("trace"));
    }

    @Test
    void localEntryForwardingHasThisNodeAsOrigin() {
        router.route(request(1, OTHER + ":echo/ping", null), Origin.detached("test"));
        assertEquals(SELF.value(), route(forwardedRequest()).getString("origin"));
    }

    @Test
    void configuredTtlIsUsedByTheFirstForwarder() {
        router = build(RoutingSettings.defaults().withTtl(3), Runnable::run, agents);
        FakeLink out = outbound(OTHER, "out-c2");
        router.route(request(1, OTHER + ":echo/ping", null), Origin.detached("test"));
        assertEquals(2, route((JsonRpc.Request) out.lastSent()).getInt("ttl"));
    }

    @Test
    void forwarderAddsParamsWhenAbsent() {
        receive(fromPeer, request(1, OTHER + ":echo/ping", null));
        JsonObject params = forwardedRequest().params().asJsonObject();
        assertEquals(1, params.size());
        assertEquals(1, params.getJsonObject("_meta").size());
    }

    @Test
    void forwarderKeepsOtherParamsAndMetaMembers() {
        JsonObject params = obj("{\"name\":\"add\",\"_meta\":{\"progressToken\":\"p1\"}}");
        receive(fromPeer, request(1, OTHER + ":calculator/tools/call", params));
        JsonObject out = forwardedRequest().params().asJsonObject();
        assertEquals("add", out.getString("name"));
        assertEquals("p1", out.getJsonObject("_meta").getString("progressToken"));
        assertTrue(out.getJsonObject("_meta").containsKey(RouteMetadata.KEY));
    }

    @Test
    void receivedRouteMetadataIsKeptWithTtlDecremented() {
        receive(fromPeer, request(1, OTHER + ":echo/ping", routeParams(3, "00000000000000000000000000000000000000ee", "t-abc")));
        JsonObject route = route(forwardedRequest());
        assertEquals(2, route.getInt("ttl"));
        assertEquals("00000000000000000000000000000000000000ee", route.getString("origin"));
        assertEquals("t-abc", route.getString("trace"));
    }

    @Test
    void ttlIsNeverRaised() {
        receive(fromPeer, request(1, OTHER + ":echo/ping", routeParams(1, PEER.value(), "t")));
        assertEquals(0, route(forwardedRequest()).getInt("ttl"));
    }

    @Test
    void aTtlAboveThisNodesIsLoweredToItBeforeItIsDecremented() {
        receive(fromPeer, request(1, OTHER + ":echo/ping",
                routeParams(200, "00000000000000000000000000000000000000ee", "t-high")));
        JsonObject route = route(forwardedRequest());
        assertEquals(RoutingSettings.DEFAULT_TTL - 1, route.getInt("ttl"));
        assertEquals("00000000000000000000000000000000000000ee", route.getString("origin"), "origin kept");
        assertEquals("t-high", route.getString("trace"), "trace kept");
    }

    @Test
    void aTtlAtThisNodesIsKept() {
        receive(fromPeer, request(1, OTHER + ":echo/ping", routeParams(RoutingSettings.DEFAULT_TTL, PEER.value(), "t")));
        assertEquals(RoutingSettings.DEFAULT_TTL - 1, route(forwardedRequest()).getInt("ttl"));
    }

    @Test
    void aTtlAboveAConfiguredTtlZeroIsHopLimitExceeded() {
        router = build(RoutingSettings.defaults().withTtl(0), Runnable::run, agents);
        FakeLink in = inbound(PEER, "in-b0");
        FakeLink out = outbound(OTHER, "out-c0");
        JsonRpc.Response r = call(in, request(1, OTHER + ":echo/ping", routeParams(5, PEER.value(), "t")));
        assertError(r, JsonRpc.HOP_LIMIT_EXCEEDED);
        assertTrue(out.sent().isEmpty());
    }

    @Test
    void aConfiguredTtlCapsTheTtlThatArrives() {
        router = build(RoutingSettings.defaults().withTtl(2), Runnable::run, agents);
        FakeLink in = inbound(PEER, "in-b2");
        FakeLink out = outbound(OTHER, "out-c2");
        receive(in, request(1, OTHER + ":echo/ping", routeParams(100, PEER.value(), "t")));
        assertEquals(1, route((JsonRpc.Request) out.lastSent()).getInt("ttl"));
    }

    @Test
    void ttlZeroIsHopLimitExceededAndNothingIsForwarded() {
        JsonRpc.Response r = call(fromPeer, request(1, OTHER + ":echo/ping", routeParams(0, PEER.value(), "t")));
        assertError(r, JsonRpc.HOP_LIMIT_EXCEEDED);
        assertTrue(toOther.sent().isEmpty());
    }

    @Test
    void configuredTtlZeroStopsTheFirstForwarderToo() {
        router = build(RoutingSettings.defaults().withTtl(0), Runnable::run, agents);
        FakeLink out = outbound(OTHER, "out-c0");
        JsonRpc.Response r = done(router.route(request(1, OTHER + ":echo/ping", null), Origin.detached("test")));
        assertError(r, JsonRpc.HOP_LIMIT_EXCEEDED);
        assertTrue(out.sent().isEmpty());
    }

    @Test
    void malformedRouteMetadataIsInvalidParams() {
        JsonObject bad = obj("{\"_meta\":{\"agentmesh/route\":{\"ttl\":\"many\",\"origin\":\"x\",\"trace\":\"t\"}}}");
        assertError(call(fromPeer, request(1, OTHER + ":echo/ping", bad)), JsonRpc.INVALID_PARAMS);
        assertTrue(toOther.sent().isEmpty());
    }

    @Test
    void arrayParamsCannotBeForwarded() {
        assertError(call(fromPeer, request(1, OTHER + ":echo/ping", Json.createArrayBuilder().build())),
                JsonRpc.INVALID_PARAMS);
    }

    // ---- delivery removes the route metadata ----

    @Test
    void deliveringNodeRemovesRouteKeyMetaAndParamsLeftEmpty() {
        call(fromPeer, request(1, "echo/ping", routeParams(5, OTHER.value(), "t")));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, agents.onlyRequest().params());
    }

    @Test
    void deliveringNodeKeepsOtherMetaMembers() {
        JsonObject params = obj("{\"name\":\"add\",\"_meta\":{\"progressToken\":3,\"agentmesh/route\":"
                + "{\"ttl\":5,\"origin\":\"" + OTHER + "\",\"trace\":\"t\"}}}");
        call(fromPeer, request(1, "calculator/tools/call", params));
        assertEquals(obj("{\"name\":\"add\",\"_meta\":{\"progressToken\":3}}"), agents.onlyRequest().params());
    }

    @Test
    void deliveringNodeKeepsOtherParamsWhenMetaGoes() {
        JsonObject params = obj("{\"name\":\"add\",\"_meta\":{\"agentmesh/route\":"
                + "{\"ttl\":5,\"origin\":\"" + OTHER + "\",\"trace\":\"t\"}}}");
        call(fromPeer, request(1, "calculator/tools/call", params));
        assertEquals(obj("{\"name\":\"add\"}"), agents.onlyRequest().params());
    }

    @Test
    void deliveredRequestKnowsItsOriginFromTheRouteMetadata() {
        call(fromPeer, request(1, "echo/ping", routeParams(5, OTHER.value(), "t")));
        assertEquals(OTHER.value(), agents.onlyRequest().context().originNode());
    }

    @Test
    void deliveringNodeAtTtlZeroStillDelivers() {
        JsonRpc.Response r = call(fromPeer, request(1, SELF + ":echo/ping", routeParams(0, OTHER.value(), "t")));
        assertFalse(r.isError());
    }

    // ---- deadlines and link loss ----

    @Test
    void noAnswerWithinTheForwardingDeadlineIsTimeout() {
        router = build(RoutingSettings.defaults().withForwardingDeadline(Duration.ofMillis(300)), Runnable::run, agents);
        FakeLink in = inbound(PEER, "in-t");
        FakeLink out = outbound(OTHER, "out-t");
        receive(in, request("r1", OTHER + ":echo/ping", null));
        time.advance(Duration.ofMillis(299));
        assertTrue(in.sent().isEmpty());
        time.advance(Duration.ofMillis(1));
        JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class, in.lastSent());
        assertError(r, JsonRpc.TIMEOUT);
        assertEquals(Json.createValue("r1"), r.id());
        assertEquals(JsonRpc.errorData(OTHER.value(), null), r.error().data());
        assertEquals(1, out.sent().size());
    }

    @Test
    void lateAnswerAfterTheDeadlineIsIgnored() {
        receive(fromPeer, request(1, OTHER + ":echo/ping", null));
        JsonValue localId = forwardedRequest().id();
        time.advance(RoutingSettings.DEFAULT_FORWARDING_DEADLINE);
        assertEquals(1, fromPeer.sent().size());
        receive(toOther, JsonRpc.Response.result(localId, JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(1, fromPeer.sent().size());
    }

    @Test
    void answerBeforeTheDeadlineCancelsTheTimer() {
        receive(fromPeer, request(1, OTHER + ":echo/ping", null));
        receive(toOther, JsonRpc.Response.result(forwardedRequest().id(), JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(0, time.scheduledCount());
        time.advance(Duration.ofMinutes(5));
        assertEquals(1, fromPeer.sent().size());
    }

    @Test
    void nextHopClosingIsNodeUnreachableAtOnceForEveryPendingRequest() {
        receive(fromPeer, request(1, OTHER + ":echo/a", null));
        receive(fromPeer, request(2, OTHER + ":echo/b", null));
        toOther.drop();
        assertEquals(2, fromPeer.sent().size());
        for (JsonRpc m : fromPeer.sent()) {
            JsonRpc.Response r = assertInstanceOf(JsonRpc.Response.class, m);
            assertError(r, JsonRpc.NODE_UNREACHABLE);
        }
        assertEquals(java.util.Set.of(Json.createValue(1), Json.createValue(2)),
                java.util.Set.of(((JsonRpc.Response) fromPeer.sent().get(0)).id(), ((JsonRpc.Response) fromPeer.sent().get(1)).id()));
    }

    @Test
    void tooManyPendingOnTheNextHopIsOverloaded() {
        router = build(RoutingSettings.defaults().withMaxPendingPerLink(1), Runnable::run, agents);
        FakeLink in = inbound(PEER, "in-o");
        outbound(OTHER, "out-o");
        receive(in, request(1, OTHER + ":echo/a", null));
        assertError(call(in, request(2, OTHER + ":echo/b", null)), JsonRpc.OVERLOADED);
    }

    // ---- notifications ----

    @Test
    void notificationsAreForwardedWithRouteMetadataAndNoResponse() {
        receive(fromPeer, new JsonRpc.Notification(OTHER + ":echo/notifications/initialized", null));
        JsonRpc.Notification out = assertInstanceOf(JsonRpc.Notification.class, toOther.lastSent());
        assertEquals(OTHER + ":echo/notifications/initialized", out.method());
        JsonObject route = out.params().asJsonObject().getJsonObject("_meta").getJsonObject(RouteMetadata.KEY);
        assertEquals(RoutingSettings.DEFAULT_TTL - 1, route.getInt("ttl"));
        assertEquals(PEER.value(), route.getString("origin"));
        assertTrue(fromPeer.sent().isEmpty());
    }

    @Test
    void notificationWithTtlZeroIsDropped() {
        receive(fromPeer, new JsonRpc.Notification(OTHER + ":echo/notifications/x", routeParams(0, PEER.value(), "t")));
        assertTrue(toOther.sent().isEmpty());
        assertTrue(fromPeer.sent().isEmpty());
    }

    @Test
    void deliveredNotificationHasItsRouteMetadataRemoved() {
        receive(fromPeer, new JsonRpc.Notification("echo/notifications/x", routeParams(2, OTHER.value(), "t")));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, agents.notifications().get(0).params());
        assertEquals(OTHER.value(), agents.notifications().get(0).context().originNode());
    }

    // ---- outbound requests of this node ----

    @Test
    void ownRequestOnALinkCompletesWithTheAnswer() {
        CompletionStage<JsonRpc.Response> answer = router.request(toOther, "node/get_info", null);
        JsonRpc.Request sent = forwardedRequest();
        assertEquals("node/get_info", sent.method());
        receive(toOther, JsonRpc.Response.result(sent.id(), obj("{\"node_id\":\"x\"}")));
        assertEquals("x", done(answer).result().asJsonObject().getString("node_id"));
    }

    @Test
    void ownRequestTimesOutAtTheRequestDeadline() {
        router = build(RoutingSettings.defaults().withRequestDeadline(Duration.ofMillis(200)), Runnable::run, agents);
        FakeLink out = outbound(OTHER, "out-r");
        CompletionStage<JsonRpc.Response> answer = router.request(out, "node/ping", null);
        time.advance(Duration.ofMillis(200));
        assertError(done(answer), JsonRpc.TIMEOUT);
    }

    @Test
    void ownRequestOnAClosedLinkIsNodeUnreachable() {
        toOther.drop();
        assertError(done(router.request(toOther, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
    }

    @Test
    void ownNotificationIsSent() {
        assertTrue(router.notify(toOther, "node/hello", null));
        assertEquals("node/hello", ((JsonRpc.Notification) toOther.lastSent()).method());
        toOther.drop();
        assertFalse(router.notify(toOther, "node/hello", null));
    }
}
