package io.agentmesh.transport;

import jakarta.websocket.Decoder;
import java.nio.ByteBuffer;

/**
 * Decodes one WebSocket binary message into a {@link WireFrame} (wire-v1 §2). Every binary message is a
 * frame: length rules depend on the link's state and are checked by the link session.
 */
public final class WireFrameDecoder implements Decoder.Binary<WireFrame> {

    @Override
    public WireFrame decode(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new WireFrame(bytes);
    }

    @Override
    public boolean willDecode(ByteBuffer buffer) {
        return buffer != null;
    }
}
