package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

    private static byte[] chunk(int flags, byte[] data) {
        byte[] p = new byte[data.length + 1];
        p[0] = (byte) flags;
        System.arraycopy(data, 0, p, 1, data.length);
        return p;
    }

    @Test
    void emptyFinalChunkIsAnEmptyMessage() throws Exception {
        assertArrayEquals(new byte[0], new MessageAssembler(10, TestMemory.share()).accept(new byte[] {0x01}));
    }

    @Test
    void emptyFinalChunkEndsAPendingMessage() throws Exception {
        MessageAssembler a = new MessageAssembler(10, TestMemory.share());
        assertNull(a.accept(chunk(0, new byte[] {1, 2})));
        assertNull(a.accept(chunk(0, new byte[0])));
        assertArrayEquals(new byte[] {1, 2}, a.accept(chunk(1, new byte[0])));
        assertEquals(0, a.pendingBytes());
    }

    @Test
    void messageOfExactlyTheLimitIsAccepted() throws Exception {
        MessageAssembler a = new MessageAssembler(10, TestMemory.share());
        assertNull(a.accept(chunk(0, new byte[6])));
        assertArrayEquals(new byte[10], a.accept(chunk(1, new byte[4])));
    }

    @Test
    void limitPlusOneFailsMidMessageWithoutWaitingForFinal() throws Exception {
        MessageAssembler a = new MessageAssembler(10, TestMemory.share());
        assertNull(a.accept(chunk(0, new byte[10])));
        LinkProtocolException e = assertThrows(LinkProtocolException.class, () -> a.accept(chunk(0, new byte[1])));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, e.closeCode());
    }

    @Test
    void oneChunkOverTheLimitFails() {
        MessageAssembler a = new MessageAssembler(10, TestMemory.share());
        LinkProtocolException e = assertThrows(LinkProtocolException.class, () -> a.accept(chunk(1, new byte[11])));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, e.closeCode());
    }

    @Test
    void flagsBytesAreNotCounted() throws Exception {
        MessageAssembler a = new MessageAssembler(3, TestMemory.share());
        assertNull(a.accept(chunk(0, new byte[] {1})));
        assertNull(a.accept(chunk(0, new byte[] {2})));
        assertArrayEquals(new byte[] {1, 2, 3}, a.accept(chunk(1, new byte[] {3})));
    }

    @Test
    void acceptsASplitInsideAUtf8Sequence() throws Exception {
        byte[] text = "{\"x\":\"é€😀\"}".getBytes(StandardCharsets.UTF_8);
        MessageAssembler a = new MessageAssembler(100, TestMemory.share());
        // split every byte: every multi-byte sequence is cut
        byte[] result = null;
        for (int i = 0; i < text.length; i++) {
            result = a.accept(chunk(i == text.length - 1 ? 1 : 0, new byte[] {text[i]}));
        }
        assertEquals("{\"x\":\"é€😀\"}", new String(result, StandardCharsets.UTF_8));
    }

    @Test
    void unknownFlagBitsAreAProtocolError() {
        for (int flags : new int[] {0x02, 0x03, 0x80, 0xff}) {
            LinkProtocolException e = assertThrows(LinkProtocolException.class,
                    () -> new MessageAssembler(10, TestMemory.share()).accept(chunk(flags, new byte[1])));
            assertEquals(CloseCodes.PROTOCOL_ERROR, e.closeCode());
        }
    }

    @Test
    void plaintextWithoutFlagsByteIsAProtocolError() {
        LinkProtocolException e = assertThrows(LinkProtocolException.class,
                () -> new MessageAssembler(10, TestMemory.share()).accept(new byte[0]));
        assertEquals(CloseCodes.PROTOCOL_ERROR, e.closeCode());
    }

    @Test
    void acceptsOffsetAndLength() throws Exception {
        byte[] buf = {9, 9, 1, 5, 6, 9};
        assertArrayEquals(new byte[] {5, 6}, new MessageAssembler(10, TestMemory.share()).accept(buf, 2, 3));
    }

    @Test
    void zeroLimitAcceptsOnlyEmptyMessages() throws Exception {
        MessageAssembler a = new MessageAssembler(0, TestMemory.share());
        assertArrayEquals(new byte[0], a.accept(new byte[] {1}));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG,
                assertThrows(LinkProtocolException.class, () -> a.accept(chunk(1, new byte[1]))).closeCode());
    }

    @Test
    void chunkedMessagesOneAfterAnotherComeOutWhole() throws Exception {
        MessageAssembler a = new MessageAssembler(4 << 20, TestMemory.share());
        java.util.Random random = new java.util.Random(7);
        for (int size : new int[] {70_000, 10, 3 << 20, 131_036, 65_519}) {
            byte[] message = new byte[size];
            random.nextBytes(message);
            byte[] out = null;
            for (int offset = 0; offset < size; offset += 65_518) {
                int length = Math.min(65_518, size - offset);
                boolean last = offset + length == size;
                out = a.accept(chunk(last ? 1 : 0, java.util.Arrays.copyOfRange(message, offset, offset + length)));
                if (!last) {
                    assertNull(out);
                }
            }
            assertArrayEquals(message, out, "message of " + size + " bytes");
            assertEquals(0, a.pendingBytes());
        }
    }

    // ---------------------------------------------------------------- the memory budget

    private final MemoryBudget budget = TestMemory.budget(4L << 20, LinkObserver.NONE);

    @Test
    void eachGrowthOfTheBufferIsReservedBeforeItIsMade() throws Exception {
        MessageAssembler a = new MessageAssembler(1 << 20, budget.receiving());
        assertNull(a.accept(chunk(0, new byte[1000])));
        assertEquals(1000, budget.held());
        assertNull(a.accept(chunk(0, new byte[500])));
        assertEquals(2000, budget.held(), "doubled");
        assertNull(a.accept(chunk(0, new byte[500])));
        assertEquals(2000, budget.held(), "fits: nothing more");
        assertNull(a.accept(chunk(0, new byte[10_000])));
        assertEquals(12_000, budget.held(), "grown to what is needed");
    }

    @Test
    void aSmallBufferIsKeptAfterFinalAndGivenBackOnReset() throws Exception {
        MessageAssembler a = new MessageAssembler(1 << 20, budget.receiving());
        assertNull(a.accept(chunk(0, new byte[1000])));
        assertArrayEquals(new byte[1001], a.accept(chunk(1, new byte[1])));
        assertEquals(1000, budget.held(), "a buffer up to 1 MiB is kept for the next message");
        a.reset();
        assertEquals(0, budget.held());
    }

    @Test
    void aBufferOverOneMebibyteIsGivenBackAtFinal() throws Exception {
        MessageAssembler a = new MessageAssembler(3 << 20, budget.receiving());
        assertNull(a.accept(chunk(0, new byte[(1 << 20) + 1])));
        assertEquals((1 << 20) + 1, budget.held());
        assertEquals((1 << 20) + 2, a.accept(chunk(1, new byte[1])).length);
        assertEquals(0, budget.held());
    }

    @Test
    void aMessageOverTheLimitGivesItsBufferBack() throws Exception {
        MessageAssembler a = new MessageAssembler(1000, budget.receiving());
        assertNull(a.accept(chunk(0, new byte[900])));
        assertThrows(LinkProtocolException.class, () -> a.accept(chunk(0, new byte[101])));
        assertEquals(0, budget.held());
    }

    @Test
    void aGrowthTheBudgetRefusesFailsWith1009AndGivesTheBufferBack() throws Exception {
        MemoryBudget small = TestMemory.budget(4000, LinkObserver.NONE);    // 3000 for incoming data
        MessageAssembler a = new MessageAssembler(1 << 20, small.receiving());
        MemoryBudget.Share other = small.receiving();
        assertTrue(other.reserve(1500));
        assertNull(a.accept(chunk(0, new byte[1000])));
        LinkProtocolException e = assertThrows(LinkProtocolException.class, () -> a.accept(chunk(0, new byte[1000])));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, e.closeCode());
        assertTrue(e.reason().contains("memory budget"), e.reason());
        assertEquals(0, a.pendingBytes());
        assertEquals(1500, small.held(), "only the other share's bytes remain");
        assertEquals(1, small.refused());
    }

    @Test
    void closeGivesEverythingBackAndRefusesLaterGrowth() throws Exception {
        MessageAssembler a = new MessageAssembler(1 << 20, budget.receiving());
        assertNull(a.accept(chunk(0, new byte[5000])));
        a.close();
        assertEquals(0, budget.held());
        assertArrayEquals(new byte[3], a.accept(chunk(1, new byte[3])), "a single-chunk message needs no buffer");
        assertThrows(LinkProtocolException.class, () -> a.accept(chunk(0, new byte[3])));
        a.close();
        assertEquals(0, budget.held());
    }
}
