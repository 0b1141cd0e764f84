package io.agentmesh.transport;

import jakarta.websocket.Encoder;
import java.nio.ByteBuffer;

/** Encodes a {@link WireFrame} as one WebSocket binary message (wire-v1 §2). */
public final class WireFrameEncoder implements Encoder.Binary<WireFrame> {

    @Override
    public ByteBuffer encode(WireFrame frame) {
        return ByteBuffer.wrap(frame.bytes());
    }
}
