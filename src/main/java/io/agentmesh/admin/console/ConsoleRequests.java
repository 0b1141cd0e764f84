package io.agentmesh.admin.console;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admin console's requests into the mesh: each goes through the node's {@link MeshEntry} to a node
 * and target (wire-v1 §5.1), as from any other entry point, with an id {@code admin-<n>} and a deadline
 * of its own; a request that misses it is answered −32062 and cancelled (the cancellation travels along,
 * §5.3). Also reads the node ids an administrator gives.
 */
public final class ConsoleRequests {

    private final MeshEntry entry;
    private final AtomicLong ids = new AtomicLong();

    public ConsoleRequests(MeshEntry entry) {
        this.entry = Objects.requireNonNull(entry, "entry");
    }

    /** This node's id. */
    public NodeId self() {
        return entry.nodeId();
    }

    /**
     * Sends {@code op} with {@code params} (null for none) to {@code target} ({@code "node"} or an agent id)
     * of {@code node}. The future completes with the whole response, a result or an error; it never fails.
     */
    public CompletableFuture<JsonRpc.Response> request(NodeId node, String target, String op, JsonObject params,
                                                       Duration deadline) {
        JsonRpc.Request request = new JsonRpc.Request(Json.createValue("admin-" + ids.incrementAndGet()), op, params);
        return entry.request(Destination.agent(node, target), request, Origin.detached("admin console"), deadline)
                .toCompletableFuture();
    }

    /** Parses a node id given by an administrator; {@code local} (or empty) is this node. */
    public NodeId node(String text) {
        if (text == null || text.isBlank() || text.equals("local")) {
            return self();
        }
        if (!NodeId.isNodeId(text)) {
            throw AdminException.badRequest("not a node id (40 lowercase hex characters): " + text);
        }
        return NodeId.of(text);
    }
}
