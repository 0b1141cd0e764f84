package io.agentmesh.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The initiator end of one link (wire-v1 §2), a thin adapter like {@link MeshServerEndpoint}: checks
 * that the server selected {@code agentmesh.v1}, creates the session over the socket, starts it, and
 * hands it every socket event.
 */
final class MeshClientEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(MeshClientEndpoint.class.getName());

    private final Function<LinkChannel, LinkSession> sessionFactory;
    private final LinkSettings settings;
    private final ChannelThreads threads;
    private final MemoryBudget memory;
    private final CompletableFuture<LinkSession> opened = new CompletableFuture<>();
    private volatile LinkSession link;

    MeshClientEndpoint(Function<LinkChannel, LinkSession> sessionFactory, LinkSettings settings, ChannelThreads threads,
                       MemoryBudget memory) {
        this.sessionFactory = sessionFactory;
        this.settings = settings;
        this.threads = threads;
        this.memory = memory;
    }

    CompletableFuture<LinkSession> opened() {
        return opened;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (opened.isDone()) { // the dial timed out meanwhile
            closeQuietly(session, CloseReason.CloseCodes.GOING_AWAY, "dial timed out");
            return;
        }
        if (!MeshSubprotocol.NAME.equals(session.getNegotiatedSubprotocol())) {
            opened.completeExceptionally(new IOException("the server did not select agentmesh.v1 (got '"
                    + session.getNegotiatedSubprotocol() + "')"));
            closeQuietly(session, CloseReason.CloseCodes.PROTOCOL_ERROR, "subprotocol agentmesh.v1 required");
            return;
        }
        session.setMaxBinaryMessageBufferSize(MeshSubprotocol.MAX_BUFFERED_MESSAGE);
        LinkSession created = sessionFactory.apply(new WebSocketChannel(session, settings, threads, memory));
        link = created;
        session.addMessageHandler(WireFrame.class, (MessageHandler.Whole<WireFrame>) frame -> created.onBinary(frame.bytes()));
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> created.onText());
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> created.onPong());
        created.start();
        opened.complete(created);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        LinkSession s = link;
        if (s != null) {
            s.onClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        } else {
            opened.completeExceptionally(new IOException("closed before open: " + reason));
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LinkSession s = link;
        if (s != null) {
            s.onError(error);
        } else {
            opened.completeExceptionally(error);
        }
    }

    private static void closeQuietly(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing WebSocket: {0}", e.toString());
        }
    }
}
