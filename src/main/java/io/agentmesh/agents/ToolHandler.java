package io.agentmesh.agents;

import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletionStage;

/**
 * Runs one tool call. Completes with the MCP {@code CallToolResult} object. Throws (or completes
 * exceptionally with) a {@link JsonRpcException} for protocol errors such as invalid arguments (-32602);
 * any other failure is reported to the client as a result with {@code isError: true}.
 */
@FunctionalInterface
public interface ToolHandler {

    CompletionStage<JsonObject> call(JsonObject arguments, Invocation invocation) throws JsonRpcException;
}
