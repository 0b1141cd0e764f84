package io.agentmesh.transport;

/**
 * The hooks of whoever keeps the links of a node (the {@link LinkManager}) in a {@link LinkSession}'s life:
 * its handshake starting, its peer admitted, its end.
 */
public interface LinkKeeper {
    /**
     * The handshake completed and the trust policy admitted the peer: accept the link, or throw to
     * close it (for example 4005 for a duplicate, §5.6). The session is still in HANDSHAKE.
     */
    default void admit(LinkSession session) throws LinkProtocolException {
    }

    /**
     * A responder read the first message of the handshake and is about to do its work (key agreement,
     * signature): go on, or throw to close the link (4003 when too many handshakes are in progress).
     */
    default void handshakeStarted(LinkSession session) throws LinkProtocolException {
    }

    /** The session reached CLOSED (called once, whatever its state before). */
    default void closed(LinkSession session, int code, String reason) {
    }
}
