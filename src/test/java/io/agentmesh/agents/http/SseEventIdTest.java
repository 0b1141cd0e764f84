package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseEventIdTest {

    @Test
    void writesAndReadsStreamAndSequence() {
        assertEquals("3-17", new SseEventId(3, 17).text());
        assertEquals(Optional.of(new SseEventId(3, 17)), SseEventId.parse("3-17"));
        assertEquals(Optional.of(new SseEventId(Long.parseLong("999999999999999999"), 1)),
                SseEventId.parse("999999999999999999-1"));
    }

    @Test
    void anythingElseIsNoId() {
        for (String bad : new String[] {"", "-", "3", "3-", "-3", "0-1", "1-0", "01-1", "1-01", "+1-1", "1-1-1",
                "1--1", "a-1", "1-b", " 1-1", "1-1 ", "1234567890123456789-1", "١-١"}) {
            assertTrue(SseEventId.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void numbersStartAtOne() {
        assertThrows(IllegalArgumentException.class, () -> new SseEventId(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SseEventId(1, 0));
    }
}
