package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageFragmenterTest {

    private final MessageFragmenter fragmenter = new MessageFragmenter();

    @Test
    void eachChunkIsWrittenIntoAnArrayOfExactlyItsPlaintextLength() {
        byte[] message = random(65518 + 10);
        assertEquals(65519, fragmenter.chunkPlaintextLength(message.length, 0));
        assertEquals(11, fragmenter.chunkPlaintextLength(message.length, 1));
        assertEquals(1, fragmenter.chunkPlaintextLength(0, 0));
        byte[] last = new byte[11];
        assertEquals(11, fragmenter.writeChunk(message, 1, last));
        assertEquals(0x01, last[0]);
        assertArrayEquals(java.util.Arrays.copyOfRange(message, 65518, message.length),
                java.util.Arrays.copyOfRange(last, 1, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> fragmenter.chunkPlaintextLength(message.length, 2));
    }

    @Test
    void emptyMessageIsOneEmptyFinalChunk() {
        List<byte[]> chunks = fragmenter.fragment(new byte[0]);
        assertEquals(1, chunks.size());
        assertArrayEquals(new byte[] {0x01}, chunks.get(0));
    }

    @Test
    void messageOf65518BytesIsOneTransportMessage() {
        byte[] message = random(65518);
        List<byte[]> chunks = fragmenter.fragment(message);
        assertEquals(1, chunks.size());
        assertEquals(65519, chunks.get(0).length);
        assertEquals(0x01, chunks.get(0)[0]);
        assertArrayEquals(message, join(chunks));
    }

    @Test
    void messageOf65519BytesIsTwoTransportMessages() {
        byte[] message = random(65519);
        List<byte[]> chunks = fragmenter.fragment(message);
        assertEquals(2, chunks.size());
        assertEquals(65519, chunks.get(0).length);
        assertEquals(0x00, chunks.get(0)[0]);
        assertEquals(2, chunks.get(1).length);
        assertEquals(0x01, chunks.get(1)[0]);
        assertArrayEquals(message, join(chunks));
    }

    @Test
    void exactMultipleEndsWithAFullFinalChunk() {
        byte[] message = random(3 * 65518);
        List<byte[]> chunks = fragmenter.fragment(message);
        assertEquals(3, chunks.size());
        chunks.forEach(c -> assertEquals(65519, c.length));
        assertEquals(0x01, chunks.get(2)[0]);
        assertArrayEquals(message, join(chunks));
    }

    @Test
    void smallChunksRoundTripThroughTheAssembler() throws Exception {
        MessageFragmenter small = new MessageFragmenter(7);
        byte[] message = random(100);
        MessageAssembler assembler = new MessageAssembler(100, TestMemory.share());
        List<byte[]> chunks = small.fragment(message);
        assertEquals(15, chunks.size());
        byte[] result = null;
        for (byte[] chunk : chunks) {
            result = assembler.accept(chunk);
        }
        assertArrayEquals(message, result);
    }

    @Test
    void chunkSizeIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new MessageFragmenter(0));
        assertThrows(IllegalArgumentException.class, () -> new MessageFragmenter(65519));
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static byte[] join(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            out.write(c, 1, c.length - 1);
        }
        return out.toByteArray();
    }
}
