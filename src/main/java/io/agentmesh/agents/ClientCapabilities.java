package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpErrors;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The capabilities a request's client declares in {@code params._meta["io.modelcontextprotocol/clientCapabilities"]}
 * (MCP 2026-07-28 basic/index, "_meta"; for a legacy session the entry node copies them there from the
 * session's {@code initialize}), and the rule that a server sends only the input requests they allow
 * (basic/patterns/mrtr, Server Requirements 7; client/elicitation, "Capabilities"; client/sampling,
 * "Tools in Sampling"; client/roots): otherwise −32021 MissingRequiredClientCapability naming what is
 * missing in {@code data.requiredCapabilities} (basic/index, "Capabilities").
 */
public record ClientCapabilities(JsonObject declared) {


    public static final ClientCapabilities NONE = new ClientCapabilities(JsonValue.EMPTY_JSON_OBJECT);

    public ClientCapabilities {
        declared = declared == null ? JsonValue.EMPTY_JSON_OBJECT : declared;
    }

    /** The capabilities a request's params declare; none when absent or not an object. */
    public static ClientCapabilities of(JsonObject params) {
        if (params != null && params.get("_meta") instanceof JsonObject meta
                && meta.get(McpMeta.CLIENT_CAPABILITIES) instanceof JsonObject caps) {
            return new ClientCapabilities(caps);
        }
        return NONE;
    }

    /** The capability that {@code request} ({@code {method, params}}) needs and the client did not declare. */
    public Optional<JsonObject> missingFor(JsonObject request) {
        String method = request.get("method") instanceof JsonString m ? m.getString() : "";
        JsonObject params = request.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        return switch (method) {
            case Input.ELICIT -> {
                String mode = params.get("mode") instanceof JsonString s ? s.getString() : "form";
                yield allowsElicitation(mode) ? Optional.empty() : Optional.of(need("elicitation", mode));
            }
            case Input.SAMPLE -> {
                boolean tools = params.containsKey("tools");
                if (!(declared.get("sampling") instanceof JsonObject sampling)) {
                    yield Optional.of(tools ? need("sampling", "tools") : need("sampling", null));
                }
                yield tools && !sampling.containsKey("tools") ? Optional.of(need("sampling", "tools")) : Optional.empty();
            }
            case Input.ROOTS -> declared.get("roots") instanceof JsonObject ? Optional.empty() : Optional.of(need("roots", null));
            default -> Optional.of(need(method, null));
        };
    }

    /** True when form-mode (or url-mode) elicitation is declared; an empty {@code elicitation} means form only. */
    public boolean allowsElicitation(String mode) {
        if (!(declared.get("elicitation") instanceof JsonObject e)) {
            return false;
        }
        return e.isEmpty() ? "form".equals(mode) : e.containsKey(mode);
    }

    public boolean allowsSampling() {
        return declared.get("sampling") instanceof JsonObject;
    }

    public boolean allowsRoots() {
        return declared.get("roots") instanceof JsonObject;
    }

    /** Ensures {@code request} is allowed; else the −32021 error naming the missing capability. */
    public void require(JsonObject request) throws JsonRpcException {
        requireAll(List.of(request));
    }

    /**
     * Ensures each of {@code requests} is allowed; else one −32021 error whose
     * {@code data.requiredCapabilities} names every capability missing.
     */
    public void requireAll(Collection<JsonObject> requests) throws JsonRpcException {
        var missing = new LinkedHashMap<String, JsonObjectBuilder>();
        for (JsonObject request : requests) {
            missingFor(request).ifPresent(need -> need.forEach((name, sub) -> missing
                    .computeIfAbsent(name, n -> Json.createObjectBuilder()).addAll(Json.createObjectBuilder((JsonObject) sub))));
        }
        if (!missing.isEmpty()) {
            var required = Json.createObjectBuilder();
            missing.forEach(required::add);
            throw new JsonRpcException(McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY, "the request needs the client "
                    + (missing.size() == 1 ? "capability '" : "capabilities '") + String.join("', '", missing.keySet())
                    + "', which the client did not declare",
                    Json.createObjectBuilder().add("requiredCapabilities", required).build());
        }
    }

    private static JsonObject need(String capability, String sub) {
        var inner = Json.createObjectBuilder();
        if (sub != null) {
            inner.add(sub, JsonValue.EMPTY_JSON_OBJECT);
        }
        return Json.createObjectBuilder().add(capability, inner).build();
    }
}
