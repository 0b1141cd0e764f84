package io.agentmesh.agents;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * The user's answer to a form-mode elicitation (MCP 2026-07-28 client/elicitation, "Response Actions"):
 * {@code accept} with the form's {@code content} (valid against the requested schema), {@code decline}
 * or {@code cancel} (content empty).
 */
public record Elicitation(String action, JsonObject content) {

    public static final String ACCEPT = "accept";
    public static final String DECLINE = "decline";
    public static final String CANCEL = "cancel";

    public Elicitation {
        Objects.requireNonNull(action, "action");
        content = content == null ? JsonValue.EMPTY_JSON_OBJECT : content;
    }

    /** True when the user submitted the form. */
    public boolean accepted() {
        return ACCEPT.equals(action);
    }

    /** A boolean field of the accepted form; false when the form was not accepted or lacks it. */
    public boolean isTrue(String field) {
        return accepted() && content.get(field) == JsonValue.TRUE;
    }
}
