package io.agentmesh.transport;

import java.util.Arrays;

/** The WebSocket subprotocol of links (wire-v1 §2) and the check of an offer of it. */
public final class MeshSubprotocol {

    /** The one subprotocol a link speaks. */
    public static final String NAME = "agentmesh.v1";
    /** Path of the link endpoint at the root of the node's HTTP address. */
    public static final String PATH = "/mesh";
    /** The largest WebSocket binary message of a link, handshake or transport message (wire-v1 §4). */
    public static final int MAX_WIRE_MESSAGE = 65535;
    /** Largest binary message the WebSocket container buffers: above 65535, so that our own 4000 check sees oversize frames. */
    public static final int MAX_BUFFERED_MESSAGE = 1 << 20;

    private MeshSubprotocol() {
    }

    /** True when a {@code Sec-WebSocket-Protocol} header value (comma-separated tokens) offers {@value #NAME}. */
    public static boolean offered(String headerValue) {
        return headerValue != null && Arrays.stream(headerValue.split(","))
                .map(String::strip)
                .anyMatch(NAME::equals);
    }
}
