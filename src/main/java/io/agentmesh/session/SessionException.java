package io.agentmesh.session;

/**
 * A session message that this node cannot take, with the JSON-RPC error code it is answered with
 * (docs/protocol.md, "End-to-end sessions", errors).
 */
public final class SessionException extends Exception {

    /** The destination holds no session under that id (it expired, or the node restarted): handshake again. */
    public static final int UNKNOWN_SESSION = -32066;
    /** A sealed message failed to open: tampered, truncated, replayed, or too old. */
    public static final int REJECTED = -32067;
    /** The end-to-end handshake failed: a bad message, signature or identity payload. */
    public static final int HANDSHAKE_FAILED = -32068;
    /** The peer is refused by this node's policy (wire-v1 §5.5). */
    public static final int FORBIDDEN = -32064;
    /** Too many handshakes in progress (wire-v1 §5.5: the node sheds load). */
    public static final int OVERLOADED = -32065;
    /** Malformed params of a session operation (JSON-RPC invalid params). */
    public static final int INVALID_PARAMS = -32602;

    private final int code;

    public SessionException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }
}
