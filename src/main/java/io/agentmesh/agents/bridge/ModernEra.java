package io.agentmesh.agents.bridge;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpErrors;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a bridge does differently with a server that speaks the stateless revision
 * ({@link ProtocolVersions#MODERN}, MCP 2026-07-28): no {@code initialize}; the protocol version, client
 * info and client capabilities in every request's {@code _meta} (basic/versioning; {@link McpMeta}); over
 * HTTP the {@code Mcp-Method} and {@code Mcp-Name} headers beside {@code MCP-Protocol-Version}
 * (basic/transports/streamable-http, "Standard Request Headers", "Value Encoding"); results that carry
 * {@code resultType}; and the errors that name a modern server ("Server Validation";
 * schema.ts: HeaderMismatch, MissingRequiredClientCapability, UnsupportedProtocolVersion).
 */
final class ModernEra {

    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";

    private static final Set<String> NAMED_BY_NAME = Set.of("tools/call", "prompts/get");
    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";

    private ModernEra() {
    }

    /** Whether {@code code} is an error that identifies a modern server (versioning, "Backward Compatibility"). */
    static boolean isModernError(int code) {
        return code == McpErrors.HEADER_MISMATCH || code == McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY
                || code == McpErrors.UNSUPPORTED_PROTOCOL_VERSION;
    }

    /**
     * {@code params} with the modern {@code _meta} keys added (members already in {@code _meta}, such as a
     * progress token, kept): this revision's version, this client's info, and no client capabilities.
     */
    static JsonObject withMeta(JsonObject params) {
        JsonObject meta = params.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        return Json.createObjectBuilder(params).add("_meta", Json.createObjectBuilder(meta)
                .add(McpMeta.PROTOCOL_VERSION, ProtocolVersions.MODERN)
                .add(McpMeta.CLIENT_INFO, Json.createObjectBuilder()
                        .add("name", BridgeClient.CLIENT_NAME).add("version", BridgeClient.CLIENT_VERSION))
                .add(McpMeta.CLIENT_CAPABILITIES, JsonValue.EMPTY_JSON_OBJECT)).build();
    }

    /** A modern result as an earlier revision has it: without {@code resultType: "complete"}. */
    static JsonObject complete(JsonObject result) {
        if (result.get("resultType") instanceof JsonString t && t.getString().equals("complete")) {
            return Json.createObjectBuilder(result).remove("resultType").build();
        }
        return result;
    }

    /**
     * The HTTP headers that mirror a message's body: {@code Mcp-Method}, and {@code Mcp-Name} for
     * {@code tools/call} and {@code prompts/get} ({@code params.name}) and {@code resources/read}
     * ({@code params.uri}).
     */
    static Map<String, String> headers(JsonRpc message) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (message instanceof JsonRpc.Request r) {
            headers.put(METHOD_HEADER, r.method());
            String member = NAMED_BY_NAME.contains(r.method()) ? "name"
                    : r.method().equals("resources/read") ? "uri" : null;
            if (member != null && r.params() instanceof JsonObject p && p.get(member) instanceof JsonString name) {
                headers.put(NAME_HEADER, headerValue(name.getString()));
            }
        } else if (message instanceof JsonRpc.Notification n) {
            headers.put(METHOD_HEADER, n.method());
        }
        return headers;
    }

    /**
     * A value as a header carries it ("Value Encoding"): as it is when it is visible ASCII and spaces
     * without leading or trailing whitespace and does not look like the sentinel, else
     * {@code =?base64?<base64 of its UTF-8>?=}.
     */
    static String headerValue(String value) {
        boolean plain = !value.isEmpty() && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                && value.charAt(0) != ' ' && value.charAt(value.length() - 1) != ' '
                && !(value.startsWith(SENTINEL_START) && value.endsWith(SENTINEL_END));
        return plain ? value : SENTINEL_START
                + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SENTINEL_END;
    }
}
