package io.agentmesh.agents.conformance;

import static io.agentmesh.agents.conformance.ConformanceContent.text;
import static io.agentmesh.agents.conformance.ConformanceInputTools.property;
import static io.agentmesh.agents.conformance.ConformanceInputTools.tool;

import io.agentmesh.agents.Answers;
import io.agentmesh.agents.Elicitation;
import io.agentmesh.agents.Input;
import io.agentmesh.agents.InputRequiredException;
import io.agentmesh.agents.PromptDefinition;
import io.agentmesh.agents.PromptMessage;
import io.agentmesh.agents.Questions;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The conformance suite's fixtures for multi round-trip requests at 2026-07-28 (scenarios
 * {@code input-required-result-*} and the diagnostic tools of {@code server-stateless} of
 * {@code @modelcontextprotocol/conformance} 0.2.0-alpha.12; MCP 2026-07-28 basic/patterns/mrtr), each with
 * the input request keys, messages and schemas its scenario's description gives. They ask through the
 * agent's {@link Input}, one question per round, or several in one ({@code test_input_required_result_multiple_inputs},
 * {@link Input#askAll}): the {@code requestState} that carries earlier answers, its integrity check and the
 * validation of answers are the agent's ({@code InputRounds}), not the fixture's.
 */
final class ConformanceMrtrTools {

    private ConformanceMrtrTools() {
    }

    static List<ToolDefinition> all() {
        return List.of(
                tool("test_input_required_result_elicitation", "Asks the user's name (SEP-2322, basic elicitation)",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) ->
                                "Hello, " + field(askName(invocation.input(), "user_name", "What is your name?"), "name") + "!"),
                tool("test_input_required_result_sampling", "Asks the client's model a question (SEP-2322, basic sampling)",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> "Sampling response: "
                                + ConformanceInputTools.sampledText(sample(invocation.input(), "capital_question",
                                "What is the capital of France?", 100).get("content"))),
                tool("test_input_required_result_list_roots", "Asks for the client's roots (SEP-2322, basic roots/list)",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) ->
                                "Roots: " + uris(invocation.input().roots("client_roots"))),
                tool("test_input_required_result_request_state", "Asks for a confirmation; the state carries the round",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> {
                            Elicitation answer = invocation.input().elicit("confirm", "Please confirm", form("ok", "boolean"));
                            return "state-ok: confirmed=" + answer.content().get("ok");
                        }),
                tool("test_input_required_result_multiple_inputs", "Asks a name, a greeting and the roots, in one round",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> {
                            Answers answers = invocation.input().askAll(new Questions()
                                    .elicit("user_name", "What is your name?", form("name", "string"))
                                    .sample("greeting", sampling("Generate a greeting", 50))
                                    .roots("client_roots"));
                            return "Name: " + field(answers.elicitation("user_name"), "name") + ", greeting: "
                                    + ConformanceInputTools.sampledText(answers.sample("greeting").get("content"))
                                    + ", roots: " + uris(answers.roots("client_roots"));
                        }),
                tool("test_input_required_result_multi_round", "Asks a name, then a colour, in two rounds",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> {
                            Input input = invocation.input();
                            String name = field(askName(input, "step1", "Step 1: What is your name?"), "name");
                            String color = field(input.elicit("step2", "Step 2: What is your favorite color?",
                                    form("color", "string")), "color");
                            return "Name: " + name + ", favorite color: " + color;
                        }),
                tool("test_input_required_result_tampered_state", "Asks a name; a tampered requestState gets -32602",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) ->
                                "Hello, " + field(askName(invocation.input(), "user_name", "What is your name?"), "name") + "!"),
                tool("test_input_required_result_capabilities", "Asks only what the client declared it can answer",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> {
                            Input input = invocation.input();
                            if (input.canSample()) {
                                return "Sampling response: " + ConformanceInputTools.sampledText(
                                        sample(input, "capital_question", "What is the capital of France?", 100).get("content"));
                            }
                            if (input.canElicit()) {
                                return "Hello, " + field(askName(input, "user_name", "What is your name?"), "name") + "!";
                            }
                            if (input.canListRoots()) {
                                return "Roots: " + uris(input.roots("client_roots"));
                            }
                            return "The client declared no capability to ask with";
                        }),
                tool("test_missing_capability", "Needs sampling: a client that did not declare it gets -32021",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> "Sampling response: "
                                + ConformanceInputTools.sampledText(sample(invocation.input(), "needs_sampling",
                                "Say something", 10).get("content"))),
                tool("test_streaming_elicitation", "Asks the user's name: its answer is an InputRequiredResult, never "
                                + "a request on the response stream", ConformanceTools.NO_ARGUMENTS, (arguments, invocation) ->
                                "Hello, " + field(askName(invocation.input(), "user_name", "What is your name?"), "name") + "!"));
    }

    /** {@code test_input_required_result_prompt}: asks the context, then renders a prompt with it. */
    static PromptDefinition prompt() {
        return new PromptDefinition("test_input_required_result_prompt", "Prompt Asking For Context",
                "A prompt that asks the user for context before it renders (SEP-2322)", List.of(),
                (arguments, invocation) -> {
                    try {
                        Elicitation answer = invocation.input().elicit("user_context",
                                "What context should the prompt use?", form("context", "string"));
                        return CompletableFuture.completedFuture(List.of(
                                PromptMessage.user("Use this context: " + field(answer, "context"))));
                    } catch (InputRequiredException asked) {
                        return CompletableFuture.failedFuture(asked);
                    }
                }, Map.of());
    }

    private static Elicitation askName(Input input, String key, String message) throws InputRequiredException {
        return input.elicit(key, message, form("name", "string"));
    }

    private static JsonObject sample(Input input, String key, String prompt, int maxTokens) throws InputRequiredException {
        return input.sample(key, sampling(prompt, maxTokens));
    }

    /** {@code CreateMessageRequestParams}: one user message with {@code prompt}. */
    private static JsonObject sampling(String prompt, int maxTokens) {
        return Json.createObjectBuilder()
                .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user")
                        .add("content", text(prompt))))
                .add("maxTokens", maxTokens).build();
    }

    /** {@code {type: object, properties: {name: {type}}, required: [name]}}. */
    static JsonObject form(String name, String type) {
        return Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add(name, Json.createObjectBuilder().add("type", type)))
                .add("required", Json.createArrayBuilder().add(name)).build();
    }

    private static String field(Elicitation answer, String name) {
        JsonValue v = answer.content().get(name);
        return v instanceof JsonString s ? s.getString() : String.valueOf(v);
    }

    private static String uris(List<JsonValue> roots) {
        return roots.stream().map(r -> r instanceof JsonObject o ? o.getString("uri", "?") : "?")
                .collect(Collectors.joining(", "));
    }
}
