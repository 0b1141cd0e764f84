package io.agentmesh.node;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the traffic history the dashboard charts (docs/operations.md, "Dashboard"), validated at
 * construction.
 *
 * @param slot         length of one time slot; default 5 s, from 1 s to 5 min, whole seconds
 * @param slots        slots kept per series, so the window is {@code slot × slots}; default 120 (10 min), 2..1440
 * @param maxSeries    agents and links tracked at once; the least recently active is dropped first;
 *                     default 256, 1..10000
 * @param recentErrors error answers remembered for "recent errors"; default 100, 1..10000
 */
public record TrafficSettings(Duration slot, int slots, int maxSeries, int recentErrors) {

    public static final Duration DEFAULT_SLOT = Duration.ofSeconds(5);
    public static final int DEFAULT_SLOTS = 120;
    public static final int DEFAULT_MAX_SERIES = 256;
    public static final int DEFAULT_RECENT_ERRORS = 100;

    public TrafficSettings {
        Objects.requireNonNull(slot, "slot");
        if (slot.compareTo(Duration.ofSeconds(1)) < 0 || slot.compareTo(Duration.ofMinutes(5)) > 0
                || slot.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("slot must be whole seconds from 1 s to 5 min: " + slot);
        }
        requireRange("slots", slots, 2, 1440);
        requireRange("maxSeries", maxSeries, 1, 10_000);
        requireRange("recentErrors", recentErrors, 1, 10_000);
    }

    public static TrafficSettings defaults() {
        return new TrafficSettings(DEFAULT_SLOT, DEFAULT_SLOTS, DEFAULT_MAX_SERIES, DEFAULT_RECENT_ERRORS);
    }

    /** How far back the history reaches. */
    public Duration window() {
        return slot.multipliedBy(slots);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
    }
}
