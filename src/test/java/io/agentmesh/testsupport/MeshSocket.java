package io.agentmesh.testsupport;

import java.time.Duration;

/**
 * A WebSocket to {@code /mesh} as a {@link RawLink} drives it: binary messages both ways, and the close
 * the node sent. {@link RawMeshClient} runs on the JDK's client, {@link SocketMeshClient} on a plain
 * socket from a chosen local address.
 */
public interface MeshSocket extends AutoCloseable {

    /** The close the node sent: code and reason (1006 when the connection ended without one). */
    record Close(int code, String reason) { }

    void sendBinary(byte[] message) throws Exception;

    /** The next binary message from the node; fails after 20 s. */
    byte[] receiveBinary() throws Exception;

    /** The next binary message from the node, or null when none comes within {@code wait}. */
    byte[] pollBinary(Duration wait) throws Exception;

    /** The close the node sent; fails after 30 s. */
    Close awaitClose() throws Exception;

    /** Whether the node closed the socket (or the connection ended). */
    boolean isClosed();

    @Override
    void close();
}
