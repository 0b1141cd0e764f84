package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes not to dial again yet after a failed dial, each until its retry delay has passed. Passed
 * times leave: the whole set is swept at most once per delay, so it never holds more than the nodes whose
 * dials failed within about two delays. Thread-safe.
 */
final class DialRetries {

    private final Duration delay;
    private final ConcurrentHashMap<NodeId, Instant> retryAfter = new ConcurrentHashMap<>();
    /** When the passed times are swept next. */
    private volatile Instant nextSweep = Instant.MIN;

    DialRetries(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    /** A dial of {@code node} failed at {@code now}: not again for the delay. */
    void failed(NodeId node, Instant now) {
        retryAfter.put(node, now.plus(delay));
        if (!now.isBefore(nextSweep)) {
            nextSweep = now.plus(delay);
            retryAfter.values().removeIf(after -> !now.isBefore(after));
        }
    }

    /** A dial of {@code node} succeeded: it may be dialed again whenever needed. */
    void succeeded(NodeId node) {
        retryAfter.remove(node);
    }

    /** True while {@code node} waits out its delay at {@code now}. */
    boolean waiting(NodeId node, Instant now) {
        Instant after = retryAfter.get(node);
        return after != null && now.isBefore(after);
    }

    /** Nodes held, waiting or passed but not yet swept. */
    int size() {
        return retryAfter.size();
    }
}
