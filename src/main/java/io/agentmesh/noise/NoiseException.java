package io.agentmesh.noise;

import java.util.Objects;

/**
 * A Noise operation failed (Noise rev 34 §5, §7). The {@link Reason} tells the transport which close
 * code applies (wire-v1 §3, §4, §6): {@link Reason#SHORT_MESSAGE} → 4000; {@link Reason#DECRYPT_FAILED}
 * and {@link Reason#LOW_ORDER} → 4001 during the handshake, 4002 on transport messages.
 */
public final class NoiseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a Noise operation failed. */
    public enum Reason {
        /** A handshake message is shorter than its message pattern requires. */
        SHORT_MESSAGE,
        /** Authenticated decryption failed: tampered, truncated, replayed or reordered. */
        DECRYPT_FAILED,
        /** A DH result was all zeros: the remote public key has low order. */
        LOW_ORDER,
        /** The nonce reached 2^64-1, which is reserved. */
        NONCE_EXHAUSTED,
        /** A Noise message would exceed 65535 bytes. */
        MESSAGE_TOO_LONG,
        /** The operation is not allowed in the current state (failed, finished, wrong turn, destroyed). */
        INVALID_STATE
    }

    private final Reason reason;

    public NoiseException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public NoiseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
