package io.agentmesh.transport;

import io.agentmesh.membership.Refusal;

/**
 * Hears the life of every link of a node (wire-v1 §3–4, §6), for metrics; the admin package implements
 * it, transport itself depends on no metrics library. Called on link threads: implementations are quick,
 * thread-safe and do not throw. Each method defaults to doing nothing.
 */
public interface LinkObserver {

    /** The handshake completed and the peer was admitted: the link is up. */
    default void linkUp(Link link) {
    }

    /**
     * The link closed with {@code closeCode}; {@code wasUp} is false when it closed before its handshake
     * completed (a failed or refused handshake).
     */
    default void linkClosed(Link link, boolean wasUp, int closeCode) {
    }

    /** One application message of {@code bytes} bytes arrived. */
    default void messageReceived(Link link, int bytes) {
    }

    /** One application message of {@code bytes} bytes was sent. */
    default void messageSent(Link link, int bytes) {
    }

    /**
     * The node's {@link MemoryBudget} refused a link more memory (a share's first refusal): the link
     * closes, with 1009 for an incoming message, 1011 for its send queue.
     */
    default void memoryRefused() {
    }

    /** The {@link DialGovernor} refused a dial. */
    default void dialRefused(DialRefusal reason) {
    }

    /**
     * A connection was refused because it would exceed a cap of {@link AdmissionLimits} (an upgrade
     * refused with 429 or 503, or a socket closed with 4003).
     */
    default void linkRefused(AdmissionRefusal reason) {
    }

    /**
     * A peer's membership certificate was refused in mode {@code CERTIFIED}: at its handshake, or later
     * (expired, revoked); the link is closed with 4003.
     */
    default void certificateRefused(Refusal reason) {
    }

    /**
     * A link was closed because nothing arrived on it for the liveness timeout ({@link KeepAlive}): its peer
     * died or the network between them broke without TCP saying so.
     */
    default void linkSilent() {
    }

    /** Observes nothing. */
    LinkObserver NONE = new LinkObserver() {
    };
}
