package io.agentmesh.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The socket under a link session, as the session sees it: send one binary message, close with a code.
 * The WebSocket adapters implement it; tests fake it in memory.
 */
public interface LinkChannel {

    /**
     * Sends one WebSocket binary message and returns once it is handed to the socket. The session calls
     * it from one thread at a time. The channel may keep {@code message}.
     */
    void sendBinary(ByteBuffer message) throws IOException;

    /**
     * Sends a WebSocket Ping (RFC 6455 §5.5.2) after the binary messages handed over before it. The peer's
     * WebSocket answers with a Pong, which the socket adapter hands to {@link LinkSession#onPong}. A channel
     * may skip a ping while an earlier one still waits to be written.
     */
    void ping() throws IOException;

    /** Closes the WebSocket with {@code code} and {@code reason} (at most 123 bytes of UTF-8). Idempotent. */
    void close(int code, String reason);

    /**
     * A send that the channel refused and for which it closes the WebSocket with {@link #closeCode()} (a
     * full send queue, the node's memory budget): the session closes with the same code.
     */
    final class Failed extends IOException {
        private static final long serialVersionUID = 1L;
        private final int closeCode;

        public Failed(int closeCode, String message) {
            super(message);
            this.closeCode = closeCode;
        }

        public int closeCode() {
            return closeCode;
        }
    }

    /**
     * Closes as {@link #close} a socket whose handshake never finished (its deadline passed, it failed, or
     * it was refused), without holding the connection long for the peer's close reply: a peer that stays
     * silent does not send one. By default, the same as {@link #close}.
     */
    default void abandon(int code, String reason) {
        close(code, reason);
    }
}
