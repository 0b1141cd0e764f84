package io.agentmesh.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link LinkChannel} over a Jakarta WebSocket session (wire-v1 §2). A sender only queues its binary
 * message; one writer at a time per channel, on a thread of {@link ChannelThreads}, takes the queue in
 * order and writes each message through the {@link WireFrameEncoder} with the session's blocking
 * remote, back to back, until the queue is empty. So a busy link costs one thread hand-off per batch of
 * messages, not per message (the container's asynchronous remote completes every write on another
 * thread), and the sender never waits for the socket: a reading thread that forwards a message, or a
 * worker that answers, goes on at once.
 * <p>
 * Fail closed: a write not done within the link's send timeout (the container's blocking write has no
 * timeout of its own: a watchdog checks), a failed write, or more than {@link #queueLimit} bytes
 * waiting (a peer that does not read) closes the WebSocket with 1001; the link session hears it as the
 * socket closing, and later sends fail. The bytes waiting are the link's send share of the node's
 * {@link MemoryBudget}, reserved as they are queued and given back as they are written or dropped: a
 * message the budget cannot hold closes the WebSocket with 1011 in the same way. Closing a socket whose write is stuck makes the container give
 * the write up (it forces the connection down after a few seconds), which frees the writer thread.
 * A {@linkplain #ping Ping} waits in the same queue, so it follows what was sent before it.
 * A socket {@linkplain #abandon abandoned} (its handshake never finished, or its link went silent) has its connection ended
 * {@link #ABANDON_LINGER} after the close if the peer has not answered it by then.
 */
final class WebSocketChannel implements LinkChannel {

    private static final Logger LOG = Logger.getLogger(WebSocketChannel.class.getName());
    private static final Duration MIN_WATCH = Duration.ofMillis(10);
    private static final Duration MAX_WATCH = Duration.ofSeconds(1);
    private static final CloseReason SEND_FAILED = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "send failed");
    private static final CloseReason NO_MEMORY = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "memory budget");

    /** Stands for a Ping in the queue (compared by identity; a binary message is never empty). */
    private static final WireFrame PING = new WireFrame(new byte[0]);

    /** How long an abandoned socket's peer has to answer the close before the connection is ended. */
    static final Duration ABANDON_LINGER = Duration.ofSeconds(1);

    private final Session session;
    private final ChannelThreads threads;
    private final long maxQueuedBytes;
    private final long sendTimeoutNanos;
    private final Duration watchEvery;
    private final MemoryBudget.Share memory;
    private final ArrayDeque<WireFrame> queue = new ArrayDeque<>();
    /** Whether {@link #PING} is in the queue. */
    private boolean pingQueued;
    /** Reserved in {@link #memory}. */
    private long queuedBytes;
    private boolean writing;
    private boolean watched;
    private IOException failure;
    private CloseReason failureClose;
    private CloseReason closeWhenWritten;
    private boolean abandoned;
    /** The channel threads' time, in nanoseconds, when the write in progress started; 0 while none is. */
    private volatile long writeStarted;

    /**
     * A channel whose writes may take {@code settings.sendTimeout()}, queueing up to {@link #queueLimit}
     * bytes as {@code memory} allows.
     */
    WebSocketChannel(Session session, LinkSettings settings, ChannelThreads threads, MemoryBudget memory) {
        this.session = session;
        this.threads = threads;
        this.memory = memory.sending();
        this.maxQueuedBytes = queueLimit(settings);
        this.sendTimeoutNanos = settings.sendTimeout().toNanos();
        Duration quarter = settings.sendTimeout().dividedBy(4);
        this.watchEvery = quarter.compareTo(MIN_WATCH) < 0 ? MIN_WATCH : quarter.compareTo(MAX_WATCH) > 0 ? MAX_WATCH : quarter;
    }

    /** Bytes that may wait to be written: two of the largest application messages, and 1 MiB besides. */
    static long queueLimit(LinkSettings settings) {
        return 2L * settings.maxMessageBytes() + (1 << 20);
    }

    @Override
    public void sendBinary(ByteBuffer message) throws IOException {
        byte[] bytes;
        if (message.hasArray() && message.arrayOffset() == 0 && message.position() == 0
                && message.remaining() == message.array().length) {
            bytes = message.array();
        } else {
            bytes = new byte[message.remaining()];
            message.get(bytes);
        }
        IOException overflow = null;
        CloseReason overflowClose = SEND_FAILED;
        Launch launch = Launch.NONE;
        synchronized (this) {
            requireWritable();
            if (queuedBytes + bytes.length > maxQueuedBytes) {
                overflow = new Failed(CloseCodes.GOING_AWAY, "more than " + maxQueuedBytes
                        + " bytes wait to be written: the peer does not read");
            } else if (!memory.reserve(bytes.length)) {
                overflow = new Failed(CloseCodes.INTERNAL_ERROR, "the node's memory budget cannot hold " + bytes.length
                        + " more bytes to send");
                overflowClose = NO_MEMORY;
            } else {
                queuedBytes += bytes.length;
                launch = enqueue(new WireFrame(bytes));
            }
        }
        if (overflow != null) {
            failed(overflow, overflowClose);
            throw overflow;
        }
        launch(launch);
    }

    /** Queues a Ping behind what waits to be written, unless one already waits there. */
    @Override
    public void ping() throws IOException {
        Launch launch = Launch.NONE;
        synchronized (this) {
            requireWritable();
            if (!pingQueued) {
                pingQueued = true;
                launch = enqueue(PING);
            }
        }
        launch(launch);
    }

    /** What a sender must start after queueing: nothing (a writer runs), a writer, or a writer and the watchdog. */
    private enum Launch { NONE, WRITER, WRITER_AND_WATCH }

    /** Under the lock: throws when the channel failed or is closing. */
    private void requireWritable() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (!session.isOpen() || closeWhenWritten != null) {
            throw new IOException("WebSocket closed");
        }
    }

    /** Under the lock: queues {@code frame} and says what the caller must start once it let go of the lock. */
    private Launch enqueue(WireFrame frame) {
        queue.add(frame);
        if (writing) {
            return Launch.NONE;
        }
        writing = true;
        boolean watch = !watched;
        watched = true;
        return watch ? Launch.WRITER_AND_WATCH : Launch.WRITER;
    }

    private void launch(Launch launch) throws IOException {
        if (launch == Launch.WRITER_AND_WATCH) {
            threads.scheduler().schedule(this::watch, watchEvery);
        }
        if (launch != Launch.NONE) {
            try {
                threads.executor().execute(this::writeQueued);
            } catch (RejectedExecutionException e) {
                IOException none = new IOException("no thread to write on: " + e.getMessage());
                failed(none, SEND_FAILED);
                throw none;
            }
        }
    }

    /** The writer: writes what is queued, in order, until nothing is; then closes if asked to meanwhile. */
    private void writeQueued() {
        while (true) {
            WireFrame next;
            CloseReason close = null;
            synchronized (this) {
                next = failure == null ? queue.poll() : null;
                if (next == null) {
                    writing = false;
                    close = failure == null ? closeWhenWritten : null;
                } else if (next == PING) {
                    pingQueued = false;
                } else {
                    queuedBytes -= next.bytes().length;
                    memory.release(next.bytes().length);
                }
            }
            if (next == null) {
                if (close != null) {
                    closeNow(close);
                }
                return;
            }
            writeStarted = threads.nanoTime().getAsLong() | 1;
            try {
                if (next == PING) {
                    session.getBasicRemote().sendPing(ByteBuffer.allocate(0));
                } else {
                    session.getBasicRemote().sendObject(next);
                }
            } catch (IOException | EncodeException | RuntimeException e) {
                failed(new IOException("send failed: " + e, e), SEND_FAILED);
                return;
            } finally {
                writeStarted = 0;
            }
        }
    }

    /** The watchdog, every quarter of the send timeout while the channel writes: a stuck write fails the channel. */
    private void watch() {
        long started = writeStarted;
        boolean again;
        synchronized (this) {
            again = failure == null && session.isOpen() && (writing || started != 0);
            watched = again;
        }
        if (started != 0 && threads.nanoTime().getAsLong() - started > sendTimeoutNanos) {
            failed(new IOException("a write took more than " + Duration.ofNanos(sendTimeoutNanos).toMillis()
                    + " ms: the peer does not read"), SEND_FAILED);
            return;
        }
        if (again) {
            threads.scheduler().schedule(this::watch, watchEvery);
        }
    }

    /**
     * Fails the channel: what is queued is dropped (its bytes go back to the budget, and the share closes),
     * later sends throw, and the socket closes with {@code close}.
     */
    private void failed(IOException e, CloseReason close) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = e;
            failureClose = close;
            queue.clear();
            queuedBytes = 0;
            memory.close();
        }
        LOG.log(Level.FINE, "WebSocket {0}: {1}", new Object[] {session.getId(), e.getMessage()});
        try {
            threads.executor().execute(() -> closeNow(close));   // a close may wait for a stuck write
        } catch (RejectedExecutionException rejected) {
            closeNow(close);
        }
    }

    /** Ends the connection of an abandoned socket on a writer thread (the scheduler's thread must not wait on it). */
    private void endConnection() {
        try {
            threads.executor().execute(() -> LibertyConnections.closeIfAwaitingClose(session));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "WebSocket {0}: no thread to end the connection on", session.getId());
        }
    }

    /**
     * Closes once the messages handed over before have been written (each within the send timeout); a
     * failed channel closes with the code of its failure.
     */
    @Override
    public void close(int code, String reason) {
        CloseReason close = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        synchronized (this) {
            if (failureClose != null) {
                close = failureClose;
            } else if (writing) {
                if (closeWhenWritten == null) {
                    closeWhenWritten = close;
                }
                return;
            }
        }
        closeNow(close);
    }

    /**
     * Closes as {@link #close}, and then, if the peer has not answered the close within
     * {@link #ABANDON_LINGER}, ends the connection ({@link LibertyConnections}) rather than let the
     * container hold it 30 s.
     */
    @Override
    public void abandon(int code, String reason) {
        synchronized (this) {
            abandoned = true;
        }
        close(code, reason);
    }

    private void closeNow(CloseReason close) {
        boolean cut;
        synchronized (this) {
            cut = abandoned;
        }
        try {
            if (session.isOpen()) {
                if (cut) {
                    threads.scheduler().schedule(this::endConnection, ABANDON_LINGER);
                }
                session.close(close);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing WebSocket {0}: {1}", new Object[] {session.getId(), e.toString()});
        }
    }
}
