package io.agentmesh.routing;

import jakarta.json.JsonObject;

/**
 * The longer-lived channel a request came through: a mesh link, or an MCP session at {@code /mcp}.
 * Agents keep it to send notifications after the request has ended (resources/updated,
 * tools/list_changed) and forget it once {@link #isOpen()} turns false.
 */
public interface ClientSession {

    /** A stable id, unique on this node while the session lives. */
    String id();

    /** Sends a notification to the client; silently dropped when the session has ended. */
    void sendNotification(String method, JsonObject params);

    boolean isOpen();
}
