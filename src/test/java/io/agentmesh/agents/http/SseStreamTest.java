package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SseStreamTest {

    @Test
    void aMessageIsOneEventWithDataLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseStream s = new SseStream(out, () -> { });
        assertTrue(s.send("{\"a\":1}"));
        assertTrue(s.keepAlive());
        assertEquals("event: message\ndata: {\"a\":1}\n\n:\n\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void lineBreaksBecomeSeveralDataLines() {
        assertEquals("event: message\ndata: a\ndata: b\ndata: c\n\n",
                new String(SseStream.event("a\r\nb\nc"), StandardCharsets.UTF_8));
    }

    @Test
    void aFailedWriteClosesTheStreamOnce() {
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        SseStream s = new SseStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        }, ended::incrementAndGet);
        s.onClose(closed::incrementAndGet);
        assertFalse(s.send("{}"));
        assertFalse(s.isOpen());
        assertFalse(s.keepAlive());
        s.close();
        assertEquals(1, ended.get());
        assertEquals(1, closed.get());
        s.onClose(closed::incrementAndGet);
        assertEquals(2, closed.get(), "an action added after close runs at once");
    }
}
