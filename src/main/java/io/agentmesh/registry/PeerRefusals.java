package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.LogLimiter;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the peer entries the {@link PeerBook} refuses, by {@link PeerRefusal}, and logs them: at most one
 * line per reason per {@link LogLimiter#DEFAULT_INTERVAL}, with how many were left out. Thread-safe.
 */
final class PeerRefusals {

    private static final Logger LOG = Logger.getLogger(PeerBook.class.getName());

    private final Map<PeerRefusal, AtomicLong> counts = new EnumMap<>(PeerRefusal.class);
    private final LogLimiter logs;

    PeerRefusals(Clock clock) {
        for (PeerRefusal r : PeerRefusal.values()) {
            counts.put(r, new AtomicLong());
        }
        logs = new LogLimiter(LogLimiter.DEFAULT_INTERVAL, () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    /** Counts and logs one refused entry; returns false (nothing learned), for the caller to return. */
    boolean refuse(String nodeId, NodeId source, PeerRefusal reason) {
        counts.get(reason).incrementAndGet();
        logs.log(LOG, Level.INFO, "peer-refused-" + reason, "peer entry {0} from {1} refused ({2}); "
                + "counted in agentmesh.registry.peers.refused", nodeId, source, reason);
        return false;
    }

    long count(PeerRefusal reason) {
        return counts.get(reason).get();
    }
}
