package io.agentmesh.registry;

/**
 * How one replica ({@code node:agent}) fares, as the {@link ReplicaBalancer} tracks it (docs/registry.md §5.1).
 *
 * @param outstanding         requests sent and not yet answered
 * @param latencyMillis       exponential average of answered requests' latency; 0 before the first
 * @param consecutiveFailures failures since the last success
 * @param healthy             false while the replica sits out its cooldown after too many failures
 */
public record ReplicaHealth(String address, int outstanding, double latencyMillis, int consecutiveFailures,
                            boolean healthy) {
}
