package io.agentmesh.agents;

import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;

/**
 * Asks the client for input while a request runs: form-mode elicitation, sampling, the list of roots
 * (MCP 2026-07-28 basic/patterns/mrtr; client/elicitation, client/sampling, client/roots). Declare a
 * parameter of this type on a {@code @Tool} method to get one.
 * <pre>{@code
 * @Tool(name = "delete_note")
 * public String deleteNote(String id, Input input) throws InputRequiredException {
 *     Elicitation answer = input.elicit("confirm", "Delete note " + id + "?", schema);
 *     ...
 * }
 * }</pre>
 * Each question has a key of the handler's choice. The first call of a question the client has not
 * answered ends the invocation with {@link InputRequiredException} (let it propagate): the agent answers
 * {@code input_required} with the question and an integrity-protected {@code requestState}; the client's
 * retry runs the handler again from the start, and then the same call returns the answer. So a handler
 * does its side effects only after its last question. Answers of earlier rounds stay available in later
 * ones (they travel inside the state). A question is answered only by an answer to the very same request:
 * asking something else under a key asks again.
 * <p>
 * A client that did not declare the capability a question needs gets −32021
 * ({@link ClientCapabilities}); {@link #canElicit()} and the like tell beforehand.
 */
public final class Input {

    public static final String ELICIT = "elicitation/create";
    public static final String SAMPLE = "sampling/createMessage";
    public static final String ROOTS = "roots/list";

    private static final Input NONE = new Input(ClientCapabilities.NONE, Map.of());

    private final ClientCapabilities capabilities;
    private final Map<String, JsonObject> answered;

    /**
     * @param capabilities what the request's client declared
     * @param answered     verified answers by key: {@code {request, response}}
     */
    Input(ClientCapabilities capabilities, Map<String, JsonObject> answered) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.answered = Map.copyOf(answered);
    }

    /** An input for handlers outside multi round-trip requests: nothing declared, nothing answered. */
    public static Input none() {
        return NONE;
    }

    /** True when the client can answer form-mode elicitation. */
    public boolean canElicit() {
        return capabilities.allowsElicitation("form");
    }

    public boolean canSample() {
        return capabilities.allowsSampling();
    }

    public boolean canListRoots() {
        return capabilities.allowsRoots();
    }

    /**
     * Asks the user to fill in a form (client/elicitation, "Form Mode Elicitation Requests").
     *
     * @param requestedSchema a flat object schema of primitive properties
     */
    public Elicitation elicit(String key, String message, JsonObject requestedSchema) throws InputRequiredException {
        JsonObject response = ask(key, ELICIT, Json.createObjectBuilder().add("mode", "form").add("message", message)
                .add("requestedSchema", requestedSchema).build());
        return new Elicitation(((JsonString) response.get("action")).getString(),
                response.get("content") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT);
    }

    /** Asks the client's model for a message; {@code params} as of {@code CreateMessageRequestParams}. */
    public JsonObject sample(String key, JsonObject params) throws InputRequiredException {
        return ask(key, SAMPLE, params);
    }

    /** Asks for the client's roots ({@code ListRootsResult.roots}). */
    public JsonArray roots(String key) throws InputRequiredException {
        return ask(key, ROOTS, JsonValue.EMPTY_JSON_OBJECT).getJsonArray("roots");
    }

    /** The answer to {@code method(params)} under {@code key}, or the exception that asks for it. */
    public JsonObject ask(String key, String method, JsonObject params) throws InputRequiredException {
        JsonObject request = request(method, params);
        JsonObject entry = answered.get(key);
        if (entry != null && InputStates.canonical(entry.get("request")).equals(InputStates.canonical(request))) {
            return entry.getJsonObject("response");
        }
        throw new InputRequiredException(key, request);
    }

    ClientCapabilities capabilities() {
        return capabilities;
    }

    /** The verified answers, to be carried into the next round's state. */
    Map<String, JsonObject> answered() {
        return answered;
    }

    static JsonObject request(String method, JsonObject params) {
        return Json.createObjectBuilder().add("method", method).add("params", params).build();
    }
}
