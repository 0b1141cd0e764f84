package io.agentmesh.node;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Where the node is in its life: starting, running, or failed at start (with why). Read by health checks. */
@ApplicationScoped
public class NodeStatus {

    public enum Phase { STARTING, RUNNING, FAILED }

    private record State(Phase phase, String detail, Instant since) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(Phase.STARTING, "starting", Instant.now()));

    void running(String detail) {
        state.set(new State(Phase.RUNNING, detail, Instant.now()));
    }

    void failed(String detail) {
        state.set(new State(Phase.FAILED, detail, Instant.now()));
    }

    public Phase phase() {
        return state.get().phase();
    }

    public String detail() {
        return state.get().detail();
    }

    public Instant since() {
        return state.get().since();
    }
}
