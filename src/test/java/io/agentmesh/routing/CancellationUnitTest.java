package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class CancellationUnitTest {

    @Test
    void callbacksRunOnceOnCancel() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> ran.add("a"));
        assertTrue(c.cancel("why"));
        assertFalse(c.cancel("again"));
        assertEquals(List.of("a"), ran);
        assertEquals("why", c.reason());
        assertTrue(c.isCancelled());
    }

    @Test
    void callbackAddedAfterCancelRunsAtOnce() {
        Cancellation c = new Cancellation();
        c.cancel(null);
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> ran.add("late"));
        assertEquals(List.of("late"), ran);
    }

    @Test
    void failingCallbackDoesNotStopTheOthers() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> { throw new IllegalStateException("boom"); });
        c.onCancel(() -> ran.add("second"));
        c.cancel(null);
        assertEquals(List.of("second"), ran);
    }

    @Test
    void aForgottenCallbackDoesNotRunAndForgettingAfterTheCancelChangesNothing() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        Runnable forgetA = c.onCancel(() -> ran.add("a"));
        c.onCancel(() -> ran.add("b"));
        forgetA.run();
        c.cancel(null);
        forgetA.run();
        c.onCancel(() -> ran.add("late")).run();
        assertEquals(List.of("b", "late"), ran);
    }

    @Test
    void throwIfCancelledThrowsOnlyOnceCancelledNamingTheReason() {
        Cancellation c = new Cancellation();
        c.throwIfCancelled();
        c.cancel("user gave up");
        assertEquals("cancelled: user gave up", assertThrows(CancellationException.class, c::throwIfCancelled).getMessage());
    }
}
