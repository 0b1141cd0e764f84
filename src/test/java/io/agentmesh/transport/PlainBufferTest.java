package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A link's plaintext scratch array costs what the link carries, not the largest transport message. */
class PlainBufferTest {

    private final PlainBuffer buffer = new PlainBuffer(65_519);

    @Test
    void aFreshBufferHoldsAFewHundredBytesNotAFullTransportMessage() {
        assertEquals(256, buffer.holding(1).length);
        assertEquals(256, buffer.holding(256).length);
    }

    @Test
    void itGrowsToThePowerOfTwoThatHoldsTheLongestPlaintextAndKeepsIt() {
        byte[] grown = buffer.holding(300);
        assertEquals(512, grown.length);
        assertSame(grown, buffer.holding(20));
        assertEquals(4096, buffer.holding(4000).length);
    }

    @Test
    void itNeverGrowsBeyondItsMaximum() {
        assertEquals(65_519, buffer.holding(65_519).length);
        assertEquals(65_519, buffer.holding(40_000).length);
        assertEquals(10, new PlainBuffer(10).holding(3).length);
        assertThrows(IllegalArgumentException.class, () -> buffer.holding(65_520));
    }
}
