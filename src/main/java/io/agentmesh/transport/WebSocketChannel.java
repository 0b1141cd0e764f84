package io.agentmesh.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link LinkChannel} over a Jakarta WebSocket session (wire-v1 §2): each send is one binary message
 * written through the {@link WireFrameEncoder} and waited for at most {@code sendTimeout}.
 */
final class WebSocketChannel implements LinkChannel {

    private static final Logger LOG = Logger.getLogger(WebSocketChannel.class.getName());

    private final Session session;
    private final Duration sendTimeout;

    WebSocketChannel(Session session, Duration sendTimeout) {
        this.session = session;
        this.sendTimeout = sendTimeout;
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
        if (!session.isOpen()) {
            throw new IOException("WebSocket closed");
        }
        Future<Void> sent = session.getAsyncRemote().sendObject(new WireFrame(bytes));
        try {
            sent.get(sendTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new IOException("send not done within " + sendTimeout);
        } catch (ExecutionException e) {
            throw new IOException("send failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending");
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing WebSocket {0}: {1}", new Object[] {session.getId(), e.toString()});
        }
    }
}
