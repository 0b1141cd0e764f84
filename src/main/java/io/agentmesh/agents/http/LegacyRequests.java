package io.agentmesh.agents.http;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Optional;

/**
 * What the entry node adds to a legacy session's requests from the state the session holds (MCP 2025-11-25,
 * server/utilities/logging, "Setting Log Level"): the level the client set with {@code logging/setLevel}
 * goes with each later request as {@code _meta["io.modelcontextprotocol/logLevel"]}, so that the agent,
 * wherever it runs, answers the request alone. A request that names a level itself keeps it.
 */
final class LegacyRequests {

    static final String SET_LEVEL = "logging/setLevel";

    private LegacyRequests() {
    }

    /** Whether a request is legacy (its {@code _meta} names no protocol version). */
    static boolean isLegacy(JsonRpc.Request request) {
        return !McpMeta.isModern(request.params() instanceof JsonObject p ? p : null);
    }

    /** {@code request} with the session's level in {@code _meta} when it has one and the request names none. */
    static JsonRpc.Request withLogLevel(JsonRpc.Request request, Optional<String> level) {
        return level.map(l -> McpMeta.withDefault(request, McpMeta.LOG_LEVEL, Json.createValue(l))).orElse(request);
    }

    /** The level a successful {@code logging/setLevel} set; empty for any other request or an error. */
    static Optional<String> levelSet(JsonRpc.Request request, JsonRpc.Response response) {
        if (SET_LEVEL.equals(request.method()) && !response.isError()
                && request.params() instanceof JsonObject p && p.get("level") instanceof JsonString level) {
            return Optional.of(level.getString());
        }
        return Optional.empty();
    }
}
