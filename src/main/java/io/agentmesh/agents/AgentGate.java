package io.agentmesh.agents;

import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;

/**
 * Consulted by the {@link AgentHost} before it serves a request to an agent (wire-v1 §5.2 step 4): it
 * may refuse the request with a JSON-RPC error, for example while the MCP server behind a bridged agent
 * is unreachable, and it sees every request it admits (so a bridge learns of resource subscriptions).
 * Agents built from annotated classes have the {@link #OPEN} gate.
 */
@FunctionalInterface
public interface AgentGate {

    /** Admits every request. */
    AgentGate OPEN = (method, params) -> { };

    /**
     * Returns normally to let the host serve the request; throws to answer it with that error.
     *
     * @param method the MCP method ({@code tools/call}, ...)
     * @param params the request's params (an empty object when absent)
     */
    void admit(String method, JsonObject params) throws JsonRpcException;
}
