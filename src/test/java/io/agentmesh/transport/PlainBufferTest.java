package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A link's plaintext scratch array costs what the link carries, at most 4 KiB, not the largest transport message. */
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
        assertSame(buffer.holding(4096), buffer.holding(1));
    }

    @Test
    void aPlaintextOver4KiBGetsAnArrayOfItsOwnThatIsNotKept() {
        byte[] small = buffer.holding(100);
        byte[] large = buffer.holding(65_519);
        assertEquals(65_519, large.length);
        assertNotSame(large, buffer.holding(65_519));
        assertEquals(4097, buffer.holding(4097).length);
        assertSame(small, buffer.holding(100));
    }

    @Test
    void itNeverGivesMoreThanItsMaximum() {
        assertEquals(10, new PlainBuffer(10).holding(3).length);
        assertEquals(300, new PlainBuffer(300).holding(290).length);
        assertThrows(IllegalArgumentException.class, () -> buffer.holding(65_520));
        assertThrows(IllegalArgumentException.class, () -> buffer.holding(-1));
    }
}
