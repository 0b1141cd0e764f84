package io.agentmesh.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an application message into transport plaintexts (wire-v1 §4): each is one flags byte, then up
 * to {@code maxChunkData} bytes of data (at most 65518, so that the ciphertext with its 16-byte tag
 * fits in 65535 bytes). A message that fits travels as one chunk; the empty message is one empty FINAL
 * chunk. Stateless and thread-safe.
 */
public final class MessageFragmenter {

    /** The largest chunk of data one transport message carries: 65535 − 16 (tag) − 1 (flags). */
    public static final int MAX_CHUNK_DATA = 65518;

    private final int maxChunkData;

    /** A fragmenter that fills every chunk but the last with {@value #MAX_CHUNK_DATA} bytes. */
    public MessageFragmenter() {
        this(MAX_CHUNK_DATA);
    }

    /** A fragmenter with smaller chunks, 1 to {@value #MAX_CHUNK_DATA} bytes of data each. */
    public MessageFragmenter(int maxChunkData) {
        if (maxChunkData < 1 || maxChunkData > MAX_CHUNK_DATA) {
            throw new IllegalArgumentException("maxChunkData must be 1.." + MAX_CHUNK_DATA + ": " + maxChunkData);
        }
        this.maxChunkData = maxChunkData;
    }

    public int maxChunkData() {
        return maxChunkData;
    }

    /** How many transport messages a message of {@code length} bytes takes (at least 1). */
    public int chunkCount(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        return length == 0 ? 1 : (int) (((long) length + maxChunkData - 1) / maxChunkData);
    }

    /** The largest plaintext this fragmenter writes: flags byte plus a full chunk. */
    public int maxPlaintextLength() {
        return maxChunkData + 1;
    }

    /** The length of the plaintext of chunk {@code index} of a message of {@code length} bytes: flags byte and data. */
    public int chunkPlaintextLength(int length, int index) {
        int count = chunkCount(length);
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("chunk " + index + " of " + count);
        }
        return Math.min(maxChunkData, length - index * maxChunkData) + 1;
    }

    /**
     * Writes the plaintext of chunk {@code index} of {@code message} into {@code out} at offset 0 and
     * returns its length, {@link #chunkPlaintextLength}; {@code out} must hold that many bytes
     * ({@link #maxPlaintextLength()} hold any chunk).
     */
    public int writeChunk(byte[] message, int index, byte[] out) {
        int plaintextLength = chunkPlaintextLength(message.length, index);
        out[0] = FrameFlag.toByte(index == chunkCount(message.length) - 1);
        System.arraycopy(message, index * maxChunkData, out, 1, plaintextLength - 1);
        return plaintextLength;
    }

    /** All plaintexts of a message, in order (each a new array). */
    public List<byte[]> fragment(byte[] message) {
        int count = chunkCount(message.length);
        List<byte[]> chunks = new ArrayList<>(count);
        byte[] buffer = new byte[maxPlaintextLength()];
        for (int i = 0; i < count; i++) {
            int length = writeChunk(message, i, buffer);
            byte[] chunk = new byte[length];
            System.arraycopy(buffer, 0, chunk, 0, length);
            chunks.add(chunk);
        }
        return chunks;
    }
}
