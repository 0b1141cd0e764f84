package io.agentmesh.transport;

import java.util.Locale;
import java.util.Objects;

/**
 * Limits of the {@link DialGovernor} on the dials a node makes to addresses it learned or was told
 * (docs/configuration.md, {@code mesh.dial.*}).
 *
 * @param ratePerSecond  dials started per second on average ({@code mesh.dial.rate}, default 2)
 * @param burst          dials that may start at once after a quiet time ({@code mesh.dial.burst}, default 8)
 * @param maxConcurrent  dials in progress at once, from the start until the socket is open or the dial failed
 *                       ({@code mesh.dial.max-concurrent}, default 8)
 * @param privateTargets whether loopback, private and link-local targets may be dialed
 *                       ({@code mesh.dial.allow-private}, default {@link PrivateTargets#AUTO})
 */
public record DialSettings(double ratePerSecond, int burst, int maxConcurrent, PrivateTargets privateTargets) {

    /** Whether targets on local networks may be dialed. */
    public enum PrivateTargets {
        /** Only when this node itself is on one: an advertised address or a bootstrap entry resolves to one. */
        AUTO,
        /** Always. */
        TRUE,
        /** Never (bootstrap entries are not governed). */
        FALSE;

        /** {@code auto}, {@code true} or {@code false}, in any case. */
        public static PrivateTargets parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected auto, true or false: " + value);
            }
        }
    }

    public static final double DEFAULT_RATE = 2.0;
    public static final int DEFAULT_BURST = 8;
    public static final int DEFAULT_MAX_CONCURRENT = 8;

    public DialSettings {
        if (!(ratePerSecond > 0.0 && ratePerSecond <= 10_000.0)) {
            throw new IllegalArgumentException("ratePerSecond must lie in (0, 10000]: " + ratePerSecond);
        }
        if (burst < 1 || burst > 10_000) {
            throw new IllegalArgumentException("burst must lie in [1, 10000]: " + burst);
        }
        if (maxConcurrent < 1 || maxConcurrent > 1024) {
            throw new IllegalArgumentException("maxConcurrent must lie in [1, 1024]: " + maxConcurrent);
        }
        Objects.requireNonNull(privateTargets, "privateTargets");
    }

    /** The documented defaults. */
    public static DialSettings defaults() {
        return new DialSettings(DEFAULT_RATE, DEFAULT_BURST, DEFAULT_MAX_CONCURRENT, PrivateTargets.AUTO);
    }
}
