package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeLink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * An entry point that gives many requests one {@link Origin}, and so one {@link Cancellation} (the registry's
 * gossip does): once a request is answered, nothing of it stays reachable from that cancellation. The
 * soak of issue 15 found a node keeping every gossip request it had forwarded (a cancellation action per
 * request, holding the request's requester and ids), some 200 bytes a request, for as long as it ran.
 */
class LongLivedOriginTest extends RouterHarness {

    private final FakeLink toOther = outbound(OTHER, "out-c");
    private final Origin shared = Origin.detached("one origin for many requests");

    @Test
    void aForwardedRequestOnceAnsweredIsNotKeptByItsOrigin() {
        List<WeakReference<JsonValue>> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(forwardAndAnswer("forwarded-" + i));
        }

        assertTrue(collected(ids), "the answered requests' ids are no longer reachable");
    }

    @Test
    void aRequestServedHereOnceAnsweredIsNotKeptByItsOrigin() {
        router = build(RoutingSettings.defaults(), Runnable::run, new Forgetful());
        List<WeakReference<JsonValue>> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonValue id = Json.createValue("served-" + i);
            assertFalse(done(router.route(new JsonRpc.Request(id, "echo/tools/call", null), shared)).isError());
            ids.add(new WeakReference<>(id));
        }

        assertTrue(collected(ids), "the answered requests' ids are no longer reachable");
    }

    @Test
    void cancellingTheOriginLaterPassesNothingOnForAnsweredRequests() {
        forwardAndAnswer("forwarded");
        int sent = toOther.sent().size();

        shared.cancellation().cancel("gone");

        assertEquals(sent, toOther.sent().size(), "no notifications/cancelled for a request already answered");
    }

    /** One agent, echo, that answers every request at once and keeps nothing of it (unlike FakeAgents). */
    private static final class Forgetful implements AgentDirectory {
        @Override
        public List<String> agentIds() {
            return List.of("echo");
        }

        @Override
        public boolean hosts(String agentId) {
            return agentId.equals("echo");
        }

        @Override
        public Optional<String> defaultAgent() {
            return Optional.empty();
        }

        @Override
        public List<JsonObject> describe() {
            return List.of();
        }

        @Override
        public CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext context) {
            return CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT);
        }

        @Override
        public void notify(String agentId, String method, JsonObject params, CallContext context) {
        }
    }

    /** Routes a request to OTHER with the shared origin, answers it on the link; a weak reference to its id. */
    private WeakReference<JsonValue> forwardAndAnswer(String idText) {
        JsonValue id = Json.createValue(idText);
        var answer = router.route(new JsonRpc.Request(id, OTHER + ":echo/ping", null), shared);
        JsonRpc.Request forwarded = (JsonRpc.Request) toOther.lastSent();
        receive(toOther, JsonRpc.Response.result(forwarded.id(), Json.createValue("pong")));
        assertEquals(id, done(answer).id());
        return new WeakReference<>(id);
    }

    /** Whether every referent is collected after a few full collections (the test holds none of them). */
    private static boolean collected(List<WeakReference<JsonValue>> refs) {
        for (int i = 0; i < 20 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
        }
        return refs.stream().allMatch(r -> r.get() == null);
    }
}
