package io.agentmesh.transport;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node-wide bound on what its links make it hold: the buffers of incoming messages being reassembled
 * ({@link MessageAssembler}) and the bytes queued for sending ({@link WebSocketChannel}), together at most
 * {@link #limit()} bytes. Each link reserves through a {@link Share} of its own per direction, before it
 * allocates or queues, and releases as it frees; a {@link Share#close() closed} share gives back whatever
 * it still holds, so nothing is released twice or forgotten on any path. Incoming data may fill the budget
 * only up to three quarters of it ({@link #receiveLimit()}): a flood of partial messages leaves a quarter
 * for the answers of every link. A refused reservation closes the link that asked (1009 for an incoming
 * message, 1011 for a send queue), never the node; the first refusal of each share is counted
 * ({@link LinkObserver#memoryRefused}) and logged, at most one line a minute. Lock-free and thread-safe;
 * the bytes held are never negative.
 */
public final class MemoryBudget {

    private static final Logger LOG = Logger.getLogger(MemoryBudget.class.getName());

    private final long limit;
    private final long receiveLimit;
    private final LinkObserver observer;
    private final LogLimiter logs;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param limit    bytes the links of the node may hold in all, positive
     * @param observer told of each share's first refusal (metrics)
     * @param logs     limits the line logged for a refusal
     */
    public MemoryBudget(long limit, LinkObserver observer, LogLimiter logs) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
        this.receiveLimit = receiveLimit(limit);
        this.observer = Objects.requireNonNull(observer, "observer");
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    /** The most that incoming messages may hold of a budget of {@code limit} bytes: all but its quarter. */
    static long receiveLimit(long limit) {
        return limit - limit / 4;
    }

    /** The smallest budget whose {@link #receiveLimit} holds one message of {@code maxMessageBytes}. */
    public static long minimum(int maxMessageBytes) {
        return maxMessageBytes + maxMessageBytes / 3L;
    }

    /** Bytes the links may hold in all. */
    public long limit() {
        return limit;
    }

    /** Bytes that incoming messages may hold in all. */
    public long receiveLimit() {
        return receiveLimit;
    }

    /** Bytes held now. */
    public long held() {
        return held.get();
    }

    /** Shares refused since start (each closed its link). */
    public long refused() {
        return refused.get();
    }

    /** A share for the send queue of one link: it may fill the budget. */
    public Share sending() {
        return new Share(limit, "send queue");
    }

    /** A share for the incoming messages of one link: it may fill {@link #receiveLimit()}. */
    public Share receiving() {
        return new Share(receiveLimit, "incoming message");
    }

    private boolean take(long bytes, long ceiling) {
        while (true) {
            long now = held.get();
            if (now + bytes > ceiling) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    private void give(long bytes) {
        held.addAndGet(-bytes);
    }

    /**
     * What one link holds of the budget in one direction. Reserving is refused once its link would take
     * the budget (or, for incoming data, {@link #receiveLimit()}) past its bound, and after {@link #close()}.
     * Thread-safe.
     */
    public final class Share {
        private static final long CLOSED = -1;

        private final long ceiling;
        private final String what;
        private final AtomicLong mine = new AtomicLong();
        private final AtomicBoolean refusedOnce = new AtomicBoolean();

        private Share(long ceiling, String what) {
            this.ceiling = ceiling;
            this.what = what;
        }

        /**
         * Reserves {@code bytes} more; false when the budget cannot give them (the caller closes its link)
         * or the share is closed. The first refusal of a share is counted and logged.
         */
        public boolean reserve(long bytes) {
            requireNotNegative(bytes);
            if (mine.get() == CLOSED) {
                return false;
            }
            if (!take(bytes, ceiling)) {
                if (refusedOnce.compareAndSet(false, true)) {
                    refused.incrementAndGet();
                    observer.memoryRefused();
                    logs.log(LOG, Level.WARNING, "memory budget", "memory budget full: {0,number,#} of {1,number,#} bytes"
                            + " held; a link that needed {2,number,#} more for its {3} is closed", held.get(), limit, bytes, what);
                }
                return false;
            }
            while (true) {
                long now = mine.get();
                if (now == CLOSED) {
                    give(bytes);    // closed meanwhile: its holding went back without these
                    return false;
                }
                if (mine.compareAndSet(now, now + bytes)) {
                    return true;
                }
            }
        }

        /** Gives back {@code bytes} of what this share holds; nothing once closed (the close gave all back). */
        public void release(long bytes) {
            requireNotNegative(bytes);
            while (true) {
                long now = mine.get();
                if (now == CLOSED) {
                    return;
                }
                if (bytes > now) {
                    throw new IllegalStateException("releasing " + bytes + " bytes of a share that holds " + now);
                }
                if (mine.compareAndSet(now, now - bytes)) {
                    give(bytes);
                    return;
                }
            }
        }

        /** Bytes this share holds (0 once closed). */
        public long held() {
            return Math.max(mine.get(), 0);
        }

        /** Gives back all this share holds; later reservations are refused. Idempotent. */
        public void close() {
            long had = mine.getAndSet(CLOSED);
            if (had > 0) {
                give(had);
            }
        }

        private static void requireNotNegative(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must not be negative: " + bytes);
            }
        }
    }
}
