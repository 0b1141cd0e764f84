package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** The books of requests served per link: limit, unique ids, cancellation, link down. */
class ServedRequestsTest {

    private final ServedRequests served = new ServedRequests(TestNodes.node(0xa), 2);
    private final FakeLink link = new FakeLink("in-1", TestNodes.node(0xb), false);
    private final FakeLink other = new FakeLink("in-2", TestNodes.node(0xc), false);

    private static JsonValue id(long n) {
        return Json.createValue(n);
    }

    private static JsonRpc.Notification cancelled(String requestIdJson) {
        return new JsonRpc.Notification("notifications/cancelled",
                obj("{\"requestId\":" + requestIdJson + ",\"reason\":\"changed my mind\"}"));
    }

    @Test
    void aLinkMayHaveAsManyRequestsServedAsTheLimitAndTheNextIsOverloaded() throws Exception {
        served.open(link, id(1));
        served.open(link, id(2));
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> served.open(link, id(3)));
        assertEquals(JsonRpc.OVERLOADED, e.code());
        assertEquals(TestNodes.node(0xa).value(), e.error().data().asJsonObject().getString("node"));
        served.open(other, id(3));   // the limit is per link
    }

    @Test
    void anIdInUseOnTheLinkIsAnInvalidRequestUntilItsRequestEnds() throws Exception {
        Cancellation first = served.open(link, id(7));
        assertEquals(JsonRpc.INVALID_REQUEST, assertThrows(JsonRpcException.class, () -> served.open(link, id(7))).code());
        served.open(other, id(7));   // ids are per link
        served.end(link, id(7), first);
        assertNotSame(first, served.open(link, id(7)));
    }

    @Test
    void notificationsCancelledCancelsTheRequestItNames() throws Exception {
        Cancellation call = served.open(link, Json.createValue("r-1"));
        assertFalse(served.cancel(link, cancelled("\"r-2\"")), "no such request");
        assertFalse(served.cancel(other, cancelled("\"r-1\"")), "not served for that link");
        assertFalse(call.isCancelled());
        assertTrue(served.cancel(link, cancelled("\"r-1\"")));
        assertTrue(call.isCancelled());
        assertEquals("changed my mind", call.reason());
    }

    @Test
    void otherNotificationsAreNoCancellation() throws Exception {
        served.open(link, id(1));
        assertFalse(served.cancel(link, new JsonRpc.Notification("notifications/progress", obj("{\"requestId\":1}"))));
        assertFalse(served.cancel(link, new JsonRpc.Notification("notifications/cancelled", null)));
    }

    @Test
    void aLinkGoingDownCancelsEveryRequestServedForIt() throws Exception {
        Cancellation a = served.open(link, id(1));
        Cancellation b = served.open(link, id(2));
        Cancellation elsewhere = served.open(other, id(1));
        served.linkDown(link);
        assertTrue(a.isCancelled());
        assertTrue(b.isCancelled());
        assertEquals("link closed", a.reason());
        assertFalse(elsewhere.isCancelled());
        served.open(link, id(1));   // nothing left on the books
    }
}
