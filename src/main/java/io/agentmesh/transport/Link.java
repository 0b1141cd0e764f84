package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An established, encrypted link to a peer (wire-v1 §4): what the layers above see of a link session
 * once its handshake has completed. Thread-safe.
 */
public interface Link {

    /** A process-unique id for logs and the admin API. */
    String id();

    /** The peer's node id, from its verified identity payload. */
    NodeId peer();

    /** Where the peer says it accepts connections (its identity payload's {@code addrs}). */
    List<String> peerAddrs();

    /**
     * The groups of the peer's membership certificate, as its identity payload proved them; empty when it
     * presented none.
     */
    default Set<String> peerGroups() {
        return Set.of();
    }

    /**
     * True when both ends take sealed boxes in binary (their identity payloads list
     * {@link IdentityPayload#BINARY_BOX}): messages holding one may then travel in the binary form.
     */
    default boolean binaryBoxes() {
        return false;
    }

    /** True when this node dialed the link (the Noise initiator). */
    boolean outbound();

    /** The URL this node dialed, or null for an inbound link. */
    String remoteUrl();

    Instant establishedAt();

    /**
     * Sends one application message (UTF-8 JSON, or a message's binary form where {@link #binaryBoxes()}),
     * split into transport messages as needed.
     * Returns false when the link is no longer open (the message was not sent).
     */
    boolean send(byte[] applicationMessage);

    /** Closes the link with a WebSocket close code of wire-v1 §6 (or 1000 / 1001). */
    void close(int code, String reason);

    boolean isOpen();

    /**
     * True once the link was closed because nothing arrived on it for the liveness timeout ({@link KeepAlive}):
     * its peer died or the network between them broke, so a dial of the peer's addresses now would likely
     * wait out the connect timeout.
     */
    default boolean wentSilent() {
        return false;
    }

    LinkStats stats();
}
