package io.agentmesh.agents.conformance;

import io.agentmesh.agents.PromptDefinition;
import io.agentmesh.agents.PromptMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The conformance suite's fixture prompts (scenarios {@code prompts-*} and {@code completion-complete} of
 * {@code @modelcontextprotocol/conformance} 0.1.16; MCP 2025-11-25, server/prompts): without arguments, with
 * two, with an embedded resource, and with an image. {@code test_prompt_with_arguments} offers completion
 * of its arguments with no candidates, as the suite's reference server does.
 */
final class ConformancePrompts {

    private ConformancePrompts() {
    }

    static List<PromptDefinition> all() {
        return List.of(
                new PromptDefinition("test_simple_prompt", "Simple Test Prompt", "A simple prompt without arguments",
                        List.of(), (arguments, invocation) -> messages(
                                PromptMessage.user("This is a simple prompt for testing.")), Map.of()),
                new PromptDefinition("test_prompt_with_arguments", "Prompt With Arguments",
                        "A prompt with required arguments",
                        List.of(new PromptDefinition.Argument("arg1", "First test argument", true),
                                new PromptDefinition.Argument("arg2", "Second test argument", true)),
                        (arguments, invocation) -> messages(PromptMessage.user("Prompt with arguments: arg1='"
                                + arguments.get("arg1") + "', arg2='" + arguments.get("arg2") + "'")),
                        Map.of()),
                new PromptDefinition("test_prompt_with_embedded_resource", "Prompt With Embedded Resource",
                        "A prompt that includes an embedded resource",
                        List.of(new PromptDefinition.Argument("resourceUri", "URI of the resource to embed", true)),
                        (arguments, invocation) -> messages(
                                PromptMessage.of("user", ConformanceContent.resource(arguments.get("resourceUri"),
                                        "text/plain", "Embedded resource content for testing.")),
                                PromptMessage.user("Please process the embedded resource above.")), Map.of()),
                new PromptDefinition("test_prompt_with_image", "Prompt With Image", "A prompt that includes image content",
                        List.of(), (arguments, invocation) -> messages(
                                PromptMessage.of("user", ConformanceContent.image()),
                                PromptMessage.user("Please analyze the image above.")), Map.of()));
    }

    private static CompletableFuture<List<PromptMessage>> messages(PromptMessage... messages) {
        return CompletableFuture.completedFuture(List.of(messages));
    }
}
