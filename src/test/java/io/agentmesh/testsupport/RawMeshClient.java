package io.agentmesh.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw WebSocket peer on the JDK's {@code java.net.http.WebSocket}, for integration tests of
 * {@code /mesh}: sends whatever bytes or text it is told to, and queues what the node sends back
 * (binary messages, and the close code).
 */
public final class RawMeshClient implements MeshSocket {

    private final WebSocket socket;
    private final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private volatile boolean reading = true;

    private RawMeshClient(URI url, List<String> subprotocols, Map<String, String> headers) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        this.socket = builder.buildAsync(url, new Listener()).get(20, TimeUnit.SECONDS);
    }

    /** Connects to {@code url} offering {@code agentmesh.v1}. */
    public static RawMeshClient connect(String url) throws Exception {
        return new RawMeshClient(URI.create(url), List.of("agentmesh.v1"), Map.of());
    }

    /** Connects offering exactly {@code subprotocols} (none when empty). */
    public static RawMeshClient connect(String url, List<String> subprotocols) throws Exception {
        return new RawMeshClient(URI.create(url), subprotocols, Map.of());
    }

    /** Connects offering exactly {@code subprotocols}, with {@code headers} in the upgrade request (an Origin, say). */
    public static RawMeshClient connect(String url, List<String> subprotocols, Map<String, String> headers) throws Exception {
        return new RawMeshClient(URI.create(url), subprotocols, headers);
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public void sendBinary(byte[] message) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(message), true).get(20, TimeUnit.SECONDS);
    }

    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(20, TimeUnit.SECONDS);
    }

    /** Closes from this side with {@code code}. */
    public void sendClose(int code, String reason) throws Exception {
        socket.sendClose(code, reason).get(20, TimeUnit.SECONDS);
    }

    @Override
    public byte[] receiveBinary() throws Exception {
        byte[] message = pollBinary(Duration.ofSeconds(20));
        if (message == null) {
            throw new AssertionError("no binary message within 20 s" + (closed.isDone() ? "; closed " + closed.getNow(null) : ""));
        }
        return message;
    }

    @Override
    public byte[] pollBinary(Duration wait) throws InterruptedException {
        return binary.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Close awaitClose() throws Exception {
        return closed.get(30, TimeUnit.SECONDS);
    }

    /**
     * Stops reading from the socket (the next message received is the last one taken): the node's writes
     * to this peer then back up, as for a peer that does not read.
     */
    public void stopReading() {
        reading = false;
    }

    @Override
    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test over");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                binary.add(partial.toByteArray());
                partial.reset();
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }
    }
}
