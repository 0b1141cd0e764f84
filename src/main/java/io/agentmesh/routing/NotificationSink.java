package io.agentmesh.routing;

import jakarta.json.JsonObject;

/** Where notifications for one requester go (progress, logging): an SSE stream (wire-v1 §7), a link (§5), or nowhere. */
@FunctionalInterface
public interface NotificationSink {

    void send(String method, JsonObject params);

    /** A sink that drops everything. */
    NotificationSink NONE = (method, params) -> { };
}
