package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Balancer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The router's {@link Balancer} for {@code *:<agent>/...} (wire-v1 §5.2 step 2) from the registry: the
 * candidates are the nodes whose advert lists the agent, this node's own included, in the order of
 * the {@link ReplicaBalancer} (docs/registry.md §5.1). {@link #candidates} gives the whole failover
 * order; {@link #replicas()} is where a caller reports each request's start and end.
 */
public final class RegistryBalancer implements Balancer {

    private final Registry registry;
    private final ReplicaBalancer replicas;

    public RegistryBalancer(Registry registry, ReplicaBalancer replicas) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.replicas = Objects.requireNonNull(replicas, "replicas");
    }

    @Override
    public Optional<NodeId> choose(String agentId) {
        List<NodeId> order = candidates(agentId);
        return order.isEmpty() ? Optional.empty() : Optional.of(order.get(0));
    }

    /** Every node known to host {@code agentId}, best first. */
    public List<NodeId> candidates(String agentId) {
        return replicas.order(agentId, registry.replicas(agentId));
    }

    public ReplicaBalancer replicas() {
        return replicas;
    }
}
