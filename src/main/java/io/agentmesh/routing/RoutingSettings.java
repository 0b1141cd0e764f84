package io.agentmesh.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the router (wire-v1 §5.3) and of how it learns and reaches other nodes ({@link Routes}),
 * validated on construction.
 *
 * @param ttl                hop limit given to a request that arrives without route metadata; default 8, 0 to 255
 * @param forwardingDeadline how long a forwarded request waits for its answer before {@code -32062}; default 30 s
 * @param requestDeadline    how long a request this node sends on a link waits before {@code -32062}; default 30 s
 * @param maxPendingPerLink  outbound requests (sent or forwarded) awaiting an answer on one link; one
 *                           more is answered {@code -32065}; default 1024
 * @param maxServedPerLink   inbound requests from one link being served at once; one more is answered
 *                           {@code -32065}; default 1024
 * @param workerThreads      threads serving the requests from links that may block (not forwarding, not
 *                           non-blocking agent requests, which run on the link's reading thread); default 16
 * @param workQueueCapacity  requests waiting for a worker thread; beyond it a request is answered
 *                           {@code -32065}; default 4096
 * @param failoverAttempts   most replicas one request to {@code *:<agent>} is sent to, the first
 *                           included (docs/registry.md §5.2); default 3, 1 to 64
 * @param routes             route announcements and direct dials; default {@link Routes#defaults()}
 */
public record RoutingSettings(int ttl, Duration forwardingDeadline, Duration requestDeadline,
                              int maxPendingPerLink, int maxServedPerLink, int workerThreads,
                              int workQueueCapacity, int failoverAttempts, Routes routes) {

    public static final int DEFAULT_TTL = 8;
    public static final Duration DEFAULT_FORWARDING_DEADLINE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PENDING_PER_LINK = 1024;
    public static final int DEFAULT_MAX_SERVED_PER_LINK = 1024;
    public static final int DEFAULT_WORKER_THREADS = 16;
    public static final int DEFAULT_WORK_QUEUE_CAPACITY = 4096;
    public static final int DEFAULT_FAILOVER_ATTEMPTS = 3;

    public RoutingSettings {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl must be 0 to 255: " + ttl);
        }
        requirePositive("forwardingDeadline", forwardingDeadline);
        requirePositive("requestDeadline", requestDeadline);
        requireAtLeastOne("maxPendingPerLink", maxPendingPerLink);
        requireAtLeastOne("maxServedPerLink", maxServedPerLink);
        requireAtLeastOne("workerThreads", workerThreads);
        requireAtLeastOne("workQueueCapacity", workQueueCapacity);
        if (failoverAttempts < 1 || failoverAttempts > 64) {
            throw new IllegalArgumentException("failoverAttempts must be 1 to 64: " + failoverAttempts);
        }
        Objects.requireNonNull(routes, "routes");
    }

    /** The documented defaults. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(DEFAULT_TTL, DEFAULT_FORWARDING_DEADLINE, DEFAULT_REQUEST_DEADLINE,
                DEFAULT_MAX_PENDING_PER_LINK, DEFAULT_MAX_SERVED_PER_LINK, DEFAULT_WORKER_THREADS,
                DEFAULT_WORK_QUEUE_CAPACITY, DEFAULT_FAILOVER_ATTEMPTS, Routes.defaults());
    }

    public RoutingSettings withTtl(int value) {
        return new RoutingSettings(value, forwardingDeadline, requestDeadline, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts, routes);
    }

    public RoutingSettings withForwardingDeadline(Duration value) {
        return new RoutingSettings(ttl, value, requestDeadline, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts, routes);
    }

    public RoutingSettings withRequestDeadline(Duration value) {
        return new RoutingSettings(ttl, forwardingDeadline, value, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts, routes);
    }

    public RoutingSettings withMaxPendingPerLink(int value) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, value, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts, routes);
    }

    public RoutingSettings withMaxServedPerLink(int value) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, maxPendingPerLink, value,
                workerThreads, workQueueCapacity, failoverAttempts, routes);
    }

    public RoutingSettings withWorkers(int threads, int queueCapacity) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, maxPendingPerLink, maxServedPerLink,
                threads, queueCapacity, failoverAttempts, routes);
    }

    public RoutingSettings withFailoverAttempts(int value) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, value, routes);
    }

    public RoutingSettings withRoutes(Routes value) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts, value);
    }

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
    public record Routes(Duration announceInterval, Duration holdTime, Duration triggerDelay, int maxHops,
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

        public Routes {
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
        public static Routes defaults() {
            return new Routes(DEFAULT_ANNOUNCE_INTERVAL, DEFAULT_HOLD_TIME, DEFAULT_TRIGGER_DELAY,
                    DEFAULT_MAX_HOPS, DEFAULT_MAX_ENTRIES, true, DEFAULT_DIAL_RETRY);
        }

        public Routes withTiming(Duration interval, Duration hold, Duration trigger) {
            return new Routes(interval, hold, trigger, maxHops, maxEntries, dialDirect, dialRetry);
        }

        public Routes withMaxHops(int value) {
            return new Routes(announceInterval, holdTime, triggerDelay, value, maxEntries, dialDirect, dialRetry);
        }

        public Routes withMaxEntries(int value) {
            return new Routes(announceInterval, holdTime, triggerDelay, maxHops, value, dialDirect, dialRetry);
        }

        public Routes withDialDirect(boolean value) {
            return new Routes(announceInterval, holdTime, triggerDelay, maxHops, maxEntries, value, dialRetry);
        }

        public Routes withDialRetry(Duration value) {
            return new Routes(announceInterval, holdTime, triggerDelay, maxHops, maxEntries, dialDirect, value);
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
