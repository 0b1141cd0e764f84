package io.agentmesh.agents.http;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Agents of other nodes, as {@code /mcp/{node-id}/{agent-id}} reaches them (wire-v1 §7: "routed as in
 * 5.3"). The same shape as {@link io.agentmesh.routing.AgentDirectory#request}: the stage completes
 * with the result or exceptionally with a {@link JsonRpcException}. The mesh router plugs in here;
 * {@link #UNREACHABLE} answers every call with −32060.
 */
public interface RemoteAgents {

    CompletionStage<JsonValue> request(NodeId node, String agentId, String method, JsonObject params,
                                       CallContext context);

    void notify(NodeId node, String agentId, String method, JsonObject params, CallContext context);

    /** No route to any other node: every request gets −32060 "node unreachable" with data {node, agent}. */
    RemoteAgents UNREACHABLE = new RemoteAgents() {
        @Override
        public CompletionStage<JsonValue> request(NodeId node, String agentId, String method, JsonObject params,
                                                  CallContext context) {
            return CompletableFuture.failedFuture(new JsonRpcException(JsonRpc.NODE_UNREACHABLE,
                    "node unreachable: this node has no route to node " + node
                            + "; only agents of this node are served at /mcp/{agent-id}",
                    JsonRpc.errorData(node.value(), agentId)));
        }

        @Override
        public void notify(NodeId node, String agentId, String method, JsonObject params, CallContext context) {
        }
    };
}
