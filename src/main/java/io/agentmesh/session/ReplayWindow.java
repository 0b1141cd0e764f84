package io.agentmesh.session;

/**
 * Which nonces of one direction of a session have been opened, so that none opens twice: a sliding
 * window of {@link #SIZE} nonces below the highest seen (the anti-replay window of RFC 6479, in the
 * plain form). Messages may arrive out of order (they may take different routes); a nonce below the
 * window is refused as too old. Thread-safe.
 */
final class ReplayWindow {

    /** How many nonces below the highest one seen are still accepted. */
    static final int SIZE = 4096;

    private final long[] bits = new long[SIZE / 64];
    /** One past the highest nonce accepted; 0 before any. */
    private long top;

    /** True when none of the {@code count} nonces from {@code first} is used or below the window. */
    synchronized boolean fresh(long first, int count) {
        if (first < 0 || count < 1 || count > SIZE || first > Long.MAX_VALUE - count || first < top - SIZE) {
            return false;
        }
        for (long n = first; n < first + count && n < top; n++) {
            if (isSet(n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Marks the {@code count} nonces from {@code first} as used when they are {@link #fresh}; otherwise
     * marks nothing and returns false.
     */
    synchronized boolean accept(long first, int count) {
        if (!fresh(first, count)) {
            return false;
        }
        long end = first + count;
        if (end > top) {
            for (long n = Math.max(top, end - SIZE); n < end; n++) {
                clear(n);                 // slots that now stand for new nonces
            }
            top = end;
        }
        for (long n = first; n < end; n++) {
            set(n);
        }
        return true;
    }

    private boolean isSet(long n) {
        int slot = (int) (n % SIZE);
        return (bits[slot >>> 6] & (1L << (slot & 63))) != 0;
    }

    private void set(long n) {
        int slot = (int) (n % SIZE);
        bits[slot >>> 6] |= 1L << (slot & 63);
    }

    private void clear(long n) {
        int slot = (int) (n % SIZE);
        bits[slot >>> 6] &= ~(1L << (slot & 63));
    }
}
