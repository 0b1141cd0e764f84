package io.agentmesh.api;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.TraceContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Requests and results of MCP 2026-07-28 as the Java API and {@code POST /api/v1/call} see them: the
 * request {@code _meta} keys (basic/index, "_meta"), the errors it adds that an application meets, and
 * the {@code resultType} of a result (basic/index, "ResultType"). The keys and the version are those the agents
 * read; api does not depend on agents, so they are named here again, and a test holds both the same.
 */
final class ModernRequests {

    static final String PROGRESS_TOKEN = "progressToken";

    static final String COMPLETE = "complete";
    static final String INPUT_REQUIRED = "input_required";

    static final String PROGRESS = "notifications/progress";
    static final String MESSAGE = "notifications/message";

    private ModernRequests() {
    }

    /**
     * {@code params} (null: none) as a request of {@link ProtocolVersions#MODERN} with {@code options}: the version, the
     * capabilities and client info, and, when asked, {@code progressToken}, the log level and the trace
     * parent; every member the params' own {@code _meta} has is kept as it is.
     */
    static JsonObject params(JsonObject params, CallOptions options, String progressToken) {
        JsonObject base = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        var meta = Json.createObjectBuilder()
                .add(McpMeta.PROTOCOL_VERSION, ProtocolVersions.MODERN)
                .add(McpMeta.CLIENT_CAPABILITIES, options.capabilities())
                .add(McpMeta.CLIENT_INFO, options.clientInfo());
        if (progressToken != null) {
            meta.add(PROGRESS_TOKEN, progressToken);
        }
        if (options.logLevel() != null) {
            meta.add(McpMeta.LOG_LEVEL, options.logLevel());
        }
        if (options.traceparent() != null) {
            meta.add(TraceContext.TRACEPARENT, options.traceparent());
        }
        if (base.get("_meta") instanceof JsonObject own) {
            own.forEach(meta::add);
        }
        return Json.createObjectBuilder(base).add("_meta", meta).build();
    }

    /** The {@code resultType} of a result; {@link #COMPLETE} when it names none (a result of a legacy agent or a node); a
     * {@code resultType} that is not a string, as its JSON text. */
    static String resultType(JsonValue result) {
        if (!(result instanceof JsonObject o) || !o.containsKey("resultType")) {
            return COMPLETE;
        }
        return o.get("resultType") instanceof JsonString t ? t.getString() : o.get("resultType").toString();
    }
}
