package io.agentmesh.agents;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * Thrown by {@link Input} when a handler asks for something the client has not answered yet: it ends the
 * invocation, and the agent answers the request with an {@code InputRequiredResult} that carries the
 * question (MCP 2026-07-28 basic/patterns/mrtr, "Basic Workflow"). Let it propagate: the client's retry
 * runs the handler again with the answer. A checked exception, so that a container treats it as an
 * application exception (no rollback of the component, no wrapping).
 */
public final class InputRequiredException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient JsonObject request;

    /**
     * @param key     the handler's name for the question, unique within the request
     * @param request the input request: {@code {method, params}}
     */
    public InputRequiredException(String key, JsonObject request) {
        super("input required: " + key, null, false, false);
        this.key = Objects.requireNonNull(key, "key");
        this.request = Objects.requireNonNull(request, "request");
    }

    public String key() {
        return key;
    }

    public JsonObject request() {
        return request;
    }
}
