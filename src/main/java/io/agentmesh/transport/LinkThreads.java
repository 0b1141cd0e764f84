package io.agentmesh.transport;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The threads the links of a node run on, made and stopped by the node (docs/architecture.md,
 * "Threads"): listener calls not made on a link's reading thread, blocking WebSocket connects, link
 * writers (at most one per link at a time; a link that finds none free is closed with 1001), and the
 * timers of handshake deadlines, redials and the writers' watchdog. The listener and dial queues are
 * bounded ({@link #LISTENER_QUEUE}, {@link #DIAL_QUEUE}).
 */
public record LinkThreads(ExecutorService listeners, ExecutorService dials, ExecutorService writers,
                          ScheduledExecutorService timers) {

    /** Threads that run link listener calls not made on a link's reading thread (each link's calls stay in order). */
    public static final int LISTENER_THREADS = 4;
    /**
     * At most this many links write at the same moment, each on its own thread (blocked while its socket
     * takes a write, at most the send timeout).
     */
    public static final int MAX_WRITER_THREADS = 1024;
    /** Threads that run blocking WebSocket connects. */
    public static final int DIAL_THREADS = 8;
    /**
     * Listener drains waiting for a listener thread (at most one per link at a time); beyond it the thread
     * that hands one over runs it itself, so no link event is lost.
     */
    public static final int LISTENER_QUEUE = 4096;
    /** Connects (and name lookups) waiting for a dial thread; beyond it a dial fails at once. */
    public static final int DIAL_QUEUE = 256;

    public LinkThreads {
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(dials, "dials");
        Objects.requireNonNull(writers, "writers");
        Objects.requireNonNull(timers, "timers");
    }
}
