package io.agentmesh.testsupport;

import io.agentmesh.transport.LinkChannel;
import io.agentmesh.transport.LinkManager;
import io.agentmesh.transport.LinkSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Dials links with the JDK's {@code java.net.http.WebSocket} (wire-v1 §2), for mesh peers that run
 * outside a Jakarta container (tests, the load tool): offers {@code agentmesh.v1}, checks it was
 * selected, and feeds the socket's events to the production {@link LinkSession}.
 */
public final class JdkWebSocketDialer implements LinkManager.Dialer {

    private static final String SUBPROTOCOL = "agentmesh.v1";

    private final HttpClient http;

    public JdkWebSocketDialer(HttpClient http) {
        this.http = http;
    }

    public static JdkWebSocketDialer create() {
        return new JdkWebSocketDialer(HttpClient.newHttpClient());
    }

    @Override
    public CompletionStage<LinkSession> connect(URI url, Duration timeout, Function<LinkChannel, LinkSession> sessionFactory) {
        Events events = new Events();
        return http.newWebSocketBuilder().connectTimeout(timeout).subprotocols(SUBPROTOCOL)
                .buildAsync(url, events)
                .thenApply(socket -> {
                    if (!SUBPROTOCOL.equals(socket.getSubprotocol())) {
                        socket.abort();
                        throw new CompletionException(new IOException("the server did not select " + SUBPROTOCOL));
                    }
                    LinkSession session = sessionFactory.apply(new Channel(socket));
                    events.session.complete(session);
                    session.start();
                    socket.request(1);
                    return session;
                });
    }

    /**
     * The socket as a {@link LinkChannel}. The JDK's WebSocket takes one send at a time, so each send
     * is chained after the one before (the session calls in wire order, under its send lock) instead of
     * awaited: the caller, often the thread that delivers received messages, never blocks on the socket.
     * A send that fails aborts the socket, which reports the error to the session.
     */
    private static final class Channel implements LinkChannel {
        private final WebSocket socket;
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

        Channel(WebSocket socket) {
            this.socket = socket;
        }

        @Override
        public synchronized void sendBinary(ByteBuffer message) throws IOException {
            if (socket.isOutputClosed()) {
                throw new IOException("WebSocket output closed");
            }
            sending = sending.thenCompose(s -> socket.sendBinary(message, true));
            sending.whenComplete((s, e) -> {
                if (e != null) {
                    socket.abort();
                }
            });
        }

        @Override
        public synchronized void ping() throws IOException {
            if (socket.isOutputClosed()) {
                throw new IOException("WebSocket output closed");
            }
            sending = sending.thenCompose(s -> socket.sendPing(ByteBuffer.allocate(0)));
        }

        @Override
        public void close(int code, String reason) {
            CompletableFuture<WebSocket> pending;
            synchronized (this) {
                pending = sending;
            }
            pending.handle((s, e) -> null).thenRun(() -> {
                if (!socket.isOutputClosed()) {
                    socket.sendClose(code, reason).orTimeout(5, TimeUnit.SECONDS)
                            .whenComplete((s, e) -> socket.abort());
                }
            });
        }
    }

    /** Socket events, handed to the session once it exists (nothing is requested before that). */
    private static final class Events implements WebSocket.Listener {
        final CompletableFuture<LinkSession> session = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            // the first request(1) comes once the session has started
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                session.join().onBinary(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            session.join().onText();
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            session.join().onPong();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            session.thenAccept(s -> s.onClosed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            session.thenAccept(s -> s.onError(error));
        }
    }
}
