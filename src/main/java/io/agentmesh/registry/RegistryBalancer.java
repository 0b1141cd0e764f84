package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Balancer;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The router's {@link Balancer} for {@code *:<agent>/...} (wire-v1 §5.2 step 2) from the registry: the
 * candidates are the nodes whose advert lists the agent, this node's own included, in the order of
 * the {@link ReplicaBalancer} (docs/registry.md §5.1), which also hears how each request ended; a request
 * that may already have reached a replica goes to another only as the {@link RetryPolicy} allows, from
 * the tool annotations that replica advertised (§5.2). A node whose advert leaves the registry is
 * forgotten by the replica balancer.
 */
public final class RegistryBalancer implements Balancer {

    private final Registry registry;
    private final ReplicaBalancer replicas;

    public RegistryBalancer(Registry registry, ReplicaBalancer replicas) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.replicas = Objects.requireNonNull(replicas, "replicas");
        registry.addListener(change -> {
            if (change.kind() == RegistryChange.Kind.REMOVED) {
                replicas.forget(change.node());
            }
        });
    }

    /** Every node known to host {@code agentId}, best first. */
    @Override
    public List<NodeId> candidates(String agentId) {
        return replicas.order(agentId, registry.replicas(agentId));
    }

    @Override
    public Attempt start(NodeId node, String agentId) {
        return replicas.start(node, agentId);
    }

    @Override
    public boolean safeToRepeat(NodeId node, String agentId, String op, JsonObject params) {
        ToolAnnotations annotations = null;
        if ("tools/call".equals(op)) {
            String tool = RetryPolicy.toolName(params);
            annotations = tool == null ? null : registry.toolAnnotations(node, agentId, tool).orElse(null);
        }
        return RetryPolicy.safeAfterDelivery(agentId, op, annotations);
    }

    public ReplicaBalancer replicas() {
        return replicas;
    }
}
