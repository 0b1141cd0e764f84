package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.routing.NotificationSink;
import io.agentmesh.routing.Origin;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class McpSessionTest {

    private final JsonRpcCodec codec = new JsonRpcCodec();

    private McpSession session(int queue) {
        return new McpSession("secret", "mcp-1", McpPath.parse("/echo").orElseThrow(), java.util.Optional.empty(), new ManualClock(), queue,
                3, codec::encodeToString);
    }

    private static void notify(McpSession s, int n) {
        s.sendNotification("notifications/resources/updated", Json.createObjectBuilder().add("uri", "n://" + n).build());
    }

    @Test
    void notificationsWaitForTheGetStreamBoundedAndInOrder() {
        McpSession s = session(2);
        notify(s, 1);
        notify(s, 2);
        notify(s, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(s.attachStream(new SseStream(out, () -> { }), Optional.empty()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("n://1"), "the oldest was dropped");
        assertTrue(text.indexOf("n://2") < text.indexOf("n://3"));
        notify(s, 4);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(
                "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"n://4\"}}\n\n"));
    }

    @Test
    void getStreamsUpToTheLimitAtOnce() {
        McpSession s = session(10);
        List<SseStream> open = new java.util.ArrayList<>();
        for (int i = 0; i < SessionStreams.MAX_STREAMS; i++) {
            SseStream stream = new SseStream(new ByteArrayOutputStream(), () -> { });
            assertTrue(s.attachStream(stream, Optional.empty()));
            open.add(stream);
        }
        assertTrue(s.streaming());
        assertFalse(s.attachStream(new SseStream(new ByteArrayOutputStream(), () -> { }), Optional.empty()));
        open.get(0).close();
        assertTrue(s.attachStream(new SseStream(new ByteArrayOutputStream(), () -> { }), Optional.empty()));
        open.forEach(SseStream::close);
    }

    @Test
    void aResumedStreamReplaysFromItsBoundedBuffer() {
        McpSession s = session(10);
        SseStream first = new SseStream(new ByteArrayOutputStream(), () -> { });
        s.attachStream(first, Optional.empty());
        for (int n = 1; n <= 5; n++) {
            notify(s, n);
        }
        first.close();
        assertFalse(s.streaming());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(s.attachStream(new SseStream(out, () -> { }), SseEventId.parse("1-1")));
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("n://2"), "the buffer keeps 3 events: 3, 4, 5");
        assertTrue(text.startsWith("id: 1-3\n") && text.contains("id: 1-4\n") && text.contains("id: 1-5\n"), text);
        assertTrue(s.streaming());
    }

    @Test
    void endingClosesTheStreamCancelsRequestsAndDropsNotifications() {
        McpSession s = session(10);
        SseStream stream = new SseStream(new ByteArrayOutputStream(), () -> { });
        s.attachStream(stream, Optional.empty());
        Origin call = Origin.of("mcp", s, NotificationSink.NONE);
        assertTrue(s.begin(Json.createValue(1), call));
        s.end();
        assertFalse(s.isOpen());
        assertFalse(stream.isOpen());
        assertTrue(call.cancellation().isCancelled());
        notify(s, 1);
        assertFalse(s.attachStream(new SseStream(new ByteArrayOutputStream(), () -> { }), Optional.empty()));
    }

    @Test
    void runningRequestsAreFoundByIdKeepingStringsAndNumbersApart() {
        McpSession s = session(10);
        Origin one = Origin.of("mcp", s, NotificationSink.NONE);
        Origin oneText = Origin.of("mcp", s, NotificationSink.NONE);
        assertTrue(s.begin(Json.createValue(1), one));
        assertTrue(s.begin(Json.createValue("1"), oneText));
        assertFalse(s.begin(Json.createValue(1), Origin.of("mcp", s, NotificationSink.NONE)), "duplicate id");
        assertEquals(one, s.running(Json.createValue(1)).orElseThrow());
        assertEquals(oneText, s.running(Json.createValue("1")).orElseThrow());
        assertTrue(s.busy());
        s.finish(Json.createValue(1), one);
        s.finish(Json.createValue("1"), oneText);
        assertTrue(s.running(Json.createValue(1)).isEmpty());
        assertTrue(s.running((JsonValue) null).isEmpty());
        assertFalse(s.busy());
    }

    @Test
    void cancelRunsActionsOnceAndLateActionsAtOnce() {
        McpSession s = session(10);
        Origin c = Origin.of("mcp", s, NotificationSink.NONE);
        int[] runs = new int[2];
        c.cancellation().onCancel(() -> runs[0]++);
        c.cancellation().cancel(null);
        c.cancellation().cancel(null);
        c.cancellation().onCancel(() -> runs[1]++);
        assertEquals(1, runs[0]);
        assertEquals(1, runs[1]);
        assertTrue(c.cancellation().isCancelled());
        assertEquals(s, c.session());
    }
}
