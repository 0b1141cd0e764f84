package io.agentmesh.admin.metrics;

import io.agentmesh.identity.NodeId;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which peers {@link MeshMetrics} gives series of their own: at most {@code max}
 * ({@code mesh.metrics.max-peer-series}), the {@code configured} ones (bootstrap entries' nodes,
 * allowlisted nodes) first and kept while unlinked, others only while linked.
 */
public record PeerSeriesPolicy(int max, Predicate<NodeId> configured) {

    public PeerSeriesPolicy {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        Objects.requireNonNull(configured, "configured");
    }
}
