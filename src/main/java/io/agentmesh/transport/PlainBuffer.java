package io.agentmesh.transport;

/**
 * One link's scratch array for the plaintext of one transport message in one direction (wire-v1 §4),
 * sized to what the link carries rather than to the largest transport message: it starts at
 * {@value #INITIAL} bytes and grows, in powers of two, to hold the longest plaintext asked for, up to
 * {@value #RETAINED} bytes; a longer plaintext gets an array of its own, which is not kept. So an open link
 * holds at most 4 KiB of it each way, and an idle one a few hundred bytes, where a 64 KiB array each way,
 * allocated up front, made every link cost the node 128 KiB of heap (and a link that once carried a large
 * message would keep that much); a large chunk costs one more allocation of its size, as its ciphertext
 * does already. Not thread-safe: used under its direction's lock.
 */
final class PlainBuffer {

    /** The size of a fresh buffer, which holds a route announcement of a few routes. */
    static final int INITIAL = 256;
    /** The largest array kept between messages: a request or an answer of a usual size fits. */
    static final int RETAINED = 4096;

    private final int max;
    private byte[] bytes;

    /** A buffer for plaintexts of up to {@code max} bytes. */
    PlainBuffer(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
        this.bytes = new byte[Math.min(INITIAL, max)];
    }

    /**
     * An array of at least {@code length} bytes: the kept one (grown when needed) up to {@value #RETAINED}
     * bytes, a new one of exactly {@code length} bytes beyond.
     */
    byte[] holding(int length) {
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("plaintext of " + length + " bytes: 0.." + max + " fit");
        }
        if (length <= bytes.length) {
            return bytes;
        }
        if (length > RETAINED) {
            return new byte[length];
        }
        bytes = new byte[Math.min(Integer.highestOneBit(length - 1) << 1, max)];
        return bytes;
    }
}
