package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WireFrameCodecTest {

    @Test
    void roundTripsBytesOfAnyLength() {
        WireFrameEncoder encoder = new WireFrameEncoder();
        WireFrameDecoder decoder = new WireFrameDecoder();
        for (int n : new int[] {0, 1, 16, 17, 65535, 65536}) {
            byte[] bytes = MessageFragmenterTest.random(n);
            ByteBuffer encoded = encoder.encode(new WireFrame(bytes));
            WireFrame decoded = decoder.decode(encoded);
            assertArrayEquals(bytes, decoded.bytes());
            assertEquals(n, decoded.length());
        }
    }

    @Test
    void decodesFromABufferPosition() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        buffer.position(1);
        assertArrayEquals(new byte[] {2, 3, 4}, new WireFrameDecoder().decode(buffer).bytes());
    }
}
