package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseEventLogTest {

    private static final class Connection {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final SseStream stream = new SseStream(out, () -> { });

        String text() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String event(String id, String json) {
        return new String(SseStream.event(id, json), StandardCharsets.UTF_8);
    }

    @Test
    void eventsAreNumberedWithTheStreamAndWrittenToTheConnection() {
        SseEventLog log = new SseEventLog(4, true, 10);
        Connection c = new Connection();
        log.attach(c.stream, 0);
        assertTrue(log.send("{\"a\":1}"));
        assertTrue(log.send("{\"a\":2}"));
        assertEquals(event("4-1", "{\"a\":1}") + event("4-2", "{\"a\":2}"), c.text());
        assertEquals("id: 4-1\nevent: message\ndata: {\"a\":1}\n\n", event("4-1", "{\"a\":1}"));
    }

    @Test
    void withoutAConnectionEventsAreKeptAndReplayedAfterTheGivenId() {
        SseEventLog log = new SseEventLog(1, false, 10);
        assertFalse(log.send("{\"a\":1}"), "no connection: not written");
        log.send("{\"a\":2}");
        log.send("{\"a\":3}");
        Connection c = new Connection();
        log.attach(c.stream, 1);
        assertEquals(event("1-2", "{\"a\":2}") + event("1-3", "{\"a\":3}"), c.text());
        assertTrue(log.hasSent(new SseEventId(1, 3)));
        assertFalse(log.hasSent(new SseEventId(1, 4)), "not sent yet");
        assertFalse(log.hasSent(new SseEventId(2, 1)), "another stream's");
    }

    @Test
    void theBufferIsBoundedTheOldestDropped() {
        SseEventLog log = new SseEventLog(1, true, 2);
        for (int i = 1; i <= 4; i++) {
            log.send("{\"a\":" + i + "}");
        }
        Connection c = new Connection();
        log.attach(c.stream, 0);
        assertEquals(event("1-3", "{\"a\":3}") + event("1-4", "{\"a\":4}"), c.text());
        Connection none = new Connection();
        SseEventLog unbuffered = new SseEventLog(2, true, 0);
        unbuffered.send("{}");
        unbuffered.attach(none.stream, 0);
        assertEquals("", none.text());
        unbuffered.send("{}");
        assertEquals(event("2-2", "{}"), none.text(), "numbering goes on");
    }

    @Test
    void aNewConnectionReplacesTheOldOne() {
        SseEventLog log = new SseEventLog(1, true, 10);
        Connection first = new Connection();
        Connection second = new Connection();
        log.attach(first.stream, 0);
        log.attach(second.stream, 0);
        assertFalse(first.stream.isOpen());
        log.send("{}");
        assertEquals("", first.text());
        assertEquals(event("1-1", "{}"), second.text());
    }

    @Test
    void aFinishedStreamClosesItsConnectionAndEachResumptionAfterTheReplay() {
        SseEventLog log = new SseEventLog(1, false, 10);
        Connection c = new Connection();
        log.attach(c.stream, 0);
        log.send("{\"result\":1}");
        log.finish();
        assertFalse(c.stream.isOpen());
        assertFalse(log.send("{}"), "nothing after the end");
        Connection again = new Connection();
        log.attach(again.stream, 0);
        assertEquals(event("1-1", "{\"result\":1}"), again.text());
        assertFalse(again.stream.isOpen());
    }

    @Test
    void aClosedConnectionDetachesAndDisconnectKeepsTheStream() {
        SseEventLog log = new SseEventLog(1, true, 10);
        Connection c = new Connection();
        log.attach(c.stream, 0);
        assertTrue(log.isLive());
        c.stream.close();
        assertFalse(log.isLive());
        Connection d = new Connection();
        log.attach(d.stream, 0);
        log.disconnect();
        assertFalse(d.stream.isOpen());
        assertFalse(log.isFinished());
    }
}
