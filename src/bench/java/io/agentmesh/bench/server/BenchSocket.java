package io.agentmesh.bench.server;

import io.agentmesh.node.MeshConfig;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The plaintext baseline of the mesh benchmark (docs/benchmarks.md): a WebSocket at {@code /bench/echo}
 * that sends every binary or text message back as it came, with no encryption and no routing. It
 * exists only when {@code mesh.bench.enabled=true} and for loopback clients ({@link BenchFilter}
 * answers 404 otherwise); messages are at most 64 KiB.
 */
@Dependent
@ServerEndpoint(BenchSocket.PATH)
public class BenchSocket {

    public static final String PATH = "/bench/echo";
    static final int MAX_MESSAGE = 64 * 1024;

    @Inject
    MeshConfig config;

    @OnOpen
    public void open(Session session) throws IOException {
        if (!config.benchEnabled()) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "benchmarks are off"));
        }
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public void binary(ByteBuffer message, Session session) throws IOException {
        session.getBasicRemote().sendBinary(message);
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public void text(String message, Session session) throws IOException {
        session.getBasicRemote().sendText(message);
    }
}
