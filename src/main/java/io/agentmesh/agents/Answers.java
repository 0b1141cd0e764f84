package io.agentmesh.agents;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The client's answers to {@link Questions} asked in one round, by key: each verified against its question
 * before the handler sees it (MCP 2026-07-28 basic/patterns/mrtr, "InputResponses").
 */
public final class Answers {

    private final Map<String, JsonObject> responses;

    Answers(Map<String, JsonObject> responses) {
        this.responses = Collections.unmodifiableMap(new LinkedHashMap<>(responses));
    }

    /** The keys answered: those of the questions asked. */
    public Set<String> keys() {
        return responses.keySet();
    }

    /**
     * The client's result for the question under {@code key}, as it sent it.
     *
     * @throws IllegalArgumentException when no question was asked under {@code key}
     */
    public JsonObject response(String key) {
        JsonObject response = responses.get(key);
        if (response == null) {
            throw new IllegalArgumentException("no question was asked under the key '" + key + "'");
        }
        return response;
    }

    /** The user's answer to the elicitation under {@code key}. */
    public Elicitation elicitation(String key) {
        JsonObject response = response(key);
        return new Elicitation(((JsonString) response.get("action")).getString(),
                response.get("content") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT);
    }

    /** The model's message ({@code CreateMessageResult}) for the sampling request under {@code key}. */
    public JsonObject sample(String key) {
        return response(key);
    }

    /** The roots ({@code ListRootsResult.roots}) for the request under {@code key}. */
    public JsonArray roots(String key) {
        return response(key).getJsonArray("roots");
    }
}
