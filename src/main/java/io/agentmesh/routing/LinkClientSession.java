package io.agentmesh.routing;

import io.agentmesh.transport.Link;
import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A mesh link seen as the {@link ClientSession} of the requests that came in on it (wire-v1 §5: answers go back on that link). */
final class LinkClientSession implements ClientSession {

    private static final Logger LOG = Logger.getLogger(LinkClientSession.class.getName());

    private final Link link;
    private final JsonRpcCodec codec;

    LinkClientSession(Link link, JsonRpcCodec codec) {
        this.link = link;
        this.codec = codec;
    }

    @Override
    public String id() {
        return "link:" + link.id();
    }

    @Override
    public void sendNotification(String method, JsonObject params) {
        if (!link.send(codec.encode(new JsonRpc.Notification(method, params), link.binaryBoxes()))) {
            LOG.log(Level.FINE, () -> "dropped " + method + ": link " + link.id() + " is closed");
        }
    }

    @Override
    public boolean isOpen() {
        return link.isOpen();
    }
}
