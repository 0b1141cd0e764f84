package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** MCP cancellation and progress across the router: served here, forwarded, and from local entry points. */
class CancellationTest extends RouterHarness {

    private final FakeLink fromPeer = inbound(PEER, "in-b");
    private final FakeLink toOther = outbound(OTHER, "out-c");

    CancellationTest() {
        agents.hold();
    }

    private static JsonRpc.Notification cancelled(Object id, String reason) {
        var params = Json.createObjectBuilder();
        if (id instanceof Number n) {
            params.add("requestId", n.longValue());
        } else {
            params.add("requestId", (JsonValue) id);
        }
        if (reason != null) {
            params.add("reason", reason);
        }
        return new JsonRpc.Notification("notifications/cancelled", params.build());
    }

    // ---- served here ----

    @Test
    void cancelledNotificationMarksTheCallContextCancelled() {
        receive(fromPeer, request(5, "echo/tools/call", null));
        CallContext ctx = agents.onlyRequest().context();
        assertFalse(ctx.isCancelled());
        receive(fromPeer, cancelled(5, "user gave up"));
        assertTrue(ctx.isCancelled());
    }

    @Test
    void cancelledNotificationIsPassedToTheAgent() {
        receive(fromPeer, request(5, "calculator/tools/call", null));
        receive(fromPeer, cancelled(5, "user gave up"));
        FakeAgents.Call n = agents.notifications().get(0);
        assertEquals("calculator", n.agent());
        assertEquals("notifications/cancelled", n.method());
        assertEquals(Json.createValue(5), n.params().get("requestId"));
        assertEquals("user gave up", n.params().getString("reason"));
        assertTrue(n.context().isCancelled());
    }

    @Test
    void onCancelCallbacksOfTheAgentRun() {
        List<String> ran = new ArrayList<>();
        receive(fromPeer, request(5, "echo/tools/call", null));
        agents.onlyRequest().context().onCancel(() -> ran.add("stop"));
        receive(fromPeer, cancelled(5, null));
        assertEquals(List.of("stop"), ran);
    }

    @Test
    void cancelledRequestGetsNoResponse() {
        receive(fromPeer, request(5, "echo/tools/call", null));
        receive(fromPeer, cancelled(5, null));
        agents.onlyRequest().result().complete(JsonValue.EMPTY_JSON_OBJECT);
        assertTrue(fromPeer.sent().isEmpty());
    }

    @Test
    void cancellationOnlyAppliesToTheLinkTheRequestCameFrom() {
        FakeLink stranger = inbound(io.agentmesh.testsupport.TestNodes.node(0xd), "in-d");
        receive(fromPeer, request(5, "echo/tools/call", null));
        receive(stranger, cancelled(5, null));
        assertFalse(agents.onlyRequest().context().isCancelled());
    }

    @Test
    void cancellationForAnUnknownRequestIsHandedOnAsAPlainNotification() {
        receive(fromPeer, cancelled(77, null));
        assertEquals(1, agents.notifications().size());
        assertEquals("echo", agents.notifications().get(0).agent());
        assertTrue(fromPeer.sent().isEmpty());
    }

    @Test
    void stringRequestIdsMatchToo() {
        receive(fromPeer, request("abc", "echo/tools/call", null));
        receive(fromPeer, cancelled(Json.createValue("abc"), null));
        assertTrue(agents.onlyRequest().context().isCancelled());
    }

    @Test
    void requesterLinkGoingDownCancelsWhatIsServedForIt() {
        receive(fromPeer, request(5, "echo/tools/call", null));
        fromPeer.drop();
        assertTrue(agents.onlyRequest().context().isCancelled());
        assertFalse(agents.onlyRequest().context().session().isOpen());
    }

    @Test
    void addressedCancellationForAServedRequestCancelsIt() {
        receive(fromPeer, request(5, "echo/tools/call", null));
        receive(fromPeer, new JsonRpc.Notification("local:echo/notifications/cancelled", obj("{\"requestId\":5}")));
        assertTrue(agents.onlyRequest().context().isCancelled());
    }

    // ---- forwarded ----

    @Test
    void cancellationOfAForwardedRequestIsPassedOnWithTheLinkLocalId() {
        receive(fromPeer, request(5, OTHER + ":echo/tools/call", null));
        JsonValue localId = ((JsonRpc.Request) toOther.lastSent()).id();
        receive(fromPeer, cancelled(5, "stop"));
        JsonRpc.Notification out = assertInstanceOf(JsonRpc.Notification.class, toOther.lastSent());
        assertEquals("notifications/cancelled", out.method());
        assertEquals(localId, out.params().asJsonObject().get("requestId"));
        assertEquals("stop", out.params().asJsonObject().getString("reason"));
    }

    @Test
    void cancelledForwardedRequestGetsNoResponseEvenWhenTheAnswerComes() {
        receive(fromPeer, request(5, OTHER + ":echo/tools/call", null));
        JsonValue localId = ((JsonRpc.Request) toOther.lastSent()).id();
        receive(fromPeer, cancelled(5, null));
        receive(toOther, JsonRpc.Response.result(localId, JsonValue.EMPTY_JSON_OBJECT));
        assertTrue(fromPeer.sent().isEmpty());
        assertEquals(0, time.scheduledCount(), "the deadline is gone too");
    }

    @Test
    void requesterLinkGoingDownCancelsItsForwardedRequestsOnTheNextHop() {
        receive(fromPeer, request(5, OTHER + ":echo/tools/call", null));
        JsonValue localId = ((JsonRpc.Request) toOther.lastSent()).id();
        fromPeer.drop();
        JsonRpc.Notification out = assertInstanceOf(JsonRpc.Notification.class, toOther.lastSent());
        assertEquals("notifications/cancelled", out.method());
        assertEquals(localId, out.params().asJsonObject().get("requestId"));
    }

    @Test
    void localOriginCancellingAForwardedRequestPassesItOn() {
        Origin origin = Origin.of("mcp", new FakeSession("s"), NotificationSink.NONE);
        CompletionStage<JsonRpc.Response> answer = router.route(request(5, OTHER + ":echo/tools/call", null), origin);
        origin.cancellation().cancel("closed the tab");
        JsonRpc.Notification out = assertInstanceOf(JsonRpc.Notification.class, toOther.lastSent());
        assertEquals("notifications/cancelled", out.method());
        assertTrue(answer.toCompletableFuture().isDone(), "the local caller is not left waiting");
    }

    @Test
    void localOriginCancellingALocalCallCancelsTheContextAndTellsTheAgent() {
        Origin origin = Origin.of("mcp", new FakeSession("s"), NotificationSink.NONE);
        router.route(request(8, "echo/tools/call", null), origin);
        origin.cancellation().cancel(null);
        assertTrue(agents.onlyRequest().context().isCancelled());
        assertEquals("notifications/cancelled", agents.notifications().get(0).method());
        assertEquals(Json.createValue(8), agents.notifications().get(0).params().get("requestId"));
    }

    @Test
    void alreadyCancelledLocalRequestIsNotRouted() {
        Origin origin = Origin.detached("t");
        origin.cancellation().cancel(null);
        JsonRpc.Response r = done(router.route(request(8, "echo/tools/call", null), origin));
        assertTrue(r.isError());
        assertTrue(agents.requests().isEmpty());
    }

    // ---- progress of forwarded requests ----

    @Test
    void progressForAForwardedRequestIsRelayedToTheRequesterLink() {
        receive(fromPeer, request(5, OTHER + ":echo/tools/call", obj("{\"_meta\":{\"progressToken\":\"tok\"}}")));
        JsonObject progress = obj("{\"progressToken\":\"tok\",\"progress\":1,\"total\":3}");
        receive(toOther, new JsonRpc.Notification("notifications/progress", progress));
        JsonRpc.Notification relayed = assertInstanceOf(JsonRpc.Notification.class, fromPeer.lastSent());
        assertEquals("notifications/progress", relayed.method());
        assertEquals(progress, relayed.params());
        assertTrue(agents.notifications().isEmpty(), "not handed to a local agent");
    }

    @Test
    void progressForAForwardedLocalRequestGoesToTheOriginsSink() {
        List<JsonObject> got = new ArrayList<>();
        Origin origin = Origin.of("mcp", new FakeSession("s"), (m, p) -> got.add(p));
        router.route(request(5, OTHER + ":echo/tools/call", obj("{\"_meta\":{\"progressToken\":9}}")), origin);
        receive(toOther, new JsonRpc.Notification("notifications/progress", obj("{\"progressToken\":9,\"progress\":2}")));
        assertEquals(1, got.size());
        assertEquals(2, got.get(0).getInt("progress"));
    }

    @Test
    void progressAfterTheAnswerIsNotRelayed() {
        receive(fromPeer, request(5, OTHER + ":echo/tools/call", obj("{\"_meta\":{\"progressToken\":\"tok\"}}")));
        receive(toOther, JsonRpc.Response.result(((JsonRpc.Request) toOther.lastSent()).id(), JsonValue.EMPTY_JSON_OBJECT));
        int before = fromPeer.sent().size();
        receive(toOther, new JsonRpc.Notification("notifications/progress", obj("{\"progressToken\":\"tok\",\"progress\":1}")));
        assertEquals(before, fromPeer.sent().size());
    }
}
