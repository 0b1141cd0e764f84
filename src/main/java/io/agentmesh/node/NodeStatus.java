package io.agentmesh.node;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the node is in its life: starting (with what it waits for), running (its HTTP endpoint
 * listening), or failed at start (with why). Read by health checks.
 */
@ApplicationScoped
public class NodeStatus {

    public enum Phase { STARTING, RUNNING, FAILED }

    private record State(Phase phase, String detail, Instant since) {
    }

    @Inject
    Clock clock;

    private final AtomicReference<State> state = new AtomicReference<>();

    @PostConstruct
    void create() {
        state.set(new State(Phase.STARTING, "starting", clock.instant()));
    }

    void starting(String detail) {
        state.set(new State(Phase.STARTING, detail, state.get().since()));
    }

    void running(String detail) {
        state.set(new State(Phase.RUNNING, detail, clock.instant()));
    }

    void failed(String reason) {
        state.set(new State(Phase.FAILED, reason, clock.instant()));
    }

    public Phase phase() {
        return state.get().phase();
    }

    /** What the node is doing or waits for, its address when running, or why it failed. */
    public String detail() {
        return state.get().detail();
    }

    public Instant since() {
        return state.get().since();
    }
}
