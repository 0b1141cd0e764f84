package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket writer of a link: one asynchronous write at a time, in order, the rest queued; a bounded
 * queue, failed writes and deferred closes all end closed. The container's session is a stand-in that
 * records each write and lets the test complete it.
 */
class WebSocketChannelTest {

    /** A session whose asynchronous remote records writes; the test completes them. */
    private static final class FakeSession {
        final List<WireFrame> written = new ArrayList<>();
        final List<SendHandler> handlers = new ArrayList<>();
        long sendTimeout;
        boolean open = true;
        CloseReason closed;

        final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote();
                    case "isOpen" -> open;
                    case "getId" -> "fake";
                    case "close" -> {
                        closed = args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "") : (CloseReason) args[0];
                        open = false;
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private RemoteEndpoint.Async remote() {
            return (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "setSendTimeout" -> {
                            sendTimeout = (Long) args[0];
                            yield null;
                        }
                        case "sendObject" -> {
                            if (pendingCount() > 0) {
                                throw new IllegalStateException("a write is already outstanding");
                            }
                            written.add((WireFrame) args[0]);
                            handlers.add((SendHandler) args[1]);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private int completed;

        int pendingCount() {
            return handlers.size() - completed;
        }

        /** Completes the oldest outstanding write. */
        void complete(SendResult result) {
            handlers.get(completed++).onResult(result);
        }
    }

    private static final LinkSettings SETTINGS = LinkSettings.defaults().withMaxMessageBytes(1000);
    private final FakeSession fake = new FakeSession();
    private final WebSocketChannel channel = new WebSocketChannel(fake.session, SETTINGS);

    private static ByteBuffer bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }

    @Test
    void writesOneAtATimeInTheOrderGivenWithTheSendTimeout() throws Exception {
        assertEquals(SETTINGS.sendTimeout().toMillis(), fake.sendTimeout);
        channel.sendBinary(bytes(3, 1));
        channel.sendBinary(bytes(3, 2));
        channel.sendBinary(bytes(3, 3));
        assertEquals(1, fake.written.size(), "the next write waits for the first to complete");
        fake.complete(new SendResult());
        assertEquals(2, fake.written.size());
        fake.complete(new SendResult());
        fake.complete(new SendResult());
        assertEquals(3, fake.written.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(bytes(3, i + 1).array(), fake.written.get(i).bytes());
        }
        assertEquals(0, fake.pendingCount());
        channel.sendBinary(bytes(1, 4));                  // idle again: written at once
        assertEquals(4, fake.written.size());
    }

    @Test
    void aPeerThatDoesNotReadIsClosedWhenTheQueueIsFull() throws Exception {
        long limit = WebSocketChannel.queueLimit(SETTINGS);
        channel.sendBinary(bytes(10, 0));                 // outstanding, never completed
        int chunk = 64 * 1024;
        long queued = 0;
        while (queued + chunk <= limit) {
            channel.sendBinary(bytes(chunk, 1));
            queued += chunk;
        }
        IOException full = assertThrows(IOException.class, () -> channel.sendBinary(bytes(chunk, 2)));
        assertTrue(full.getMessage().contains("does not read"), full.getMessage());
        assertEquals(CloseReason.CloseCodes.GOING_AWAY, fake.closed.getCloseCode());
        assertThrows(IOException.class, () -> channel.sendBinary(bytes(1, 3)), "later sends fail");
    }

    @Test
    void aFailedOrTimedOutWriteClosesTheSocketAndLaterSendsFail() throws Exception {
        channel.sendBinary(bytes(5, 1));
        channel.sendBinary(bytes(5, 2));
        fake.complete(new SendResult(new java.net.SocketTimeoutException("write timed out")));
        assertEquals(CloseReason.CloseCodes.GOING_AWAY, fake.closed.getCloseCode());
        assertEquals(1, fake.written.size(), "what was queued is not written after a failure");
        IOException later = assertThrows(IOException.class, () -> channel.sendBinary(bytes(1, 3)));
        assertTrue(later.getMessage().contains("write timed out"), later.getMessage());
    }

    @Test
    void aCloseWaitsUntilWhatWasSentBeforeIsWritten() throws Exception {
        channel.sendBinary(bytes(5, 1));
        channel.sendBinary(bytes(5, 2));
        channel.close(1000, "bye");
        assertNull(fake.closed, "not while writes are outstanding");
        assertThrows(IOException.class, () -> channel.sendBinary(bytes(1, 3)), "nothing is taken after close");
        fake.complete(new SendResult());
        assertNull(fake.closed);
        fake.complete(new SendResult());
        assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE, fake.closed.getCloseCode());
        assertEquals("bye", fake.closed.getReasonPhrase());
        assertEquals(2, fake.written.size());
    }

    @Test
    void anIdleChannelClosesAtOnce() {
        channel.close(4003, "refused by policy");
        assertEquals(4003, fake.closed.getCloseCode().getCode());
    }
}
