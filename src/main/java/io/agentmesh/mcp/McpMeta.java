package io.agentmesh.mcp;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * The request and result {@code _meta} keys of MCP 2026-07-28 (basic/index, "_meta"; basic/versioning),
 * and the one rule that tells a request's era: a request is <em>modern</em> (stateless 2026-07-28) when its
 * {@code params._meta} names a protocol version, and <em>legacy</em> (a 2025-11-25, 2025-06-18 or
 * 2025-03-26 session begun by {@code initialize}) otherwise. The rule needs nothing but the request, so
 * every node on a request's way reads the same era from it.
 */
public final class McpMeta {

    public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    private McpMeta() {
    }

    /** The protocol version a request's {@code params._meta} names; empty for a legacy request. */
    public static Optional<String> protocolVersion(JsonObject params) {
        if (params != null && params.get("_meta") instanceof JsonObject meta
                && meta.get(PROTOCOL_VERSION) instanceof JsonString version) {
            return Optional.of(version.getString());
        }
        return Optional.empty();
    }

    /** Whether a request with these params is a modern (per-request versioned) one. */
    public static boolean isModern(JsonObject params) {
        return protocolVersion(params).isPresent();
    }

    /**
     * {@code request} with {@code value} under {@code key} in its {@code params._meta}, which an entry node
     * adds for the session it keeps; unchanged when the request names that key itself or its params are
     * not an object.
     */
    public static JsonRpc.Request withDefault(JsonRpc.Request request, String key, JsonValue value) {
        if (request.params() != null && request.params() != JsonValue.NULL && !(request.params() instanceof JsonObject)) {
            return request;
        }
        JsonObject params = request.params() instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject meta = params.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        if (meta.containsKey(key)) {
            return request;
        }
        return new JsonRpc.Request(request.id(), request.method(), Json.createObjectBuilder(params)
                .add("_meta", Json.createObjectBuilder(meta).add(key, value)).build());
    }
}
