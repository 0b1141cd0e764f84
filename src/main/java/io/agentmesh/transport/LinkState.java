package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.LinkSession.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The life of one link (wire-v1 §6): HANDSHAKE → OPEN → CLOSED, where CLOSED is terminal and any
 * failure leads to it. It tells the {@link LinkListener} of the link going up, of each message and of
 * the link going down (once, and only for a link that was up), in order, through one
 * {@link SerialExecutor}; it closes the socket with the code of the failure, and has the link's secrets
 * wiped, each {@link Side} under its own lock, by whichever thread holds that side when the link closes.
 * Thread-safe.
 */
final class LinkState {

    /** Logs under the session's name, where the link's close lines have always been. */
    private static final Logger LOG = Logger.getLogger(LinkSession.class.getName());
    /** A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5.1). */
    private static final int MAX_REASON_BYTES = 123;

    /** What happens once the link has closed, after the socket and the listener were dealt with. */
    interface Closed {
        /** The link reached CLOSED with {@code code}; {@code wasUp} when it had been OPEN. Called once. */
        void closed(int code, String reason, boolean wasUp);
    }

    private final Link link;
    private final LinkChannel channel;
    private final LinkListener listener;
    private final Closed closed;
    private final SerialExecutor delivery;
    private final LogLimiter logs;
    private final Side reading = new Side();
    private final Side sending = new Side();

    private final Object lock = new Object();
    private volatile State state = State.HANDSHAKE;
    private boolean started;
    private boolean up;
    private int closeCode;
    private String closeReason;
    private volatile Instant openedAt;
    private volatile String lastError;

    /**
     * @param link     the link as the listener sees it
     * @param channel  the socket, closed with the code of the failure
     * @param listener told of the link's life, in order
     * @param executor runs listener calls that no reading thread drains (a close from another thread)
     * @param closed   runs once the link has closed
     * @param logs     limits the close lines of links that never opened
     */
    LinkState(Link link, LinkChannel channel, LinkListener listener, Executor executor, Closed closed, LogLimiter logs) {
        this.link = Objects.requireNonNull(link, "link");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.closed = Objects.requireNonNull(closed, "closed");
        this.delivery = new SerialExecutor(Objects.requireNonNull(executor, "executor"));
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    State state() {
        return state;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** True the first time it is called while in HANDSHAKE: the handshake may begin. */
    boolean start() {
        synchronized (lock) {
            if (started || state != State.HANDSHAKE) {
                return false;
            }
            started = true;
            return true;
        }
    }

    /** HANDSHAKE → OPEN at {@code now}, telling the listener {@code linkUp}; false when the link left HANDSHAKE. */
    boolean open(Instant now) {
        synchronized (lock) {
            if (state != State.HANDSHAKE) {
                return false;
            }
            openedAt = now;
            state = State.OPEN;
            up = true;
            delivery.enqueue(() -> listener.linkUp(link));
        }
        delivery.kick();
        return true;
    }

    /** Hands a received application message to the listener, after its earlier calls, while the link is open. */
    void deliver(byte[] applicationMessage) {
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            delivery.enqueue(() -> listener.message(link, applicationMessage));
        }
    }

    /** Runs the listener calls queued so far on this thread, the reading thread (see {@link SerialExecutor}). */
    void drainHere() {
        delivery.drainHere();
    }

    /** Closes with the violation's code (wire-v1 §6), logged at INFO when the peer is at fault. */
    void fail(LinkProtocolException violation) {
        int code = violation.closeCode();
        close(code, violation.reason(), CloseCodes.isPeerError(code) ? Level.INFO : Level.FINE);
    }

    /**
     * Moves to CLOSED with {@code code}, logs once, and closes the socket ({@linkplain LinkChannel#abandon
     * abandons} it when the link never opened). No-op when already closed. The
     * line of a link that never opened goes through the environment's {@link LogLimiter} (kind: the close
     * code), as anyone can open sockets that fail their handshake.
     */
    void close(int code, String reason, Level level) {
        close(code, reason, level, openedAt == null);
    }

    /** Closes as {@link #close} and abandons the socket even if the link was open: its peer is not there to answer. */
    void abandon(int code, String reason, Level level) {
        close(code, reason, level, true);
    }

    private void close(int code, String reason, Level level, boolean abandon) {
        if (!toClosed(code, reason)) {
            return;
        }
        if (code != CloseCodes.NORMAL && code != CloseCodes.GOING_AWAY) {
            lastError = code + " " + reason;
        }
        Object[] params = {link.id(), peerName(), Integer.toString(code), reason};
        if (openedAt == null) {
            logs.log(LOG, level, "handshake close " + code, "link {0} to {1}: closing, {2} {3}", params);
        } else {
            LOG.log(level, "link {0} to {1}: closing, {2} {3}", params);
        }
        if (abandon) {
            channel.abandon(code, truncate(reason));
        } else {
            channel.close(code, truncate(reason));
        }
        afterClosed(code, reason);
    }

    /** The socket closed (the peer's close frame, or the connection dropped): CLOSED with its code. */
    void closedBySocket(int code, String reason) {
        if (!toClosed(code, reason)) {
            return;
        }
        if (CloseCodes.isPeerError(code)) {
            lastError = "peer closed: " + code + " " + reason;
        }
        LOG.log(Level.FINE, "link {0} to {1}: closed by peer, {2} {3}", new Object[] {link.id(), peerName(), code, reason});
        afterClosed(code, reason);
    }

    private boolean toClosed(int code, String reason) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            closeCode = code;
            closeReason = reason;
            if (up) {
                delivery.enqueue(() -> listener.linkDown(link, code, reason));
            }
            return true;
        }
    }

    private void afterClosed(int code, String reason) {
        reading.wipeIfFree();
        sending.wipeIfFree();
        delivery.kick();
        closed.closed(code, reason, openedAt != null);
    }

    /** The code the link closed with (sent or received), or 0 while not closed. */
    int closeCode() {
        synchronized (lock) {
            return closeCode;
        }
    }

    /** The close reason, or null while not closed. */
    String closeReason() {
        synchronized (lock) {
            return closeReason;
        }
    }

    /** When the link turned OPEN, or null before. */
    Instant openedAt() {
        return openedAt;
    }

    /** The last failure, for the link's stats: a close code other than 1000 and 1001, or the peer's error. */
    String lastError() {
        return lastError;
    }

    /** The reading side: the handshake, then the receiving cipher and the partial message. */
    Side reading() {
        return reading;
    }

    /** The sending side: the sending cipher. */
    Side sending() {
        return sending;
    }

    private String peerName() {
        NodeId peer = link.peer();
        if (peer != null) {
            return peer.toString();
        }
        return link.remoteUrl() != null ? link.remoteUrl() : "(handshake)";
    }

    private static String truncate(String reason) {
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    /**
     * One side of the link's secrets, used by one thread at a time under the side's lock. What wipes
     * them is set when they are created; once the link has closed, they are wiped on the next release of
     * the lock, or at once by the closing thread when nobody holds it.
     */
    final class Side {
        private final ReentrantLock lock = new ReentrantLock();
        private Runnable wipe;

        void lock() {
            lock.lock();
        }

        /** Sets what wipes this side's secrets (replacing the previous one); the caller holds the lock. */
        void guard(Runnable wipe) {
            this.wipe = wipe;
        }

        /** Unlocks, wiping the secrets first when the link has closed and this is the outermost hold. */
        void release() {
            try {
                if (state == State.CLOSED && wipe != null && lock.getHoldCount() == 1) {
                    Runnable w = wipe;
                    wipe = null;
                    w.run();
                }
            } finally {
                lock.unlock();
            }
        }

        /** {@link #release()} if this thread holds the lock. */
        void releaseIfHeld() {
            if (lock.isHeldByCurrentThread()) {
                release();
            }
        }

        private void wipeIfFree() {
            if (lock.tryLock()) {
                release();
            }
        }
    }
}
