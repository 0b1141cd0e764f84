package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the adverts the {@link Registry} refuses, by reason, and logs them: misbehaviour at WARNING,
 * an advert from the future at INFO, the rest at FINE; a refusal by a limit or the trust policy
 * ({@link AdvertRejection#isLimit()}) at WARNING at most once per reason per {@link #LIMIT_LOG_INTERVAL},
 * with how many more there were. Thread-safe.
 */
final class AdvertRejections {

    private static final Logger LOG = Logger.getLogger(Registry.class.getName());

    /** Least time between two log lines for refusals of one limit. */
    static final Duration LIMIT_LOG_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<AdvertRejection, AtomicLong> counts = new EnumMap<>(AdvertRejection.class);
    private final Map<AdvertRejection, Instant> lastLogged = new EnumMap<>(AdvertRejection.class);
    private final Map<AdvertRejection, Long> countAtLastLog = new EnumMap<>(AdvertRejection.class);

    AdvertRejections(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (AdvertRejection r : AdvertRejection.values()) {
            counts.put(r, new AtomicLong());
        }
    }

    /** Counts and logs one refusal; returns it as the offer's result. */
    OfferResult reject(NodeId node, AdvertRejection reason, String detail) {
        long n = counts.get(reason).incrementAndGet();
        String what = "advert" + (node == null ? "" : " of node " + node) + " rejected (" + reason + "): " + detail;
        if (reason.isLimit()) {
            logLimit(reason, n, what);
        } else {
            Level level = GossipService.MISBEHAVIOUR.contains(reason) ? Level.WARNING
                    : reason == AdvertRejection.NOT_YET_VALID ? Level.INFO : Level.FINE;
            LOG.log(level, what);
        }
        return OfferResult.rejected(node, reason, detail);
    }

    long count(AdvertRejection reason) {
        return counts.get(reason).get();
    }

    /** Every reason with its count. */
    Map<AdvertRejection, Long> counts() {
        Map<AdvertRejection, Long> out = new EnumMap<>(AdvertRejection.class);
        counts.forEach((r, n) -> out.put(r, n.get()));
        return out;
    }

    private void logLimit(AdvertRejection reason, long n, String what) {
        Instant now = clock.instant();
        long since;
        synchronized (lastLogged) {
            Instant last = lastLogged.get(reason);
            if (last != null && now.isBefore(last.plus(LIMIT_LOG_INTERVAL))) {
                return;
            }
            lastLogged.put(reason, now);
            since = n - 1 - countAtLastLog.getOrDefault(reason, 0L);
            countAtLastLog.put(reason, n);
        }
        LOG.warning(what + (since > 0 ? " (and " + since + " more since the last such line)" : "")
                + "; counted in the registry's rejections");
    }
}
