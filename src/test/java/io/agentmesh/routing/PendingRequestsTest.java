package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private final ManualTime time = new ManualTime(Instant.EPOCH);
    private final PendingRequests pending = new PendingRequests(time, time.clock(), 3);
    private final FakeLink link = FakeLink.to(TestNodes.node(1), "l1");
    private final FakeLink other = FakeLink.to(TestNodes.node(2), "l2");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void idsAreUniqueAmongTheLinksPendingRequests() throws Exception {
        Set<JsonValue> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ids.add(pending.open(link, DEADLINE).id());
        }
        assertEquals(3, ids.size());
    }

    @Test
    void idsAreNotReusedAfterCompletion() throws Exception {
        var first = pending.open(link, DEADLINE);
        pending.complete(link, JsonRpc.Response.result(first.id(), JsonValue.TRUE));
        assertNotEquals(first.id(), pending.open(link, DEADLINE).id());
    }

    @Test
    void matchingResponseCompletesTheRequest() throws Exception {
        var p = pending.open(link, DEADLINE);
        assertTrue(pending.complete(link, JsonRpc.Response.result(p.id(), JsonValue.TRUE)));
        assertEquals(JsonValue.TRUE, p.response().join().result());
        assertEquals(0, pending.pendingCount(link));
    }

    @Test
    void responseOnAnotherLinkDoesNotMatch() throws Exception {
        var p = pending.open(link, DEADLINE);
        assertFalse(pending.complete(other, JsonRpc.Response.result(p.id(), JsonValue.TRUE)));
        assertFalse(p.response().isDone());
    }

    @Test
    void unknownIdsAreIgnored() throws Exception {
        var p = pending.open(link, DEADLINE);
        assertFalse(pending.complete(link, JsonRpc.Response.result(Json.createValue(999), JsonValue.TRUE)));
        assertFalse(pending.complete(link, JsonRpc.Response.result(Json.createValue("1"), JsonValue.TRUE)));
        assertFalse(pending.complete(link, JsonRpc.Response.error(JsonValue.NULL, -32700, "x")));
        assertFalse(p.response().isDone());
    }

    @Test
    void deadlineGivesTimeoutWithNodeData() throws Exception {
        var p = pending.open(link, Duration.ofMillis(500));
        time.advance(Duration.ofMillis(499));
        assertFalse(p.response().isDone());
        time.advance(Duration.ofMillis(1));
        JsonRpc.Response r = p.response().join();
        assertEquals(JsonRpc.TIMEOUT, r.error().code());
        assertEquals(p.id(), r.id());
        assertEquals(JsonRpc.errorData(TestNodes.node(1).value(), null), r.error().data());
    }

    @Test
    void lateResponseAfterTheDeadlineIsIgnored() throws Exception {
        var p = pending.open(link, Duration.ofMillis(10));
        time.advance(Duration.ofMillis(10));
        assertFalse(pending.complete(link, JsonRpc.Response.result(p.id(), JsonValue.TRUE)));
        assertEquals(JsonRpc.TIMEOUT, p.response().join().error().code());
    }

    @Test
    void linkDownEndsEveryPendingRequestOfThatLinkAtOnce() throws Exception {
        var p1 = pending.open(link, DEADLINE);
        var p2 = pending.open(link, DEADLINE);
        var p3 = pending.open(other, DEADLINE);
        pending.linkDown(link);
        assertEquals(JsonRpc.NODE_UNREACHABLE, p1.response().join().error().code());
        assertEquals(JsonRpc.NODE_UNREACHABLE, p2.response().join().error().code());
        assertFalse(p3.response().isDone());
        assertEquals(1, time.scheduledCount(), "the ended requests' deadlines are cancelled");
    }

    @Test
    void openingOnAClosedLinkFailsAtOnce() {
        link.close(1000, "bye");
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> pending.open(link, DEADLINE));
        assertEquals(JsonRpc.NODE_UNREACHABLE, e.code());
        assertEquals(0, pending.pendingCount(link));
    }

    @Test
    void openingAfterLinkDownFails() throws Exception {
        pending.open(link, DEADLINE);
        link.close(1000, "bye");
        pending.linkDown(link);
        assertThrows(JsonRpcException.class, () -> pending.open(link, DEADLINE));
    }

    @Test
    void limitPerLinkIsOverloaded() throws Exception {
        for (int i = 0; i < 3; i++) {
            pending.open(link, DEADLINE);
        }
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> pending.open(link, DEADLINE));
        assertEquals(JsonRpc.OVERLOADED, e.code());
        pending.open(other, DEADLINE);
    }

    @Test
    void failEndsARequestWithTheGivenError() throws Exception {
        var p = pending.open(link, DEADLINE);
        assertTrue(pending.fail(link, p.id(), new JsonRpc.Error(-32603, "cancelled")));
        assertEquals(-32603, p.response().join().error().code());
        assertFalse(pending.fail(link, p.id(), new JsonRpc.Error(-32603, "again")));
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new PendingRequests(time, time.clock(), 0));
    }
}
