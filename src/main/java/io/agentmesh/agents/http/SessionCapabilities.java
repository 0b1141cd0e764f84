package io.agentmesh.agents.http;

import io.agentmesh.mcp.McpMeta;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Carries what a 2025-11-25 client declared in {@code initialize} ({@code params.capabilities}) on each of
 * its session's requests, as {@code params._meta["io.modelcontextprotocol/clientCapabilities"]}: across the
 * mesh the session lives at the entry node, and the agent, wherever it runs, reads the client's
 * capabilities from the request alone (MCP 2026-07-28 basic/index, "_meta"; basic/patterns/mrtr, Server
 * Requirements 7). A request that already names capabilities, or a modern one, goes unchanged.
 */
final class SessionCapabilities {

    private SessionCapabilities() {
    }

    /** The capabilities an initialize request declares; empty when it declares none. */
    static JsonObject of(JsonRpc.Request initialize) {
        if (initialize.params() instanceof JsonObject p && p.get("capabilities") instanceof JsonObject caps) {
            return caps;
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    /** {@code request} with the session's capabilities in its {@code _meta}. */
    static JsonRpc.Request carry(JsonRpc.Request request, JsonObject capabilities) {
        if (request.params() instanceof JsonObject p && McpMeta.isModern(p)) {
            return request;
        }
        return McpMeta.withDefault(request, McpMeta.CLIENT_CAPABILITIES, capabilities);
    }
}
