package io.agentmesh.node;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the admin API and dashboard (docs/configuration.md, "Dashboard and admin API"), validated
 * at construction.
 *
 * @param requestTimeout how long the console waits for a node to answer what it asks it (node info,
 *                       agents, peers) and for a dial; {@code mesh.console.request-timeout}, default 5 s
 * @param callTimeout    how long a tool call from the console may take; {@code mesh.console.call-timeout},
 *                       default 30 s
 * @param viewReuse      how long a mesh view is served again before the nodes are asked anew; default 2 s
 * @param traffic        the traffic history ({@code mesh.console.traffic.slot}, {@code mesh.console.traffic.slots})
 */
public record ConsoleSettings(Duration requestTimeout, Duration callTimeout, Duration viewReuse,
                              TrafficSettings traffic) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_VIEW_REUSE = Duration.ofSeconds(2);

    public ConsoleSettings {
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("callTimeout", callTimeout);
        Objects.requireNonNull(viewReuse, "viewReuse");
        if (viewReuse.isNegative()) {
            throw new IllegalArgumentException("viewReuse must not be negative: " + viewReuse);
        }
        Objects.requireNonNull(traffic, "traffic");
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(DEFAULT_REQUEST_TIMEOUT, DEFAULT_CALL_TIMEOUT, DEFAULT_VIEW_REUSE,
                TrafficSettings.defaults());
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
