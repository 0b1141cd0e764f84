package io.agentmesh.transport;

/**
 * One link's scratch array for the plaintext of one transport message in one direction (wire-v1 §4),
 * sized to what the link has carried: it starts at {@value #INITIAL} bytes and grows to the next power of
 * two that holds the longest plaintext asked for, at most {@code max}. An idle link, which only carries
 * the odd route announcement, so holds a few hundred bytes each way instead of the 64 KiB a full-size
 * transport message needs (which, allocated up front, made an idle link cost the node 128 KiB of heap);
 * a busy link with large messages reaches the full size once and keeps it. Not thread-safe: used under
 * its direction's lock.
 */
final class PlainBuffer {

    /** The size of a fresh buffer, which holds a route announcement of a few routes. */
    static final int INITIAL = 256;

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

    /** An array of at least {@code length} bytes (the same one as before while it is long enough). */
    byte[] holding(int length) {
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("plaintext of " + length + " bytes: 0.." + max + " fit");
        }
        if (length > bytes.length) {
            int grown = Integer.highestOneBit(length - 1) << 1;
            bytes = new byte[Math.min(grown, max)];
        }
        return bytes;
    }
}
