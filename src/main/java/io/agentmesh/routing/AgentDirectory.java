package io.agentmesh.routing;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The agents hosted on this node, as the router sees them (wire-v1 §5.2 steps 3–6, §5.4). Implemented
 * by the agents package; the router depends only on this interface.
 */
public interface AgentDirectory {

    /** Ids of the agents hosted here, in registration order. */
    List<String> agentIds();

    boolean hosts(String agentId);

    /** The agent that takes MCP methods sent without an agent (§5.2 step 5): configured, else the first registered. */
    Optional<String> defaultAgent();

    /** One entry of {@code node/list_agents}: {@code {"id","title","description","tools":[names],"resources":n,"prompts":n}}. */
    List<JsonObject> describe();

    /**
     * Hands an MCP request to an agent. The stage completes with the result, or exceptionally with a
     * {@link JsonRpcException} carrying the MCP error. {@code params} is an object (empty when absent).
     */
    CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext context);

    /**
     * Whether {@link #request} for this agent, method and params never blocks (a tool declared
     * non-blocking, a list of the agent's own definitions), so that the router may serve it on the
     * thread that read it from a link. False when in doubt.
     */
    default boolean servesWithoutBlocking(String agentId, String method, JsonObject params) {
        return false;
    }

    /** Hands an MCP notification to an agent (for example notifications/cancelled). */
    void notify(String agentId, String method, JsonObject params, CallContext context);

    /** A directory with no agents. */
    AgentDirectory EMPTY = new AgentDirectory() {
        @Override public List<String> agentIds() { return List.of(); }
        @Override public boolean hosts(String agentId) { return false; }
        @Override public Optional<String> defaultAgent() { return Optional.empty(); }
        @Override public List<JsonObject> describe() { return List.of(); }
        @Override public CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext context) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new JsonRpcException(JsonRpc.AGENT_NOT_FOUND, "agent not found: " + agentId));
        }
        @Override public void notify(String agentId, String method, JsonObject params, CallContext context) { }
    };
}
