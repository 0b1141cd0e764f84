package io.agentmesh.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of route announcements ({@code node/routes}, docs/protocol.md "Additions to wire-v1") and of
 * direct dials (wire-v1 §5.3 last bullet), validated on construction.
 *
 * @param announceInterval how often a node announces its routes to every neighbour; default 30 s
 * @param holdTime         {@code hold_ms} of this node's announcements: how long a neighbour keeps them
 *                         without a newer one; default 90 s, more than {@code announceInterval}, at most 1 h
 * @param triggerDelay     how long a change waits before it is announced, so that changes close together
 *                         go out as one announcement; default 50 ms, at most {@code announceInterval}
 * @param maxHops          the most hops a usable route has (counts above it are unreachable); default 8,
 *                         1 to 64 (a request crosses at most {@code ttl} forwards anyway)
 * @param maxEntries       the most entries this node sends in, or accepts from, one announcement; the
 *                         nearest nodes are kept; default 1024, 1 to 65536
 * @param dialDirect       whether the router dials other nodes at their announced {@code addrs} to reach
 *                         them over a direct link; default true ({@code mesh.discovery.auto-dial})
 * @param dialRetry        after a failed direct dial, how long before that node is dialed again; default 60 s
 */
public record RouteSettings(Duration announceInterval, Duration holdTime, Duration triggerDelay, int maxHops,
                            int maxEntries, boolean dialDirect, Duration dialRetry) {

    public static final Duration DEFAULT_ANNOUNCE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);
    public static final Duration DEFAULT_TRIGGER_DELAY = Duration.ofMillis(50);
    public static final int DEFAULT_MAX_HOPS = 8;
    public static final int DEFAULT_MAX_ENTRIES = 1024;
    public static final Duration DEFAULT_DIAL_RETRY = Duration.ofSeconds(60);
    /** Bounds of {@code hold_ms} on the wire. */
    public static final Duration MIN_HOLD = Duration.ofSeconds(1);
    public static final Duration MAX_HOLD = Duration.ofHours(1);

    public RouteSettings {
        requirePositive("announceInterval", announceInterval);
        requirePositive("holdTime", holdTime);
        Objects.requireNonNull(triggerDelay, "triggerDelay");
        requirePositive("dialRetry", dialRetry);
        if (holdTime.compareTo(announceInterval) <= 0) {
            throw new IllegalArgumentException("holdTime must be longer than announceInterval: " + holdTime);
        }
        if (holdTime.compareTo(MIN_HOLD) < 0 || holdTime.compareTo(MAX_HOLD) > 0) {
            throw new IllegalArgumentException("holdTime must be 1 s to 1 h: " + holdTime);
        }
        if (triggerDelay.isNegative() || triggerDelay.compareTo(announceInterval) > 0) {
            throw new IllegalArgumentException("triggerDelay must be 0 to announceInterval: " + triggerDelay);
        }
        if (maxHops < 1 || maxHops > 64) {
            throw new IllegalArgumentException("maxHops must be 1 to 64: " + maxHops);
        }
        if (maxEntries < 1 || maxEntries > 65536) {
            throw new IllegalArgumentException("maxEntries must be 1 to 65536: " + maxEntries);
        }
    }

    /** The documented defaults. */
    public static RouteSettings defaults() {
        return new RouteSettings(DEFAULT_ANNOUNCE_INTERVAL, DEFAULT_HOLD_TIME, DEFAULT_TRIGGER_DELAY,
                DEFAULT_MAX_HOPS, DEFAULT_MAX_ENTRIES, true, DEFAULT_DIAL_RETRY);
    }

    public RouteSettings withTiming(Duration interval, Duration hold, Duration trigger) {
        return new RouteSettings(interval, hold, trigger, maxHops, maxEntries, dialDirect, dialRetry);
    }

    public RouteSettings withMaxHops(int value) {
        return new RouteSettings(announceInterval, holdTime, triggerDelay, value, maxEntries, dialDirect, dialRetry);
    }

    public RouteSettings withMaxEntries(int value) {
        return new RouteSettings(announceInterval, holdTime, triggerDelay, maxHops, value, dialDirect, dialRetry);
    }

    public RouteSettings withDialDirect(boolean value) {
        return new RouteSettings(announceInterval, holdTime, triggerDelay, maxHops, maxEntries, value, dialRetry);
    }

    public RouteSettings withDialRetry(Duration value) {
        return new RouteSettings(announceInterval, holdTime, triggerDelay, maxHops, maxEntries, dialDirect, value);
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
