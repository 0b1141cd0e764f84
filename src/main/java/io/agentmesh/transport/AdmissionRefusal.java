package io.agentmesh.transport;

import java.util.Locale;

/**
 * Why a connection to {@code /mesh} was refused: a rule of {@link MeshUpgradeGate} it broke, or the cap of
 * {@link AdmissionLimits} it would have exceeded ({@link LinkAdmission}). A fixed set, so its
 * {@link #label()} is a bounded metric label.
 */
public enum AdmissionRefusal {
    /** The upgrade does not offer the subprotocol {@code agentmesh.v1}: HTTP 400 (wire-v1 §2). */
    SUBPROTOCOL(400),
    /** The upgrade carries an {@code Origin} that {@code mesh.link.allowed-origins} does not list: HTTP 403 (wire-v1 §2). */
    ORIGIN(403),
    /** {@link AdmissionLimits#maxPendingPerAddress()}: the upgrade gets HTTP 429. */
    PENDING_PER_ADDRESS(429),
    /** {@link AdmissionLimits#maxPending()}: the upgrade gets HTTP 503. */
    PENDING(503),
    /** {@link AdmissionLimits#maxHandshakes()}: the socket is closed with 4003 on message 1. */
    HANDSHAKES(503),
    /** {@link AdmissionLimits#maxLinksPerAddress()}: HTTP 429 at the upgrade, or 4003 after the handshake. */
    LINKS_PER_ADDRESS(429),
    /** {@link AdmissionLimits#maxLinks()}: HTTP 503 at the upgrade, or 4003 after the handshake. */
    LINKS(503),
    /** {@link AdmissionLimits#maxLinksPerPeer()}: 4003 after the handshake. */
    LINKS_PER_PEER(429);

    private final int httpStatus;

    AdmissionRefusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /**
     * The HTTP status of an upgrade refused for this reason: 400 or 403 for a rule, 429 for a cap per address
     * or peer, else 503.
     */
    public int httpStatus() {
        return httpStatus;
    }

    /** The metric label: the name in lowercase ({@code pending_per_address}, ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
