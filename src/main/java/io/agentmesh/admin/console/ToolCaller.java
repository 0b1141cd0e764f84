package io.agentmesh.admin.console;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.routing.Address;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a tool of any agent in the mesh from the admin console: {@code <node>:<agent>/tools/call} with
 * {@code {"name", "arguments"}} through the router (wire-v1 §5.2–5.3), like any other entry point.
 */
public final class ToolCaller {

    private final MeshClient client;
    private final Clock clock;
    private final Duration deadline;

    public ToolCaller(MeshClient client, Clock clock, Duration deadline) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * @param node      a node id, or {@code local} / empty for this node
     * @param agent     an agent id
     * @param tool      the tool's name
     * @param arguments its arguments (null for none)
     */
    public CompletableFuture<ToolCall> call(String node, String agent, String tool, JsonObject arguments) {
        NodeId target = client.node(node);
        if (agent == null || !Address.isValidAgentId(agent) || Address.isReservedAgentId(agent)) {
            throw AdminException.badRequest("not an agent id: " + agent);
        }
        if (tool == null || tool.isBlank()) {
            throw AdminException.badRequest("a tool name is required");
        }
        JsonObject params = Json.createObjectBuilder()
                .add("name", tool)
                .add("arguments", arguments == null ? Json.createObjectBuilder().build() : arguments)
                .build();
        String method = agent + "/tools/call";
        Instant start = clock.instant();
        return client.request(target, method, params, deadline).toCompletableFuture().thenApply(r -> new ToolCall(
                target.value() + ":" + method, tool, Duration.between(start, clock.instant()).toNanos() / 1e6,
                r.result(), r.error()));
    }
}
