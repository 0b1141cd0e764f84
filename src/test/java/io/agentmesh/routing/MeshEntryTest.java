package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeLink;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The entry of local callers: a destination and an op go to the router apart, the wire method is made
 * only for a link, answers pass through as they are, −32062 is made once at the deadline, and the router's
 * observer counts every call.
 */
class MeshEntryTest extends RouterHarness {

    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final List<String> served = new CopyOnWriteArrayList<>();

    MeshEntryTest() {
        router = Router.builder().node(info).agents(agents).links(links).executor(Runnable::run).scheduler(time)
                .clock(time.clock()).traceIds(() -> "trace").observer(new RouteObserver() {
                    @Override
                    public void answered(String method, String from, Duration took, JsonRpc.Response response) {
                        answered.add(method + " from " + from);
                    }

                    @Override
                    public void served(String agent, String method, Duration took, JsonRpc.Response response) {
                        served.add(agent + " " + method);
                    }
                }).build();
    }

    private MeshEntry entry() {
        return new MeshEntry(router, time, Runnable::run);
    }

    @Test
    void aLocalAgentGetsTheOpAndTheCallIsCounted() {
        JsonRpc.Response r = done(entry().request(Destination.local("echo"), request(1, "tools/call",
                obj("{\"name\":\"echo\"}")), Origin.detached("test"), Duration.ofSeconds(5)));
        assertEquals("tools/call", r.result().asJsonObject().getString("method"));
        assertEquals("echo", agents.onlyRequest().agent());
        assertEquals(List.of("local:echo/tools/call from test"), answered);
        assertEquals(List.of("echo tools/call"), served);
    }

    @Test
    void anotherNodeGetsTheWholeAddressOnTheLinkAndItsAnswerAsItIs() {
        FakeLink toOther = outbound(OTHER, "out-c");
        CompletionStage<JsonRpc.Response> answer = entry().request(Destination.agent(OTHER, "echo"),
                request("c1", "tools/call", obj("{\"name\":\"echo\"}")), Origin.detached("test"), Duration.ofSeconds(5));
        JsonRpc.Request sent = assertInstanceOf(JsonRpc.Request.class, toOther.lastSent());
        assertEquals(OTHER + ":echo/tools/call", sent.method());
        JsonRpc.Error error = new JsonRpc.Error(-32001, "the agent's own error", obj("{\"why\":\"because\"}"));
        receive(toOther, JsonRpc.Response.error(sent.id(), error));
        JsonRpc.Response r = done(answer);
        assertEquals(Json.createValue("c1"), r.id());
        assertEquals(error, r.error());
    }

    @Test
    void theNodeItselfTakesItsOperations() {
        JsonRpc.Response r = done(entry().request(Destination.node(SELF), request(1, "get_info", null),
                Origin.detached("test"), Duration.ofSeconds(5)));
        assertEquals(SELF.value(), r.result().asJsonObject().getString("node_id"));
    }

    @Test
    void anOpThatIsNoneIsMethodNotFound() {
        JsonRpc.Response r = done(entry().request(Destination.local("echo"), request(1, "has space", null),
                Origin.detached("test"), Duration.ofSeconds(5)));
        assertError(r, JsonRpc.METHOD_NOT_FOUND);
        assertTrue(agents.requests().isEmpty());
    }

    @Test
    void theDeadlineAnswersMinus32062OnceAndCancelsTheCall() {
        agents.hold();
        Origin origin = Origin.detached("test");
        CompletionStage<JsonRpc.Response> answer = entry().request(Destination.local("echo"),
                request(4, "tools/call", null), origin, Duration.ofMillis(50));
        time.advance(Duration.ofMillis(49));
        assertFalse(answer.toCompletableFuture().isDone());
        time.advance(Duration.ofMillis(1));
        JsonRpc.Response r = done(answer);
        assertError(r, JsonRpc.TIMEOUT);
        assertEquals("timeout: no answer to local:echo/tools/call within 50 ms", r.error().message());
        assertTrue(agents.onlyRequest().context().isCancelled());
        assertEquals("notifications/cancelled", agents.notifications().get(0).method());
        agents.onlyRequest().result().complete(JsonValue.EMPTY_JSON_OBJECT);
        assertSame(r, done(answer), "the answer is made once");
    }

    @Test
    void anAnswerInTimeStopsTheDeadline() {
        agents.hold();
        CompletionStage<JsonRpc.Response> answer = entry().request(Destination.local("echo"),
                request(5, "tools/call", null), Origin.detached("test"), Duration.ofMillis(50));
        agents.onlyRequest().result().complete(Json.createObjectBuilder().add("ok", true).build());
        assertEquals(0, time.scheduledCount(), "the deadline is gone");
        time.advance(Duration.ofSeconds(1));
        assertTrue(done(answer).result().asJsonObject().getBoolean("ok"));
        assertFalse(agents.onlyRequest().context().isCancelled());
    }

    @Test
    void withoutADeadlineOfItsOwnALocalCallWaits() {
        agents.hold();
        CompletionStage<JsonRpc.Response> answer = entry().request(Destination.local("echo"),
                request(6, "tools/call", null), Origin.detached("test"));
        time.advance(Duration.ofHours(1));
        assertFalse(answer.toCompletableFuture().isDone());
        agents.onlyRequest().result().complete(JsonValue.EMPTY_JSON_OBJECT);
        assertFalse(done(answer).isError());
    }

    @Test
    void notificationsGoToTheAgentAndOnAlongALink() {
        entry().notify(Destination.local("calculator"), new JsonRpc.Notification("notifications/initialized", null),
                Origin.detached("test"));
        assertEquals("calculator", agents.notifications().get(0).agent());
        assertEquals("notifications/initialized", agents.notifications().get(0).method());
        FakeLink toOther = outbound(OTHER, "out-c");
        entry().notify(Destination.agent(OTHER, "echo"), new JsonRpc.Notification("notifications/initialized", null),
                Origin.detached("test"));
        assertEquals(OTHER + ":echo/notifications/initialized",
                assertInstanceOf(JsonRpc.Notification.class, toOther.lastSent()).method());
    }

    @Test
    void theEntryNamesItsNode() {
        assertEquals(SELF, entry().nodeId());
    }
}
