package io.agentmesh.session;

import io.agentmesh.identity.NodeId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many end-to-end handshakes each neighbour may bring this node: a token bucket per neighbour (the
 * peer of the link a {@code node/session_open} arrived on, the one party a flood can be charged to, since
 * the route metadata's origin is only a claim), {@code rate} a second with bursts of {@code burst}. A
 * message 1 costs its sender nothing and this node three X25519 operations, so the quota is checked before
 * any of them. At most {@value #MAX_NEIGHBOURS} neighbours are remembered (the least recently seen is
 * forgotten: a full bucket). Thread-safe.
 */
final class HandshakeQuota {

    static final int MAX_NEIGHBOURS = 4096;

    private final double rate;
    private final int burst;
    private final Clock clock;
    private final Map<NodeId, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, double[]> eldest) {
            return size() > MAX_NEIGHBOURS;
        }
    };

    HandshakeQuota(double rate, int burst, Clock clock) {
        this.rate = rate;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes one handshake from {@code neighbour}'s bucket; false when it is empty. */
    synchronized boolean take(NodeId neighbour) {
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(neighbour, k -> new double[] {burst, now});
        bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) / 1000.0 * rate);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }
}
