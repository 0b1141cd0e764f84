package io.agentmesh.transport;

import java.util.Objects;

/**
 * One WebSocket binary message of a link (wire-v1 §2): a Noise handshake message or a transport
 * message, as raw bytes. Which one it is, and what lengths are allowed, depends on the link's state,
 * so the link session judges it, not the codec. The frame owns {@code bytes}: the array is neither
 * copied nor changed after construction (frames are hot-path objects of up to 64 KiB).
 */
public record WireFrame(byte[] bytes) {

    public WireFrame {
        Objects.requireNonNull(bytes, "bytes");
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WireFrame frame && java.util.Arrays.equals(bytes, frame.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WireFrame[" + bytes.length + " bytes]";
    }
}
