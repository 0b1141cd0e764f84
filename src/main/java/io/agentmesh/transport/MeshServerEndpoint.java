package io.agentmesh.transport;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The responder end of links (wire-v1 §2): {@code /mesh}, subprotocol {@code agentmesh.v1}, one
 * instance per connection, a thin adapter that hands every socket event to its {@link LinkSession},
 * which holds the admission ticket its upgrade reserved (a socket without one is closed with 4003).
 * Binary messages up to {@link MeshSubprotocol#MAX_BUFFERED_MESSAGE} bytes reach the session, which
 * closes oversize ones with 4000; a text message closes the link with 1003.
 */
@Dependent
@ServerEndpoint(value = MeshSubprotocol.PATH,
        subprotocols = MeshSubprotocol.NAME,
        configurator = MeshEndpointConfigurator.class,
        encoders = WireFrameEncoder.class,
        decoders = WireFrameDecoder.class)
public class MeshServerEndpoint {

    private static final Logger LOG = Logger.getLogger(MeshServerEndpoint.class.getName());

    @Inject
    MeshLinks links;

    private LinkSession link;

    @OnOpen
    public void open(Session session) throws IOException {
        if (!MeshSubprotocol.NAME.equals(session.getNegotiatedSubprotocol())) {
            session.close(new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, "subprotocol agentmesh.v1 required"));
            return;
        }
        Optional<LinkSession> accepted = links.accept(session);
        if (accepted.isEmpty()) {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(CloseCodes.REFUSED), "not admitted"));
            return;
        }
        session.setMaxBinaryMessageBufferSize(MeshSubprotocol.MAX_BUFFERED_MESSAGE);
        link = accepted.get();
        link.start();
    }

    @OnMessage(maxMessageSize = MeshSubprotocol.MAX_BUFFERED_MESSAGE)
    public void binary(WireFrame frame) {
        if (link != null) {
            link.onBinary(frame.bytes());
        }
    }

    @OnMessage
    public void text(String part, boolean last) {
        if (link != null) {
            link.onText();
        }
    }

    /** A Pong, the answer to the link's keep-alive Ping. */
    @OnMessage
    public void pong(PongMessage pong) {
        if (link != null) {
            link.onPong();
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        if (link != null) {
            link.onClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "WebSocket {0}: {1}", new Object[] {session.getId(), error.toString()});
        if (link != null) {
            link.onError(error);
        }
    }
}
