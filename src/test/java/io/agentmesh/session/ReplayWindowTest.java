package io.agentmesh.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private final ReplayWindow window = new ReplayWindow();

    @Test
    void eachNonceOpensOnceInAnyOrderWithinTheWindow() {
        assertTrue(window.accept(5, 1));
        assertTrue(window.accept(0, 2));
        assertTrue(window.accept(3, 2));
        assertFalse(window.accept(4, 1), "used");
        assertFalse(window.accept(1, 1), "used");
        assertTrue(window.accept(2, 1));
        assertFalse(window.accept(2, 3), "a message with one used nonce is refused whole");
        assertTrue(window.accept(6, 3));
    }

    @Test
    void aRefusedMessageMarksNothing() {
        assertTrue(window.accept(10, 1));
        assertFalse(window.accept(8, 3), "10 is used");
        assertTrue(window.accept(8, 2), "8 and 9 were not marked");
    }

    @Test
    void noncesBelowTheWindowAreRefusedAsTooOld() {
        assertTrue(window.accept(ReplayWindow.SIZE + 100, 1));
        assertFalse(window.accept(50, 1), "below the window");
        assertTrue(window.accept(101, 1), "the lowest nonce still inside");
        assertFalse(window.accept(99, 1));
    }

    @Test
    void aJumpFreesTheSlotsOfOldNonces() {
        assertTrue(window.accept(7, 1));
        assertTrue(window.accept(7 + ReplayWindow.SIZE, 1), "the same slot, a new nonce");
        assertTrue(window.accept(7 + 2L * ReplayWindow.SIZE + 5, 1));
        assertTrue(window.accept(7 + 2L * ReplayWindow.SIZE, 1), "inside the window, never used");
        assertFalse(window.accept(7 + 2L * ReplayWindow.SIZE, 1));
    }

    @Test
    void freshDoesNotMark() {
        assertTrue(window.fresh(3, 2));
        assertTrue(window.accept(3, 2));
        assertFalse(window.fresh(4, 1));
    }

    @Test
    void negativeOrEmptyOrOverflowingRangesAreRefused() {
        assertFalse(window.accept(-1, 1));
        assertFalse(window.accept(0, 0));
        assertFalse(window.accept(Long.MAX_VALUE, 2));
    }
}
