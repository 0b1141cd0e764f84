package io.agentmesh.admin.console;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.routing.Address;
import io.agentmesh.routing.Destination;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a tool of any agent in the mesh from the admin console: {@code tools/call} with
 * {@code {"name", "arguments"}} to {@code <node>:<agent>} through the mesh entry (wire-v1 §5.2–5.3), like
 * any other entry point.
 */
public final class ToolCaller {

    private final ConsoleRequests client;
    private final Clock clock;
    private final Duration deadline;

    public ToolCaller(ConsoleRequests client, Clock clock, Duration deadline) {
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
        String address = Destination.agent(target, agent) + "/tools/call";
        Instant start = clock.instant();
        return client.request(target, agent, "tools/call", params, deadline).thenApply(r -> new ToolCall(
                address, tool, Duration.between(start, clock.instant()).toNanos() / 1e6, r.result(), r.error()));
    }
}
