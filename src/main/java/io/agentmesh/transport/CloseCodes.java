package io.agentmesh.transport;

/**
 * WebSocket close codes a link ends with (wire-v1 §6), plus the two standard ones a link uses for an
 * orderly end (RFC 6455 §7.4.1).
 */
public final class CloseCodes {

    /** Orderly close; also used when a send counter would reach 2^64 − 1 (wire-v1 §4). */
    public static final int NORMAL = 1000;
    /** The node is shutting down. */
    public static final int GOING_AWAY = 1001;
    /** A text message arrived (wire-v1 §2). */
    public static final int TEXT_MESSAGE = 1003;
    /**
     * The link failed here for an unexpected reason (RFC 6455: internal error), or the node's memory budget
     * cannot hold a message to send on it.
     */
    public static final int INTERNAL_ERROR = 1011;
    /** An application message over the size limit (wire-v1 §4). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Protocol error: bad flags, a transport message of bad length, a short handshake message. */
    public static final int PROTOCOL_ERROR = 4000;
    /** Handshake failed: signature, identity payload, dialed id mismatch, undecryptable message, low-order key. */
    public static final int HANDSHAKE_FAILED = 4001;
    /** A transport message failed to decrypt. */
    public static final int DECRYPT_FAILED = 4002;
    /** Refused by policy. */
    public static final int REFUSED = 4003;
    /** Handshake deadline passed. */
    public static final int HANDSHAKE_TIMEOUT = 4004;
    /** Duplicate link (wire-v1 §5.6). */
    public static final int DUPLICATE_LINK = 4005;

    private CloseCodes() {
    }

    /** A short name of a close code, for logs and the admin API. */
    public static String name(int code) {
        return switch (code) {
            case NORMAL -> "normal";
            case GOING_AWAY -> "going away";
            case TEXT_MESSAGE -> "text message";
            case MESSAGE_TOO_BIG -> "message too big";
            case INTERNAL_ERROR -> "internal error";
            case PROTOCOL_ERROR -> "protocol error";
            case HANDSHAKE_FAILED -> "handshake failed";
            case DECRYPT_FAILED -> "decrypt failed";
            case REFUSED -> "refused by policy";
            case HANDSHAKE_TIMEOUT -> "handshake deadline passed";
            case DUPLICATE_LINK -> "duplicate link";
            default -> "code " + code;
        };
    }

    /** True for a code that reports a peer's misbehaviour rather than an orderly end. */
    public static boolean isPeerError(int code) {
        return code == TEXT_MESSAGE || code == MESSAGE_TOO_BIG
                || (code >= PROTOCOL_ERROR && code <= HANDSHAKE_TIMEOUT);
    }
}
