package io.agentmesh.agents.bridge;

import java.time.Duration;
import java.util.Objects;

/** Capped exponential backoff between reconnection attempts: initial, twice that, ... up to the maximum. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max below initial");
        }
        this.next = initial;
    }

    /** The delay before the next attempt; the one after it doubles, up to the maximum. */
    synchronized Duration next() {
        Duration current = next;
        Duration doubled = current.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** An attempt succeeded: start again from the initial delay. */
    synchronized void reset() {
        next = initial;
    }
}
