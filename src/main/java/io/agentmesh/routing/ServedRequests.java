package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.Link;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the requests this node is serving for each link (wire-v1 §4 last bullets, §5): at most
 * {@link RoutingSettings#maxServedPerLink()} at once per link ({@code -32065} beyond), an id used once
 * among them ({@code -32600} for one in use), each with the {@link Cancellation} that the peer's
 * {@code notifications/cancelled} sets, and all of a link's cancelled when it goes down. Thread-safe.
 */
final class ServedRequests {

    private static final Logger LOG = Logger.getLogger(ServedRequests.class.getName());

    private final NodeId self;
    private final int maxPerLink;
    /** Link id → request id (JSON text) → the cancellation of the request being served for it. */
    private final ConcurrentHashMap<String, Map<String, Cancellation>> served = new ConcurrentHashMap<>();

    ServedRequests(NodeId self, int maxPerLink) {
        this.self = self;
        this.maxPerLink = maxPerLink;
    }

    /**
     * Starts serving request {@code id} for {@code link}, until {@link #end}: the request's cancellation.
     *
     * @throws JsonRpcException {@code -32065} when the link already has as many requests being served as
     *                          it may, {@code -32600} when one of them has this id
     */
    Cancellation open(Link link, JsonValue id) throws JsonRpcException {
        Map<String, Cancellation> calls = served.computeIfAbsent(link.id(), k -> new ConcurrentHashMap<>());
        if (calls.size() >= maxPerLink) {
            throw new JsonRpcException(JsonRpc.OVERLOADED, "overloaded: " + maxPerLink
                    + " requests from this link are being served", JsonRpc.errorData(self.value(), null));
        }
        Cancellation cancellation = new Cancellation();
        if (calls.putIfAbsent(id.toString(), cancellation) != null) {
            throw new JsonRpcException(JsonRpc.INVALID_REQUEST,
                    "invalid request: id " + id + " is already in use by a pending request on this link");
        }
        return cancellation;
    }

    /** The request {@code id} opened with {@code cancellation} is no longer served; its id is free again. */
    void end(Link link, JsonValue id, Cancellation cancellation) {
        Map<String, Cancellation> calls = served.get(link.id());
        if (calls != null) {
            calls.remove(id.toString(), cancellation);
        }
    }

    /**
     * Cancels the request served for {@code link} that a {@code notifications/cancelled} names; false
     * when the notification is no such cancellation or names no request being served.
     */
    boolean cancel(Link link, JsonRpc.Notification notification) {
        if (!(notification.params() instanceof JsonObject params) || !isCancelNotification(notification.method())) {
            return false;
        }
        JsonValue requestId = params.get("requestId");
        Map<String, Cancellation> calls = served.get(link.id());
        Cancellation call = calls == null || requestId == null ? null : calls.get(requestId.toString());
        if (call == null) {
            return false;
        }
        String reason = params.get("reason") instanceof JsonString s ? s.getString() : null;
        LOG.log(Level.FINE, () -> "request " + requestId + " from " + link.peer() + " cancelled");
        call.cancel(reason);
        return true;
    }

    /** Cancels every request being served for a link that went down. */
    void linkDown(Link link) {
        Map<String, Cancellation> calls = served.remove(link.id());
        if (calls != null) {
            calls.values().forEach(c -> c.cancel("link closed"));
        }
    }

    private static boolean isCancelNotification(String method) {
        try {
            return Forwarder.CANCELLED.equals(Address.parse(method).op());
        } catch (JsonRpcException e) {
            return false;
        }
    }
}
