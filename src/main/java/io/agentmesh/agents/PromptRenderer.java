package io.agentmesh.agents;

import io.agentmesh.routing.JsonRpcException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Renders a prompt for {@code prompts/get}: the arguments are checked against the declaration first. */
@FunctionalInterface
public interface PromptRenderer {

    CompletionStage<List<PromptMessage>> render(Map<String, String> arguments, Invocation invocation)
            throws JsonRpcException;
}
