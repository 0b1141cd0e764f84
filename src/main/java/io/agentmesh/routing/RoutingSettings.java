package io.agentmesh.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the router (wire-v1 §5.3), validated on construction.
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
 */
public record RoutingSettings(int ttl, Duration forwardingDeadline, Duration requestDeadline,
                              int maxPendingPerLink, int maxServedPerLink, int workerThreads,
                              int workQueueCapacity, int failoverAttempts) {

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
    }

    /** The documented defaults. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(DEFAULT_TTL, DEFAULT_FORWARDING_DEADLINE, DEFAULT_REQUEST_DEADLINE,
                DEFAULT_MAX_PENDING_PER_LINK, DEFAULT_MAX_SERVED_PER_LINK, DEFAULT_WORKER_THREADS,
                DEFAULT_WORK_QUEUE_CAPACITY, DEFAULT_FAILOVER_ATTEMPTS);
    }

    public RoutingSettings withTtl(int value) {
        return new RoutingSettings(value, forwardingDeadline, requestDeadline, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts);
    }

    public RoutingSettings withForwardingDeadline(Duration value) {
        return new RoutingSettings(ttl, value, requestDeadline, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts);
    }

    public RoutingSettings withRequestDeadline(Duration value) {
        return new RoutingSettings(ttl, forwardingDeadline, value, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts);
    }

    public RoutingSettings withMaxPendingPerLink(int value) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, value, maxServedPerLink,
                workerThreads, workQueueCapacity, failoverAttempts);
    }

    public RoutingSettings withMaxServedPerLink(int value) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, maxPendingPerLink, value,
                workerThreads, workQueueCapacity, failoverAttempts);
    }

    public RoutingSettings withWorkers(int threads, int queueCapacity) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, maxPendingPerLink, maxServedPerLink,
                threads, queueCapacity, failoverAttempts);
    }

    public RoutingSettings withFailoverAttempts(int value) {
        return new RoutingSettings(ttl, forwardingDeadline, requestDeadline, maxPendingPerLink, maxServedPerLink,
                workerThreads, workQueueCapacity, value);
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
