package io.agentmesh.agents;

import io.agentmesh.agents.schema.ElicitationForm;
import io.agentmesh.agents.schema.SchemaValidator;
import io.agentmesh.json.Json;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's side of multi round-trip requests (MCP 2026-07-28 basic/patterns/mrtr) for
 * {@code tools/call}, {@code prompts/get} and {@code resources/read}: {@link #open} verifies a retry's
 * {@code requestState} and {@code inputResponses} and gives the handler its {@link Input};
 * {@link #inputRequired} turns the handler's {@link InputRequiredException} into an
 * {@code InputRequiredResult} with every question it asked in that round ({@link Input#askAll}), if the
 * client's capabilities allow them all (else −32021).
 * <p>
 * Errors (Error Handling): a state that fails verification (tampered, expired, another principal, agent
 * or request), {@code inputResponses} without a state or not an object, and an answer that does not fit
 * its question (an elicitation result without a valid {@code action}, accepted content that violates the
 * requested schema ({@link ElicitationForm}), a sampling result without {@code role} and {@code content}, a
 * roots result without a {@code roots} array) get −32602: one such answer refuses the whole retry, however
 * many questions the round asked. Answers to questions not asked are ignored; of a round's questions, those
 * answered are kept (in the next state) and those left unanswered are asked again when the handler asks
 * them again. A refused retry is counted ({@link InputObserver}) and logged (at most one line a minute).
 */
final class InputRounds {

    static final String INPUT_REQUIRED = "input_required";
    private static final Set<String> ACTIONS = Set.of(Elicitation.ACCEPT, Elicitation.DECLINE, Elicitation.CANCEL);

    private static final Logger LOG = Logger.getLogger(InputRounds.class.getName());

    private final InputStates states;
    private final LogLimiter limiter;
    private final InputObserver observer;

    /**
     * @param limiter  logs refused retries, at most one line per interval
     * @param observer counts refused retries
     */
    InputRounds(InputStates states, LogLimiter limiter, InputObserver observer) {
        this.states = Objects.requireNonNull(states, "states");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The handler's input for a request: the client's capabilities and the answers its retry verifiably carries. */
    Input open(String agent, String method, JsonObject params, CallContext ctx) throws JsonRpcException {
        InputObserver.Reason reason = InputObserver.Reason.STATE;
        try {
            ClientCapabilities caps = ClientCapabilities.of(params);
            JsonValue token = params.get("requestState");
            JsonValue responses = params.get("inputResponses");
            if (token == null || token == JsonValue.NULL) {
                if (responses != null && responses != JsonValue.NULL) {
                    throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "inputResponses without requestState");
                }
                return new Input(caps, Map.of());
            }
            if (!(token instanceof JsonString text)) {
                throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "requestState must be a string");
            }
            InputStates.State state = states.open(text.getString(), agent, principal(ctx.caller()),
                    InputStates.requestId(method, params));
            reason = InputObserver.Reason.ANSWER;
            return new Input(caps, answered(state, responses));
        } catch (JsonRpcException e) {
            observer.retryRefused(agent, reason);
            limiter.log(LOG, Level.INFO, "input-retry-refused", "{0} of agent {1} refused: {2}", method, agent,
                    e.getMessage());
            throw e;
        }
    }

    /** The answers of earlier rounds and those of this retry that fit their questions. */
    private static Map<String, JsonObject> answered(InputStates.State state, JsonValue responses) throws JsonRpcException {
        JsonObject given = JsonValue.EMPTY_JSON_OBJECT;
        if (responses != null && responses != JsonValue.NULL) {
            if (!(responses instanceof JsonObject o)) {
                throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "inputResponses must be an object");
            }
            given = o;
        }
        var answered = new LinkedHashMap<String, JsonObject>();
        state.answered().forEach((k, v) -> answered.put(k, (JsonObject) v));
        for (var e : state.pending().entrySet()) {
            JsonValue response = given.get(e.getKey());
            if (response != null) {
                JsonObject request = (JsonObject) e.getValue();
                check(e.getKey(), request, response);
                answered.put(e.getKey(), Json.createObjectBuilder().add("request", request).add("response", response).build());
            }
        }
        return answered;
    }

    /**
     * The {@code InputRequiredResult} asking the handler's questions, all in one round, carrying the answers
     * so far in its state; −32021 naming every capability missing when the client cannot answer them all.
     */
    JsonObject inputRequired(String agent, String method, JsonObject params, CallContext ctx, Input input,
                             InputRequiredException asked) throws JsonRpcException {
        input.capabilities().requireAll(asked.requests().values());
        var questions = Json.createObjectBuilder();
        asked.requests().forEach(questions::add);
        JsonObject pending = questions.build();
        String state = states.seal(agent, principal(ctx.caller()), InputStates.requestId(method, params), pending,
                input.answered());
        return Json.createObjectBuilder().add("resultType", INPUT_REQUIRED).add("inputRequests", pending)
                .add("requestState", state).build();
    }

    /** The principal a state is bound to: the authenticated origin node and end user, as one string. */
    static String principal(Caller caller) {
        return "node=" + caller.node().map(n -> n.value()).orElse("") + ";user="
                + caller.user().map(Caller.User::subject).orElse("");
    }

    private static void check(String key, JsonObject request, JsonValue response) throws JsonRpcException {
        if (!(response instanceof JsonObject r)) {
            throw unfit(key, "must be an object");
        }
        JsonObject params = request.getJsonObject("params");
        switch (request.getString("method")) {
            case Input.ELICIT -> {
                if (!(r.get("action") instanceof JsonString a) || !ACTIONS.contains(a.getString())) {
                    throw unfit(key, "'action' must be accept, decline or cancel");
                }
                if (a.getString().equals(Elicitation.ACCEPT) && params.get("requestedSchema") instanceof JsonObject schema) {
                    if (!(r.get("content") instanceof JsonObject content)) {
                        throw unfit(key, "an accepted form needs 'content'");
                    }
                    try {
                        ElicitationForm.validateContent(content, schema);
                    } catch (SchemaValidator.Violation v) {
                        throw unfit(key, v.path() + ": " + v.problem());
                    }
                }
            }
            case Input.SAMPLE -> {
                if (!(r.get("role") instanceof JsonString) || !r.containsKey("content")) {
                    throw unfit(key, "a sampling result needs 'role' and 'content'");
                }
            }
            case Input.ROOTS -> {
                if (!(r.get("roots") instanceof jakarta.json.JsonArray roots)
                        || !roots.stream().allMatch(v -> v instanceof JsonObject o && o.get("uri") instanceof JsonString)) {
                    throw unfit(key, "a roots result needs 'roots', each with a 'uri'");
                }
            }
            default -> throw unfit(key, "answers an unknown request");
        }
    }

    private static JsonRpcException unfit(String key, String problem) {
        return new JsonRpcException(JsonRpc.INVALID_PARAMS, "inputResponses '" + key + "' does not fit its request: " + problem);
    }
}
