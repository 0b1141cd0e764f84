package io.agentmesh.transport;

import java.util.Objects;

/** A dial the {@link DialGovernor} did not make, with the reason. */
public final class DialRefusedException extends RuntimeException {

    private final DialRefusal reason;

    public DialRefusedException(DialRefusal reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DialRefusal reason() {
        return reason;
    }

    /** True when the refusal says nothing of the target (this node is busy), only of this node's limits. */
    public boolean isLocalLimit() {
        return reason == DialRefusal.RATE || reason == DialRefusal.CONCURRENCY || reason == DialRefusal.QUEUE_FULL;
    }
}
