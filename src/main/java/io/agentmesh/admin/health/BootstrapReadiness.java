package io.agentmesh.admin.health;

import io.agentmesh.transport.LinkManager.BootstrapStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The bootstrap rule of readiness (docs/operations.md, "Health"): a node with a bootstrap list is ready
 * while at least one bootstrap peer (other than itself) is linked; when none is, it stays ready for a
 * grace period ({@code mesh.health.bootstrap-grace}), counted from the node's start or from the last
 * check that found one linked, and then is not ready, naming the entries it cannot reach. A node
 * without bootstrap entries (or whose only entries are itself) passes.
 */
public final class BootstrapReadiness {

    /** Where the node stands. */
    public enum State {
        /** No bootstrap entries besides this node. */
        NONE,
        /** At least one bootstrap peer linked. */
        LINKED,
        /** None linked, within the grace period. */
        WAITING,
        /** None linked for longer than the grace period: not ready. */
        UNREACHABLE
    }

    /** One evaluation: the state, the entries linked and not, and since when none has been linked. */
    public record Verdict(State state, List<String> linked, List<String> unreachable, Instant noneLinkedSince) {
        public Verdict {
            linked = List.copyOf(linked);
            unreachable = List.copyOf(unreachable);
        }

        public boolean up() {
            return state != State.UNREACHABLE;
        }
    }

    private final Duration grace;
    private final Clock clock;
    private Instant lastLinked;

    public BootstrapReadiness(Duration grace, Clock clock) {
        this.grace = Objects.requireNonNull(grace, "grace");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("negative grace period");
        }
    }

    public Duration grace() {
        return grace;
    }

    /** Evaluates the entries now, for a node started at {@code startedAt}. */
    public synchronized Verdict evaluate(List<BootstrapStatus> entries, Instant startedAt) {
        Instant now = clock.instant();
        List<BootstrapStatus> others = entries.stream().filter(e -> !e.self()).toList();
        List<String> linked = others.stream().filter(BootstrapStatus::linked).map(e -> e.url().toString()).toList();
        List<String> unreachable = others.stream().filter(e -> !e.linked()).map(e -> e.url().toString()).toList();
        if (others.isEmpty()) {
            return new Verdict(State.NONE, linked, unreachable, null);
        }
        if (!linked.isEmpty()) {
            lastLinked = now;
            return new Verdict(State.LINKED, linked, unreachable, null);
        }
        Instant since = lastLinked != null && lastLinked.isAfter(startedAt) ? lastLinked : startedAt;
        State state = now.isBefore(since.plus(grace)) ? State.WAITING : State.UNREACHABLE;
        return new Verdict(state, linked, unreachable, since);
    }
}
