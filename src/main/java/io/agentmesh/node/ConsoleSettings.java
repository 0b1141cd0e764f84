package io.agentmesh.node;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the admin API, dashboard and metrics (docs/configuration.md, "Dashboard and admin API"),
 * validated at construction.
 *
 * @param requestTimeout how long the console waits for a node to answer what it asks it (node info,
 *                       agents, peers) and for a dial; {@code mesh.console.request-timeout}, default 5 s
 * @param callTimeout    how long a tool call from the console may take; {@code mesh.console.call-timeout},
 *                       default 30 s
 * @param viewReuse      how long a mesh view is served again before the nodes are asked anew; default 2 s
 * @param traffic        the traffic history ({@code mesh.console.traffic.slot}, {@code mesh.console.traffic.slots})
 * @param maxPeerSeries  most peers with metric series of their own, the others counted as {@code peer="other"};
 *                       {@code mesh.metrics.max-peer-series}, default 64
 */
public record ConsoleSettings(Duration requestTimeout, Duration callTimeout, Duration viewReuse,
                              TrafficSettings traffic, int maxPeerSeries) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_VIEW_REUSE = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_PEER_SERIES = 64;
    /** The largest {@code maxPeerSeries}: each series is some 9 lines of Prometheus text. */
    public static final int MAX_PEER_SERIES_LIMIT = 10_000;

    public ConsoleSettings {
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("callTimeout", callTimeout);
        Objects.requireNonNull(viewReuse, "viewReuse");
        if (viewReuse.isNegative()) {
            throw new IllegalArgumentException("viewReuse must not be negative: " + viewReuse);
        }
        Objects.requireNonNull(traffic, "traffic");
        if (maxPeerSeries < 0 || maxPeerSeries > MAX_PEER_SERIES_LIMIT) {
            throw new IllegalArgumentException("maxPeerSeries must be from 0 to " + MAX_PEER_SERIES_LIMIT + ": "
                    + maxPeerSeries);
        }
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(DEFAULT_REQUEST_TIMEOUT, DEFAULT_CALL_TIMEOUT, DEFAULT_VIEW_REUSE,
                TrafficSettings.defaults(), DEFAULT_MAX_PEER_SERIES);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
