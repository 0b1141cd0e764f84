package io.agentmesh.agents;

import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletionStage;

/**
 * Runs one tool call. Completes with the MCP {@code CallToolResult} object. Throws (or completes
 * exceptionally with) a {@link JsonRpcException} for protocol errors; any other failure, and arguments
 * that fail the input schema (SEP-1303, MCP 2025-11-25 server/tools "Error Handling"), is reported to the
 * client as a result with {@code isError: true}.
 */
@FunctionalInterface
public interface ToolHandler {

    CompletionStage<JsonObject> call(JsonObject arguments, Invocation invocation) throws JsonRpcException;
}
