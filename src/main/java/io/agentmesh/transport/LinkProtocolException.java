package io.agentmesh.transport;

/**
 * A violation of wire-v1 §2–4 that ends a link: carries the close code of §6 the link closes with and a
 * short reason (sent in the close frame, so kept under 123 bytes of UTF-8). Thrown without a stack
 * trace: it reports a peer's misbehaviour, not a bug here.
 */
public final class LinkProtocolException extends Exception {

    private final int closeCode;

    public LinkProtocolException(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    /** The WebSocket close code the link ends with. */
    public int closeCode() {
        return closeCode;
    }

    /** The close reason. */
    public String reason() {
        return getMessage();
    }
}
