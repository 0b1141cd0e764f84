package io.agentmesh.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node finds out that the peer of a link is gone when TCP does not tell it (docs/protocol.md, "Idle
 * links"): a host that died or whose network was cut sends no FIN, and a link with nothing to send stays up
 * for hours. {@link LinkLiveness} applies it.
 *
 * @param interval a link on which nothing has arrived for this long gets a WebSocket Ping (RFC 6455
 *                 §5.5.2), which the peer's WebSocket answers with a Pong. Default 10 s. Positive.
 * @param timeout  a link on which nothing (no message, no Pong) has arrived for this long is closed with
 *                 1001: its requests in flight fail at once with −32060 and the link is redialed as after any
 *                 close. Default 30 s. More than {@code interval}.
 */
public record KeepAlive(Duration interval, Duration timeout) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHORTEST_CHECK = Duration.ofMillis(10);

    public KeepAlive {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the keep-alive interval must be positive: " + interval);
        }
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("the liveness timeout (" + timeout + ") must be more than the keep-alive"
                    + " interval (" + interval + ")");
        }
    }

    public static KeepAlive defaults() {
        return new KeepAlive(DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
    }

    /**
     * How often the links are looked at: half the interval (at least 10 ms), so a silent link is closed at most
     * that much after the timeout.
     */
    public Duration checkEvery() {
        Duration half = interval.dividedBy(2);
        return half.compareTo(SHORTEST_CHECK) < 0 ? SHORTEST_CHECK : half;
    }
}
