package io.agentmesh.agents;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Several questions for the client, asked in one round with {@link Input#askAll}: each under a key of the
 * handler's choice, unique within the request (MCP 2026-07-28 basic/patterns/mrtr, "InputRequests" and
 * Server Requirements 2). Immutable: each method gives a new set with one question more.
 * <pre>{@code
 * Answers answers = input.askAll(new Questions()
 *         .elicit("user_name", "What is your name?", schema)
 *         .sample("greeting", params)
 *         .roots("client_roots"));
 * }</pre>
 */
public final class Questions {

    private final Map<String, JsonObject> requests;

    /** No question yet. */
    public Questions() {
        this(Map.of());
    }

    private Questions(Map<String, JsonObject> requests) {
        this.requests = requests;
    }

    /** Adds a form-mode elicitation (client/elicitation, "Form Mode Elicitation Requests"). */
    public Questions elicit(String key, String message, JsonObject requestedSchema) {
        return ask(key, Input.ELICIT, Json.createObjectBuilder().add("mode", "form").add("message", message)
                .add("requestedSchema", requestedSchema).build());
    }

    /** Adds a request for a message of the client's model; {@code params} as of {@code CreateMessageRequestParams}. */
    public Questions sample(String key, JsonObject params) {
        return ask(key, Input.SAMPLE, params);
    }

    /** Adds a request for the client's roots. */
    public Questions roots(String key) {
        return ask(key, Input.ROOTS, JsonValue.EMPTY_JSON_OBJECT);
    }

    /**
     * Adds {@code method(params)} under {@code key}.
     *
     * @throws IllegalArgumentException when {@code key} already names a question of this set
     */
    public Questions ask(String key, String method, JsonObject params) {
        Objects.requireNonNull(key, "key");
        if (requests.containsKey(key)) {
            throw new IllegalArgumentException("two questions under the key '" + key + "'");
        }
        var more = new LinkedHashMap<>(requests);
        more.put(key, Json.createObjectBuilder().add("method", Objects.requireNonNull(method, "method"))
                .add("params", Objects.requireNonNull(params, "params")).build());
        return new Questions(Collections.unmodifiableMap(more));
    }

    /** The input requests {@code {method, params}} by key, in the order they were added. */
    public Map<String, JsonObject> requests() {
        return requests;
    }
}
