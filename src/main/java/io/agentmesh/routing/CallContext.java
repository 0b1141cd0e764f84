package io.agentmesh.routing;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What an agent may do back towards the caller of one request while it runs: send notifications
 * (progress, logging) on the channel the request came in on, and learn that it was cancelled.
 */
public interface CallContext {

    /** The id of the request being served (JSON null for notifications). */
    JsonValue requestId();

    /** The requester's node id, when known (the origin of the route metadata, or the link's peer). */
    String originNode();

    /** Sends a notification to the requester (for example notifications/progress). */
    void sendNotification(String method, JsonObject params);

    /** True once the requester cancelled this request (notifications/cancelled). */
    boolean isCancelled();

    /** Runs {@code action} when the request is cancelled (at once if it already is). */
    void onCancel(Runnable action);

    /** The session the request came through, for notifications after the request has ended. */
    ClientSession session();
}
