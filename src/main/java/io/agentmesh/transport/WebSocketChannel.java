package io.agentmesh.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link LinkChannel} over a Jakarta WebSocket session (wire-v1 §2). Each binary message is written
 * through the {@link WireFrameEncoder} with the session's asynchronous remote, one at a time in the
 * order given: a message sent while another is being written waits in a queue, and the handler of each
 * write starts the next. So the session's sender never waits for the socket (the link's send lock is
 * held only while encrypting), and a peer that reads slowly costs queued bytes, not threads.
 * <p>
 * Fail closed: a write not done within the link's send timeout (the remote's send timeout) or failing,
 * or more than {@link #queueLimit} bytes waiting (a peer that does not read), closes the WebSocket with 1001;
 * the link session hears it as the socket closing, and later sends fail.
 */
final class WebSocketChannel implements LinkChannel {

    private static final Logger LOG = Logger.getLogger(WebSocketChannel.class.getName());
    /** Writes completed on the writing thread itself before the next is handed to another thread. */
    private static final int MAX_INLINE_DEPTH = 16;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Session session;
    private final long maxQueuedBytes;
    private final ArrayDeque<WireFrame> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean writing;
    private IOException failure;
    private CloseReason closeWhenWritten;

    /** A channel whose writes may take {@code settings.sendTimeout()}, queueing up to {@link #queueLimit} bytes. */
    WebSocketChannel(Session session, LinkSettings settings) {
        this.session = session;
        this.maxQueuedBytes = queueLimit(settings);
        session.getAsyncRemote().setSendTimeout(Math.max(1, settings.sendTimeout().toMillis()));
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
        WireFrame frame = new WireFrame(bytes);
        IOException overflow = null;
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            if (!session.isOpen() || closeWhenWritten != null) {
                throw new IOException("WebSocket closed");
            }
            if (writing && queuedBytes + bytes.length > maxQueuedBytes) {
                overflow = new IOException("more than " + maxQueuedBytes + " bytes wait to be written: the peer does not read");
            } else if (writing) {
                queue.add(frame);
                queuedBytes += bytes.length;
                return;
            } else {
                writing = true;
            }
        }
        if (overflow != null) {
            failed(overflow);
            throw overflow;
        }
        write(frame);
    }

    private void write(WireFrame frame) {
        try {
            session.getAsyncRemote().sendObject(frame, this::written);
        } catch (RuntimeException e) {
            failed(new IOException("send failed: " + e, e));
        }
    }

    /** The handler of each write: starts the next one, or closes the channel when it was asked to. */
    private void written(SendResult result) {
        if (!result.isOK()) {
            Throwable cause = result.getException();
            failed(new IOException("send failed: " + (cause == null ? "unknown" : cause.toString()), cause));
            return;
        }
        WireFrame next;
        CloseReason close = null;
        synchronized (this) {
            next = queue.poll();
            if (next != null) {
                queuedBytes -= next.bytes().length;
            } else {
                writing = false;
                close = closeWhenWritten;
            }
        }
        if (next == null) {
            if (close != null) {
                closeNow(close);
            }
            return;
        }
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_INLINE_DEPTH) {      // the container completed writes inline: unwind the stack
            WireFrame queued = next;
            CompletableFuture.runAsync(() -> write(queued));
            return;
        }
        depth[0]++;
        try {
            write(next);
        } finally {
            depth[0]--;
        }
    }

    private void failed(IOException e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
            queue.clear();
            queuedBytes = 0;
            writing = false;
        }
        LOG.log(Level.FINE, "WebSocket {0}: {1}", new Object[] {session.getId(), e.getMessage()});
        closeNow(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "send failed"));
    }

    /** Closes once the messages handed over before have been written (each within the send timeout). */
    @Override
    public void close(int code, String reason) {
        CloseReason close = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        synchronized (this) {
            if (writing && failure == null) {
                if (closeWhenWritten == null) {
                    closeWhenWritten = close;
                }
                return;
            }
        }
        closeNow(close);
    }

    private void closeNow(CloseReason close) {
        try {
            if (session.isOpen()) {
                session.close(close);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing WebSocket {0}: {1}", new Object[] {session.getId(), e.toString()});
        }
    }
}
