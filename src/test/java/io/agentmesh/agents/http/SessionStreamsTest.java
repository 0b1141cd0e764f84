package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStreamsTest {

    private static SseStream connection(ByteArrayOutputStream out) {
        return new SseStream(out, () -> { });
    }

    @Test
    void serverMessagesTakeTurnsOnTheOpenGetStreamsNeverOnAPostReply() {
        SessionStreams streams = new SessionStreams(10);
        assertFalse(streams.deliver("{}"), "no GET stream open");
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteArrayOutputStream post = new ByteArrayOutputStream();
        streams.open(true).orElseThrow().attach(connection(a), 0);
        streams.open(false).orElseThrow().attach(connection(post), 0);
        streams.open(true).orElseThrow().attach(connection(b), 0);
        for (int i = 1; i <= 4; i++) {
            assertTrue(streams.deliver("{\"n\":" + i + "}"));
        }
        String textA = a.toString(StandardCharsets.UTF_8);
        String textB = b.toString(StandardCharsets.UTF_8);
        assertTrue(textA.contains("id: 1-1\n") && textA.contains("id: 1-2\n") && !textA.contains("id: 1-3\n"));
        assertTrue(textB.contains("id: 3-1\n") && textB.contains("id: 3-2\n"));
        for (int i = 1; i <= 4; i++) {
            assertTrue(textA.contains("{\"n\":" + i + "}") ^ textB.contains("{\"n\":" + i + "}"));
        }
        assertEquals("", post.toString(StandardCharsets.UTF_8));
    }

    @Test
    void findNamesTheStreamThatSentTheEvent() {
        SessionStreams streams = new SessionStreams(10);
        SseEventLog log = streams.open(false).orElseThrow();
        log.send("{}");
        assertEquals(log, streams.find(new SseEventId(1, 1)).orElseThrow());
        assertTrue(streams.find(new SseEventId(1, 2)).isEmpty());
        assertTrue(streams.find(new SseEventId(2, 1)).isEmpty());
    }

    @Test
    void theOldestStreamWithoutAConnectionMakesRoomAndOpenGetStreamsAreBounded() {
        SessionStreams streams = new SessionStreams(10);
        List<SseStream> connections = new ArrayList<>();
        SseEventLog ended = streams.open(false).orElseThrow();
        ended.send("{}");
        for (int i = 1; i < SessionStreams.MAX_STREAMS; i++) {
            SseStream c = connection(new ByteArrayOutputStream());
            streams.open(true).orElseThrow().attach(c, 0);
            connections.add(c);
        }
        assertFalse(streams.isGetFull());
        SseStream last = connection(new ByteArrayOutputStream());
        streams.open(true).orElseThrow().attach(last, 0);
        assertTrue(streams.find(new SseEventId(1, 1)).isEmpty(), "displaced");
        assertTrue(streams.isGetFull());
        assertTrue(streams.open(true).isEmpty());
        SseEventLog unkept = streams.open(false).orElseThrow();
        unkept.send("{}");
        assertTrue(streams.find(new SseEventId(unkept.stream(), 1)).isEmpty(), "a POST reply then is not kept");
        streams.endAll();
        assertFalse(last.isOpen());
        assertFalse(streams.anyLive());
    }
}
