package io.agentmesh.agents;

import jakarta.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown by {@link Input} when a handler asks for something the client has not answered yet: it ends the
 * invocation, and the agent answers the request with an {@code InputRequiredResult} that carries the
 * questions, each under its key (MCP 2026-07-28 basic/patterns/mrtr, "Basic Workflow", "InputRequests").
 * Let it propagate: the client's retry runs the handler again with the answers. A checked exception, so
 * that a container treats it as an application exception (no rollback of the component, no wrapping).
 */
public final class InputRequiredException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, JsonObject> requests;

    /**
     * One question.
     *
     * @param key     the handler's name for the question, unique within the request
     * @param request the input request: {@code {method, params}}
     */
    public InputRequiredException(String key, JsonObject request) {
        this(Map.of(Objects.requireNonNull(key, "key"), Objects.requireNonNull(request, "request")));
    }

    /**
     * Several questions, asked in one round.
     *
     * @param requests the input requests {@code {method, params}} by key; at least one
     */
    public InputRequiredException(Map<String, JsonObject> requests) {
        super("input required: " + String.join(", ", requests.keySet()), null, false, false);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("input required without a question");
        }
        var copy = new LinkedHashMap<String, JsonObject>();
        requests.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "request")));
        this.requests = Collections.unmodifiableMap(copy);
    }

    /** The key of the first question. */
    public String key() {
        return requests.keySet().iterator().next();
    }

    /** The first question. */
    public JsonObject request() {
        return requests.values().iterator().next();
    }

    /** Every question by key, in the order asked. */
    public Map<String, JsonObject> requests() {
        return requests;
    }
}
