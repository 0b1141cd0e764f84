package io.agentmesh.agents;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
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
 * Several questions that do not depend on each other go in one round with {@link #askAll}: the
 * {@code InputRequiredResult} then carries every one the client has not answered yet, each under its key
 * (mrtr, "InputRequests"), and the handler gets all the answers at once.
 * <pre>{@code
 * Answers a = input.askAll(new Questions().elicit("user_name", "What is your name?", schema)
 *         .sample("greeting", params).roots("client_roots"));
 * String name = a.elicitation("user_name").content().getString("name");
 * }</pre>
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
        return askAll(new Questions().elicit(key, message, requestedSchema)).elicitation(key);
    }

    /** Asks the client's model for a message; {@code params} as of {@code CreateMessageRequestParams}. */
    public JsonObject sample(String key, JsonObject params) throws InputRequiredException {
        return askAll(new Questions().sample(key, params)).sample(key);
    }

    /** Asks for the client's roots ({@code ListRootsResult.roots}). */
    public JsonArray roots(String key) throws InputRequiredException {
        return askAll(new Questions().roots(key)).roots(key);
    }

    /** The answer to {@code method(params)} under {@code key}, or the exception that asks for it. */
    public JsonObject ask(String key, String method, JsonObject params) throws InputRequiredException {
        return askAll(new Questions().ask(key, method, params)).response(key);
    }

    /**
     * The answers to all of {@code questions}, or the exception that asks, in one round, every one of them
     * the client has not answered (mrtr, Error Handling: what is missing is asked again).
     */
    public Answers askAll(Questions questions) throws InputRequiredException {
        var responses = new LinkedHashMap<String, JsonObject>();
        var unanswered = new LinkedHashMap<String, JsonObject>();
        questions.requests().forEach((key, request) -> {
            JsonObject entry = answered.get(key);
            if (entry != null && InputStates.canonical(entry.get("request")).equals(InputStates.canonical(request))) {
                responses.put(key, entry.getJsonObject("response"));
            } else {
                unanswered.put(key, request);
            }
        });
        if (!unanswered.isEmpty()) {
            throw new InputRequiredException(unanswered);
        }
        return new Answers(responses);
    }

    ClientCapabilities capabilities() {
        return capabilities;
    }

    /** The verified answers, to be carried into the next round's state. */
    Map<String, JsonObject> answered() {
        return answered;
    }
}
