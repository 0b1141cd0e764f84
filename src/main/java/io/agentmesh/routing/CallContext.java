package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * What an agent may do back towards the caller of one request while it runs: send notifications
 * (progress, logging) on the channel the request came in on, and learn that it was cancelled.
 */
public interface CallContext {

    /** The id of the request being served (JSON null for notifications). */
    JsonValue requestId();

    /**
     * The requester's node id, when known (the origin of the route metadata, or the link's peer). The
     * origin is what the sender claims (wire-v1 §5.3): never rely on it for trust or blame; see
     * {@link #linkPeer()}.
     */
    String originNode();

    /**
     * The peer of the link the request came in on, whose identity that link's handshake proved; empty
     * for a request from this node's own entry points. What trust and blame may rest on.
     */
    Optional<NodeId> linkPeer();

    /** Who the request comes from, as this node authenticated it: what access decisions rest on. */
    Caller caller();

    /** Sends a notification to the requester (for example notifications/progress). */
    void sendNotification(String method, JsonObject params);

    /** True once the requester cancelled this request (notifications/cancelled). */
    boolean isCancelled();

    /** Runs {@code action} when the request is cancelled (at once if it already is). */
    void onCancel(Runnable action);

    /** The session the request came through, for notifications after the request has ended. */
    ClientSession session();
}
