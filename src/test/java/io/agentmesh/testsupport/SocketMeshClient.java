package io.agentmesh.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MeshSocket} on a {@link SocketUpgrade} from a chosen local address (any of 127.0.0.0/8 on
 * Linux), for tests that open more links than one address may hold. A thread reads what the node sends,
 * as the JDK's client does: binary messages are queued, and the node's close is recorded and ends the
 * socket, so that a send blocked on a node that stopped reading fails.
 */
public final class SocketMeshClient implements MeshSocket {

    private final SocketUpgrade socket;
    private final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();

    private SocketMeshClient(SocketUpgrade socket) {
        this.socket = socket;
        Thread reader = new Thread(this::read, "socket-mesh-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Upgrades a socket from {@code localAddress} to {@code 127.0.0.1:port}; fails unless the node answers 101. */
    public static SocketMeshClient connect(String localAddress, int port) throws IOException {
        SocketUpgrade socket = SocketUpgrade.open(localAddress, port);
        if (socket.status() != 101) {
            socket.close();
            throw new AssertionError("upgrade from " + localAddress + " answered " + socket.status());
        }
        socket.readTimeout(0);
        return new SocketMeshClient(socket);
    }

    private void read() {
        try {
            while (true) {
                SocketUpgrade.Frame frame = socket.receive();
                if (frame.isClose()) {
                    closed.complete(frame.closeCode() == -1 ? new Close(1006, "connection ended")
                            : new Close(frame.closeCode(), frame.closeReason()));
                    break;
                }
                binary.add(frame.binary());
            }
        } catch (IOException e) {
            closed.complete(new Close(1006, e.toString()));
        }
        socket.close();
    }

    /** Whether the reading thread answers the node's Pings (it does unless told otherwise: {@link SocketUpgrade#answerPings}). */
    public void answerPings(boolean answer) {
        socket.answerPings(answer);
    }

    @Override
    public void sendBinary(byte[] message) throws IOException {
        socket.sendBinary(message);
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

    @Override
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes from this side with 1000, then ends the connection. */
    @Override
    public void close() {
        try {
            if (!closed.isDone()) {
                socket.sendClose(1000, "test over");
            }
        } catch (IOException e) {
            // ending the connection anyway
        }
        socket.close();
    }
}
