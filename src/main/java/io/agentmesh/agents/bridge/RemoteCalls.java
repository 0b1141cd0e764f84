package io.agentmesh.agents.bridge;

import io.agentmesh.agents.Invocation;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * How a bridged agent's handlers reach its MCP server. Failures are {@link io.agentmesh.routing.JsonRpcException}s
 * that name the bridge (or the server's own errors, unchanged).
 */
interface RemoteCalls {

    /**
     * Sends one request for a running call: the call's cancellation cancels it at the server, and the
     * server's progress (when {@code relayProgress}) and log notifications reach the caller.
     */
    CompletionStage<JsonObject> call(String method, JsonObject params, Invocation invocation, boolean relayProgress);

    /** {@code completion/complete} for one argument of a prompt or template ({@code ref}); waits for the answer. */
    List<String> complete(JsonObject ref, String argument, String value, Map<String, String> context) throws Exception;
}
