package io.agentmesh.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The MCP behaviour hints of a tool as carried in an advert (docs/registry.md §2.2). Each hint is
 * {@code null} when the tool does not state it; the accessors without "Hint" apply MCP's defaults
 * (readOnly false, destructive true, idempotent false, openWorld true).
 */
public record ToolAnnotations(Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint,
                              Boolean openWorldHint) {

    /** No hint stated. */
    public static final ToolAnnotations NONE = new ToolAnnotations(null, null, null, null);

    public boolean readOnly() {
        return Boolean.TRUE.equals(readOnlyHint);
    }

    public boolean destructive() {
        return !Boolean.FALSE.equals(destructiveHint);
    }

    public boolean idempotent() {
        return Boolean.TRUE.equals(idempotentHint);
    }

    public boolean openWorld() {
        return !Boolean.FALSE.equals(openWorldHint);
    }

    /** True when no hint is stated. */
    public boolean isEmpty() {
        return readOnlyHint == null && destructiveHint == null && idempotentHint == null && openWorldHint == null;
    }

    /** The stated hints as a JSON object (members for stated hints only). */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder();
        put(b, "readOnlyHint", readOnlyHint);
        put(b, "destructiveHint", destructiveHint);
        put(b, "idempotentHint", idempotentHint);
        put(b, "openWorldHint", openWorldHint);
        return b.build();
    }

    /**
     * Reads hints from an MCP {@code annotations} object; members other than the four hints are
     * ignored, a hint that is not a boolean is refused.
     */
    public static ToolAnnotations fromJson(JsonObject json) {
        if (json == null) {
            return NONE;
        }
        return new ToolAnnotations(bool(json, "readOnlyHint"), bool(json, "destructiveHint"),
                bool(json, "idempotentHint"), bool(json, "openWorldHint"));
    }

    private static void put(JsonObjectBuilder b, String name, Boolean value) {
        if (value != null) {
            b.add(name, value);
        }
    }

    private static Boolean bool(JsonObject json, String name) {
        JsonValue v = json.get(name);
        if (v == null) {
            return null;
        }
        if (v.getValueType() == JsonValue.ValueType.TRUE) {
            return Boolean.TRUE;
        }
        if (v.getValueType() == JsonValue.ValueType.FALSE) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException(name + " must be a boolean");
    }
}
