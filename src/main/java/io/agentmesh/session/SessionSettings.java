package io.agentmesh.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of end-to-end sessions ({@code mesh.e2e.*}, docs/configuration.md).
 *
 * @param mode             when this node seals the requests it sends beyond its neighbours
 * @param handshakeTimeout how long a responder keeps a handshake whose message 3 has not come
 * @param idleTimeout      a session unused this long is dropped (by both ends)
 * @param lifetime         a session this old is replaced by a new handshake (the rekey), and dropped by its responder
 * @param maxSessions      sessions this node answers for at once; the least recently used goes first
 * @param maxHalfOpen      handshakes this node answers for at once, waiting for message 3
 * @param maxPerPeer       sessions one peer may hold with this node; its oldest goes first
 * @param handshakeRate    handshakes a second one neighbour may bring this node (they arrive on its link)
 * @param handshakeBurst   handshakes one neighbour may bring at once
 */
public record SessionSettings(Mode mode, Duration handshakeTimeout, Duration idleTimeout, Duration lifetime,
                              int maxSessions, int maxHalfOpen, int maxPerPeer, double handshakeRate,
                              int handshakeBurst) {

    /** When requests beyond the neighbours go sealed. */
    public enum Mode {
        /** Sealed to every node that takes sessions; in clear to a node that answers -32601 to {@code node/session_open}. */
        AUTO,
        /** Always sealed: a node that takes no sessions is not sent requests beyond a neighbour. */
        REQUIRED,
        /** Never sealed (requests go in clear, as wire-v1 alone has them). */
        OFF
    }

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    public static final int DEFAULT_MAX_SESSIONS = 1024;
    public static final int DEFAULT_MAX_HALF_OPEN = 128;
    public static final int DEFAULT_MAX_PER_PEER = 4;
    public static final double DEFAULT_HANDSHAKE_RATE = 10;
    public static final int DEFAULT_HANDSHAKE_BURST = 20;

    public SessionSettings {
        Objects.requireNonNull(mode, "mode");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(lifetime, "lifetime");
        if (maxSessions < 1 || maxHalfOpen < 1 || maxPerPeer < 1 || handshakeBurst < 1) {
            throw new IllegalArgumentException("session limits are at least 1");
        }
        if (!(handshakeRate > 0) || Double.isInfinite(handshakeRate)) {
            throw new IllegalArgumentException("the handshake rate is a positive number");
        }
    }

    /** The documented defaults, with {@code mode}. */
    public static SessionSettings defaults(Mode mode) {
        return new SessionSettings(mode, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_LIFETIME,
                DEFAULT_MAX_SESSIONS, DEFAULT_MAX_HALF_OPEN, DEFAULT_MAX_PER_PEER, DEFAULT_HANDSHAKE_RATE,
                DEFAULT_HANDSHAKE_BURST);
    }

    /** Parses a mode name, {@code auto}, {@code required} or {@code off} (any case). */
    public static Mode parseMode(String text) {
        for (Mode m : Mode.values()) {
            if (m.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("expected auto, required or off");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
