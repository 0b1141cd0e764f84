package io.agentmesh.agents.conformance;

import static io.agentmesh.agents.conformance.ConformanceContent.text;

import io.agentmesh.agents.Elicitation;
import io.agentmesh.agents.InputRequiredException;
import io.agentmesh.agents.Invocation;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The conformance suite's fixture tools that ask the client something while they run (scenarios
 * {@code tools-call-sampling}, {@code tools-call-elicitation}, {@code elicitation-sep1034-defaults} and
 * {@code elicitation-sep1330-enums} of {@code @modelcontextprotocol/conformance} 0.1.16; MCP 2025-11-25
 * client/sampling, client/elicitation), each with the request and the result text its scenario gives.
 * <p>
 * They ask through the agent's {@link io.agentmesh.agents.Input}: the first call of a question ends the
 * invocation with {@link InputRequiredException}, which each handler hands back as its failed stage, and the
 * agent answers {@code input_required}; for a 2025-11-25 session the entry node asks the client on the POST's
 * SSE stream and calls again with the answer, and the handler then runs to its result. A client without the
 * {@code sampling} or {@code elicitation} capability gets −32021, the error the scenarios ask for ("If the
 * client doesn't support ..., return an error"). Elicitation requests carry {@code mode: "form"}, which
 * 2025-11-25 allows for a form request (client/elicitation, "Form Mode Elicitation Requests").
 */
final class ConformanceInputTools {

    /** The form of {@code test_elicitation}. */
    static final JsonObject USER_FORM = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder()
                    .add("username", property("string", "User's response"))
                    .add("email", property("string", "User's email address")))
            .add("required", Json.createArrayBuilder().add("username").add("email"))
            .build();

    /** The form of {@code test_elicitation_sep1034_defaults}: a default for every primitive type (SEP-1034). */
    static final JsonObject DEFAULTS_FORM = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder()
                    .add("name", Json.createObjectBuilder().add("type", "string").add("default", "John Doe"))
                    .add("age", Json.createObjectBuilder().add("type", "integer").add("default", 30))
                    .add("score", Json.createObjectBuilder().add("type", "number").add("default", 95.5))
                    .add("status", Json.createObjectBuilder().add("type", "string")
                            .add("enum", strings("active", "inactive", "pending")).add("default", "active"))
                    .add("verified", Json.createObjectBuilder().add("type", "boolean").add("default", true)))
            .build();

    /** The form of {@code test_elicitation_sep1330_enums}: the five enum variants (SEP-1330). */
    static final JsonObject ENUMS_FORM = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder()
                    .add("untitledSingle", Json.createObjectBuilder().add("type", "string")
                            .add("enum", strings("option1", "option2", "option3")))
                    .add("titledSingle", Json.createObjectBuilder().add("type", "string")
                            .add("oneOf", titled("value1", "First Option", "value2", "Second Option",
                                    "value3", "Third Option")))
                    .add("legacyEnum", Json.createObjectBuilder().add("type", "string")
                            .add("enum", strings("opt1", "opt2", "opt3"))
                            .add("enumNames", strings("Option One", "Option Two", "Option Three")))
                    .add("untitledMulti", Json.createObjectBuilder().add("type", "array")
                            .add("items", Json.createObjectBuilder().add("type", "string")
                                    .add("enum", strings("option1", "option2", "option3"))))
                    .add("titledMulti", Json.createObjectBuilder().add("type", "array")
                            .add("items", Json.createObjectBuilder().add("anyOf", titled("value1", "First Choice",
                                    "value2", "Second Choice", "value3", "Third Choice")))))
            .build();

    private ConformanceInputTools() {
    }

    static List<ToolDefinition> all() {
        return List.of(
                tool("test_sampling", "Tests server-initiated sampling (LLM completion request)",
                        oneString("prompt", "The prompt to send to the LLM"), ConformanceInputTools::sampling),
                tool("test_elicitation", "Tests server-initiated elicitation (user input request)",
                        oneString("message", "The message to show the user"),
                        (arguments, invocation) -> "User response: " + describe(invocation.input().elicit(
                                "user", string(arguments, "message"), USER_FORM), "action: ", ", content: ")),
                tool("test_elicitation_sep1034_defaults", "Tests elicitation with default values (SEP-1034)",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> completed(invocation.input()
                                .elicit("defaults", "Please review and update the form fields with defaults",
                                        DEFAULTS_FORM))),
                tool("test_elicitation_sep1330_enums", "Tests elicitation with the enum schema variants (SEP-1330)",
                        ConformanceTools.NO_ARGUMENTS, (arguments, invocation) -> completed(invocation.input()
                                .elicit("enums", "Please select options from the enum fields", ENUMS_FORM))));
    }

    /** {@code test_sampling}: one user message with the prompt, at most 100 tokens; the model's text back. */
    private static String sampling(JsonObject arguments, Invocation invocation) throws InputRequiredException {
        JsonObject params = Json.createObjectBuilder()
                .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user")
                        .add("content", text(string(arguments, "prompt")))))
                .add("maxTokens", 100)
                .build();
        return "LLM response: " + sampledText(invocation.input().sample("sampling", params).get("content"));
    }

    /**
     * The text of a sampling result's {@code content}: one content block or, since 2025-11-25, an array of
     * them (client/sampling, {@code CreateMessageResult}); its JSON when it holds no text block.
     */
    static String sampledText(JsonValue content) {
        List<JsonValue> blocks = content instanceof JsonArray a ? a : List.of(content);
        for (JsonValue block : blocks) {
            if (block instanceof JsonObject b && b.get("text") instanceof JsonString t) {
                return t.getString();
            }
        }
        return String.valueOf(content);
    }

    private static String completed(Elicitation answer) {
        return "Elicitation completed: " + describe(answer, "action=", ", content=");
    }

    private static String describe(Elicitation answer, String action, String content) {
        return action + answer.action() + content + answer.content();
    }

    /** A handler that asks: its question ends the call as a failed stage, its answer gives the result's text. */
    @FunctionalInterface
    interface Asking {
        String text(JsonObject arguments, Invocation invocation) throws InputRequiredException;
    }

    static ToolDefinition tool(String name, String description, JsonObject inputSchema, Asking asking) {
        return new ToolDefinition(name, "", description, inputSchema, null, null, (arguments, invocation) -> {
            try {
                return CompletableFuture.completedFuture(Json.createObjectBuilder()
                        .add("content", Json.createArrayBuilder().add(text(asking.text(arguments, invocation))))
                        .add("isError", false).build());
            } catch (InputRequiredException asked) {
                return CompletableFuture.failedFuture(asked);
            }
        }, true);
    }

    static String string(JsonObject arguments, String name) {
        return arguments.get(name) instanceof JsonString s ? s.getString() : "";
    }

    private static JsonObject oneString(String name, String description) {
        return Json.createObjectBuilder().add("type", "object")
                .add("properties", Json.createObjectBuilder().add(name, property("string", description)))
                .add("required", Json.createArrayBuilder().add(name)).build();
    }

    static JsonObject property(String type, String description) {
        return Json.createObjectBuilder().add("type", type).add("description", description).build();
    }

    private static JsonArray strings(String... values) {
        var array = Json.createArrayBuilder();
        for (String v : values) {
            array.add(v);
        }
        return array.build();
    }

    /** {@code [{const, title}, ...]} from const, title pairs. */
    private static JsonArray titled(String... pairs) {
        var array = Json.createArrayBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            array.add(Json.createObjectBuilder().add("const", pairs[i]).add("title", pairs[i + 1]));
        }
        return array.build();
    }
}
