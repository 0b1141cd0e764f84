package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Sends log messages of one request to its client as {@code notifications/message} (MCP 2026-07-28,
 * server/utilities/logging, "Per-request log level"; 2025-11-25, where the entry node that holds the session
 * carries the level the client set with {@code logging/setLevel} in the same {@code _meta} member). Declare
 * a parameter of this type on a tool method to get one.
 * <p>
 * A request that names no level in {@code _meta["io.modelcontextprotocol/logLevel"]} gets no log
 * messages; one that names a level gets those at or above it. They are request-scoped: they travel back
 * along the request's way, like progress, and end with it.
 */
public final class AgentLog {

    static final String MESSAGE = "notifications/message";

    private final CallContext context;
    private final LogLevel threshold;

    private AgentLog(CallContext context, LogLevel threshold) {
        this.context = context;
        this.threshold = threshold;
    }

    /**
     * The log of a request with these params.
     *
     * @throws JsonRpcException {@code -32602} when {@code _meta} names a level that is not one (logging, "Error Handling")
     */
    public static AgentLog of(CallContext context, JsonObject params) throws JsonRpcException {
        return new AgentLog(context, requested(params).orElse(null));
    }

    /** A log that sends nothing. */
    public static AgentLog none(CallContext context) {
        return new AgentLog(context, null);
    }

    /** The level a request's {@code _meta} asks for; empty when none. */
    static Optional<LogLevel> requested(JsonObject params) throws JsonRpcException {
        if (params == null || !(params.get("_meta") instanceof JsonObject meta) || !meta.containsKey(McpMeta.LOG_LEVEL)) {
            return Optional.empty();
        }
        return Optional.of(level(meta.get(McpMeta.LOG_LEVEL)));
    }

    /** The level a JSON value names; {@code -32602} when it names none. */
    static LogLevel level(JsonValue value) throws JsonRpcException {
        if (value instanceof JsonString s) {
            Optional<LogLevel> level = LogLevel.parse(s.getString());
            if (level.isPresent()) {
                return level.get();
            }
        }
        throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid log level: " + value
                + " (one of debug, info, notice, warning, error, critical, alert, emergency)");
    }

    /** Whether a message at {@code level} would be sent. */
    public boolean isEnabled(LogLevel level) {
        return threshold != null && level.reaches(threshold);
    }

    /** Sends {@code data} at {@code level} from {@code logger} (may be null) if the request asked for that level. */
    public void log(LogLevel level, String logger, JsonValue data) {
        if (!isEnabled(level)) {
            return;
        }
        var params = Json.createObjectBuilder().add("level", level.wireName());
        if (logger != null) {
            params.add("logger", logger);
        }
        context.sendNotification(MESSAGE, params.add("data", data).build());
    }

    public void debug(String message) {
        log(LogLevel.DEBUG, null, Json.createValue(message));
    }

    public void info(String message) {
        log(LogLevel.INFO, null, Json.createValue(message));
    }

    public void notice(String message) {
        log(LogLevel.NOTICE, null, Json.createValue(message));
    }

    public void warning(String message) {
        log(LogLevel.WARNING, null, Json.createValue(message));
    }

    public void error(String message) {
        log(LogLevel.ERROR, null, Json.createValue(message));
    }

    /**
     * Relays the params of a {@code notifications/message} from elsewhere (a bridged server) under the same
     * rule: only at or above the request's level, and nothing without one or with no valid level.
     */
    public void relay(JsonObject params) {
        if (params.get("level") instanceof JsonString s && s.getString() != null) {
            Optional<LogLevel> level = LogLevel.parse(s.getString());
            if (level.isPresent() && isEnabled(level.get()) && params.containsKey("data")) {
                context.sendNotification(MESSAGE, params);
            }
        }
    }
}
