package io.agentmesh.agents.http;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.CallContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.CompletionStage;

/**
 * Where the messages POSTed to one {@code /mcp} path go (wire-v1 §7): an agent of this node, through
 * the {@link AgentDirectory} (§5.2 step 4), or an agent of another node, through {@link RemoteAgents}.
 */
interface AgentTarget {

    CompletionStage<JsonValue> request(String method, JsonObject params, CallContext ctx);

    void notify(String method, JsonObject params, CallContext ctx);

    static AgentTarget local(AgentDirectory directory, String agent) {
        return new AgentTarget() {
            @Override
            public CompletionStage<JsonValue> request(String method, JsonObject params, CallContext ctx) {
                return directory.request(agent, method, params, ctx);
            }

            @Override
            public void notify(String method, JsonObject params, CallContext ctx) {
                directory.notify(agent, method, params, ctx);
            }
        };
    }

    static AgentTarget remote(RemoteAgents remote, NodeId node, String agent) {
        return new AgentTarget() {
            @Override
            public CompletionStage<JsonValue> request(String method, JsonObject params, CallContext ctx) {
                return remote.request(node, agent, method, params, ctx);
            }

            @Override
            public void notify(String method, JsonObject params, CallContext ctx) {
                remote.notify(node, agent, method, params, ctx);
            }
        };
    }
}
