package io.agentmesh.agents.bridge;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one bridged agent, for health checks and logs.
 *
 * @param id          the agent id
 * @param target      the server's URL or command line
 * @param state       where the bridge is
 * @param detail      why it is in that state (the last failure when down), or what it serves when up
 * @param since       when it entered the state
 * @param nextAttempt when down: the time of the next reconnection attempt
 */
public record BridgeStatus(String id, String target, State state, String detail, Instant since,
        Optional<Instant> nextAttempt) {

    /** Where a bridge is in its life. */
    public enum State {
        /** Initializing a session with the server and fetching its lists. */
        CONNECTING,
        /** Serving: calls are relayed to the server. */
        UP,
        /** The server cannot be reached, or answered wrongly; calls fail and a reconnection is scheduled. */
        DOWN,
        /** Stopped with the node. */
        CLOSED
    }

    public BridgeStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        detail = Objects.requireNonNullElse(detail, "");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
    }

    public boolean up() {
        return state == State.UP;
    }

    /** One line for logs and health data: {@code UP: 3 tools, ...} or {@code DOWN: cannot reach ... (next attempt at ...)}. */
    public String summary() {
        return state + (detail.isEmpty() ? "" : ": " + detail)
                + nextAttempt.map(t -> " (next attempt at " + t + ")").orElse("");
    }
}
