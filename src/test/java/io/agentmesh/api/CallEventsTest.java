package io.agentmesh.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.json.Json;
import io.agentmesh.routing.Cancellation;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The event stream of {@code POST /api/v1/call} for a client that accepts {@code text/event-stream}. */
class CallEventsTest {

    private final Cancellation cancellation = new Cancellation();
    private final CallEvents events = new CallEvents(CallSettings.DEFAULT_EVENT_QUEUE, cancellation);

    private static JsonObject progress(int n) {
        return Json.createObjectBuilder().add("progressToken", "t").add("progress", n).build();
    }

    @Test
    void notificationsComeFirstAndTheAnswerEndsTheStream() throws IOException {
        events.notification("notifications/progress", progress(1));
        events.notification("notifications/message", Json.createObjectBuilder().add("level", "info").add("data", "x").build());
        events.answer(CallResource.body(JsonRpc.Response.result(Json.createValue("rest-1"), Json.createValue(42))));
        events.notification("notifications/progress", progress(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.write(out);
        assertEquals("event: notification\n"
                + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"t\",\"progress\":1}}\n\n"
                + "event: notification\n"
                + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"x\"}}\n\n"
                + "event: answer\ndata: {\"result\":42}\n\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(1, events.dropped(), "nothing after the answer");
        assertFalse(cancellation.isCancelled());
    }

    @Test
    void anErrorIsTheAnswerToo() throws IOException {
        events.answer(CallResource.body(JsonRpc.Response.error(Json.createValue("rest-1"), JsonRpc.TIMEOUT, "late")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.write(out);
        assertEquals("event: answer\ndata: {\"error\":{\"code\":-32062,\"message\":\"late\"}}\n\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSlowClientLosesNotificationsButNeverTheAnswer() throws IOException {
        for (int i = 0; i < CallSettings.DEFAULT_EVENT_QUEUE + 5; i++) {
            events.notification("notifications/progress", progress(i));
        }
        events.answer(Json.createObjectBuilder().add("result", 1).build());
        assertEquals(5, events.dropped());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.write(out);
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("event: answer\ndata: {\"result\":1}\n\n"));
    }

    @Test
    void aClientThatGoesAwayCancelsTheCall() {
        events.notification("notifications/progress", progress(1));
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        assertThrows(IOException.class, () -> events.write(gone));
        assertTrue(cancellation.isCancelled());
    }

    @Test
    void onlyAnAcceptOfEventStreamsStreams() {
        assertTrue(CallResource.acceptsEvents("text/event-stream"));
        assertTrue(CallResource.acceptsEvents("application/json, Text/Event-Stream;q=0.5"));
        assertFalse(CallResource.acceptsEvents(null));
        assertFalse(CallResource.acceptsEvents("*/*"));
        assertFalse(CallResource.acceptsEvents("application/json"));
    }
}
