package io.agentmesh.agents.http;

import io.agentmesh.mcp.McpErrors;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * The request metadata headers of a modern POST and their validation against the body (MCP 2026-07-28
 * basic/transports/streamable-http, "Request Metadata", "Value Encoding", "Server Validation"). In this
 * order, the first rule a request breaks is answered, always with {@code 400 Bad Request}:
 * <ol>
 *   <li>{@code MCP-Protocol-Version} missing: {@code -32020} (HeaderMismatch);</li>
 *   <li>{@code _meta} names no version: {@code -32022} (UnsupportedProtocolVersion) when the header names a
 *       version this node does not serve at all; {@code -32602} (Invalid params) when it names one this node
 *       serves stateless, since the body then lacks a field every such request must carry (basic/index,
 *       "Per-request protocol fields": "A request missing any required field is malformed; the server MUST
 *       reject it with JSON-RPC error code -32602 (Invalid params)", HTTP 400), as one without
 *       {@code clientCapabilities} is ({@code ModernMethods}); else {@code -32020};</li>
 *   <li>the header differs from {@code _meta["io.modelcontextprotocol/protocolVersion"]}: {@code -32020};</li>
 *   <li>a version this node does not serve modern: {@code -32022} with the versions it serves;</li>
 *   <li>{@code Mcp-Method} missing or not the body's {@code method}: {@code -32020};</li>
 *   <li>for {@code tools/call} and {@code prompts/get} ({@code params.name}) and {@code resources/read}
 *       ({@code params.uri}): {@code Mcp-Name} missing, with characters outside visible ASCII, space and
 *       tab, a malformed {@code =?base64?…?=} value, or not the body's value once decoded: {@code -32020}.</li>
 * </ol>
 * Header values are compared case-sensitively, without the spaces and tabs around them, which are not part
 * of a field value (RFC 9110 section 5.5, "Field Values": OWS is excluded; a value that itself begins or ends with
 * whitespace is sent Base64-encoded, "Value Encoding"); header names are not (the exchange's lookup).
 */
final class McpRequestHeaders {

    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";

    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

    private McpRequestHeaders() {
    }

    /** The error for the first rule {@code request} breaks; empty when it keeps them all. */
    static Optional<JsonRpc.Error> check(Function<String, Optional<String>> headers, JsonRpc.Request request) {
        JsonObject params = request.params() instanceof JsonObject p ? p : null;
        Optional<String> header = headers.apply(McpHttpHandler.PROTOCOL_VERSION).map(String::trim);
        if (header.isEmpty()) {
            return mismatch("missing " + McpHttpHandler.PROTOCOL_VERSION + " header");
        }
        Optional<String> body = McpMeta.protocolVersion(params);
        if (body.isEmpty()) {
            if (!ProtocolVersions.ADVERTISED.contains(header.get())) {
                return Optional.of(McpErrors.unsupportedVersion(header.get()).error());
            }
            if (ProtocolVersions.isModernSupported(header.get())) {
                return Optional.of(new JsonRpc.Error(JsonRpc.INVALID_PARAMS, "Invalid params: _meta has no "
                        + McpMeta.PROTOCOL_VERSION + ", which every " + header.get() + " request carries"));
            }
            return mismatch(McpHttpHandler.PROTOCOL_VERSION + " header value '" + header.get()
                    + "' does not match body value: _meta has no " + McpMeta.PROTOCOL_VERSION);
        }
        if (!header.get().equals(body.get())) {
            return differ(McpHttpHandler.PROTOCOL_VERSION, header.get(), body.get());
        }
        if (!ProtocolVersions.isModernSupported(body.get())) {
            return Optional.of(McpErrors.unsupportedVersion(body.get()).error());
        }
        Optional<String> method = headers.apply(METHOD).map(McpRequestHeaders::withoutOws);
        if (method.isEmpty()) {
            return mismatch("missing " + METHOD + " header");
        }
        if (!method.get().equals(request.method())) {
            return differ(METHOD, method.get(), request.method());
        }
        Optional<String> member = nameMember(request.method());
        if (member.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> name = headers.apply(NAME).map(McpRequestHeaders::withoutOws);
        if (name.isEmpty()) {
            return mismatch("missing " + NAME + " header (required for " + request.method() + ")");
        }
        Optional<String> decoded = decode(name.get());
        if (decoded.isEmpty()) {
            return mismatch(NAME + " header value is malformed (characters or =?base64?...?= encoding)");
        }
        String expected = params != null && params.get(member.get()) instanceof JsonString s ? s.getString() : null;
        if (!decoded.get().equals(expected)) {
            return differ(NAME, decoded.get(), expected == null ? "(none)" : expected);
        }
        return Optional.empty();
    }

    /** The body member {@code Mcp-Name} mirrors for {@code method}: {@code name}, {@code uri}, or none. */
    static Optional<String> nameMember(String method) {
        return switch (method) {
            case "tools/call", "prompts/get" -> Optional.of("name");
            case "resources/read" -> Optional.of("uri");
            default -> Optional.empty();
        };
    }

    /**
     * A header value as the client meant it: {@code =?base64?X?=} is the UTF-8 text whose standard Base64 is
     * {@code X} (markers case-sensitive); any other value is itself. Empty when the value has a character
     * outside visible ASCII, space and tab, or is a sentinel whose Base64 or UTF-8 is malformed.
     */
    static Optional<String> decode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
                return Optional.empty();
            }
        }
        if (!value.startsWith(PREFIX) || !value.endsWith(SUFFIX) || value.length() < PREFIX.length() + SUFFIX.length()) {
            return Optional.of(value);
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value.substring(PREFIX.length(), value.length() - SUFFIX.length()));
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** {@code value} without the spaces and horizontal tabs at its ends (RFC 9110 OWS). */
    static String withoutOws(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    private static Optional<JsonRpc.Error> differ(String header, String value, String body) {
        return mismatch(header + " header value '" + value + "' does not match body value '" + body + "'");
    }

    private static Optional<JsonRpc.Error> mismatch(String what) {
        return Optional.of(new JsonRpc.Error(McpErrors.HEADER_MISMATCH, "Header mismatch: " + what));
    }
}
