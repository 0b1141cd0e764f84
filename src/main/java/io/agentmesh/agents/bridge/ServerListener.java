package io.agentmesh.agents.bridge;

import jakarta.json.JsonObject;

/** Receives what an MCP server sends outside of any request, and the loss of the connection to it. */
public interface ServerListener {

    /** A notification from the server ({@code notifications/tools/list_changed}, ...). */
    void notification(String method, JsonObject params);

    /** The transport lost the server; the requests waiting for it have failed with {@code cause}. */
    void lost(TransportException cause);
}
