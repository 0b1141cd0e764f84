package io.agentmesh.transport;

/**
 * Why the {@link DialGovernor} refused a dial (docs/operations.md "Limits"): a fixed set, so the metric of
 * refused dials has a bounded set of series.
 */
public enum DialRefusal {
    /** More dials than {@code mesh.dial.rate} (with bursts of {@code mesh.dial.burst}) were asked for. */
    RATE,
    /** {@code mesh.dial.max-concurrent} dials are in progress already. */
    CONCURRENCY,
    /** The target is a loopback, private, link-local or otherwise local address, and those are not allowed. */
    PRIVATE_TARGET,
    /** The target's host name does not resolve. */
    UNRESOLVED,
    /** The dial threads' queue is full. */
    QUEUE_FULL
}
