package io.agentmesh.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The polling wait of the tests: it returns at the first poll that holds and fails clearly at its deadline. */
class EventuallyTest {

    private final AtomicInteger polls = new AtomicInteger();

    @Test
    void returnsTheFirstAcceptedValue() {
        assertEquals(3, Eventually.until(Duration.ofSeconds(10), polls::incrementAndGet, n -> n >= 3, n -> "never"));
        assertEquals(3, polls.get());
    }

    @Test
    void failsAtTheDeadlineNamingWhatItWaitedFor() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Eventually.until(Duration.ofMillis(50), "the moon turns blue", () -> false));
        assertEquals("timed out after PT0.05S waiting until the moon turns blue", e.getMessage());
        AssertionError last = assertThrows(AssertionError.class,
                () -> Eventually.until(Duration.ofMillis(50), polls::incrementAndGet, n -> false, n -> "last " + n));
        assertEquals("last " + polls.get(), last.getMessage());
    }

    @Test
    void pollHandsBackTheLastValueAndWithinSaysWhetherItHeld() {
        int last = Eventually.poll(Duration.ofMillis(50), polls::incrementAndGet, n -> false);
        assertEquals(polls.get(), last);
        assertTrue(polls.get() > 1, "polled more than once: " + polls.get());
        assertFalse(Eventually.within(Duration.ZERO, () -> false));
        assertTrue(Eventually.within(Duration.ZERO, () -> true));
    }

    @Test
    void aProbesExceptionEndsTheWait() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Eventually.within(Duration.ofSeconds(10), () -> {
                    throw new IOException("no answer");
                }));
        assertEquals("no answer", e.getCause().getMessage());
    }
}
