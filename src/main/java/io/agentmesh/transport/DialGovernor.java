package io.agentmesh.transport;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one gate of every dial a node makes except to its configured bootstrap entries (docs/operations.md
 * "Limits"): dials of learned peers, of nodes named by route announcements, and an operator's. A
 * {@link LinkManager.Dialer} in front of the real one: a dial starts only within a token bucket of
 * {@link DialSettings#ratePerSecond()} with bursts of {@link DialSettings#burst()} and while fewer than
 * {@link DialSettings#maxConcurrent()} are in progress, else it fails at once with a
 * {@link DialRefusedException} (never queued); then, on the dial executor, the target's host is resolved
 * and checked ({@link DialTargets}: no local-network target unless allowed). Each refusal is counted by
 * reason, told to the {@link LinkObserver}, and logged at most once per reason per interval. Time is the
 * injected nanoTime source. Thread-safe.
 */
public final class DialGovernor implements LinkManager.Dialer {

    private static final Logger LOG = Logger.getLogger(DialGovernor.class.getName());
    private static final double NANOS_PER_SECOND = 1e9;

    private final LinkManager.Dialer delegate;
    private final DialSettings settings;
    private final Set<URI> exempt;
    private final DialTargets targets;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final LinkObserver observer;
    private final LogLimiter logs;
    private final Map<DialRefusal, AtomicLong> refused = new EnumMap<>(DialRefusal.class);
    /** Guarded by this. */
    private double tokens;
    private long refilledAt;
    private int inProgress;

    /**
     * @param exempt   URLs dialed without the governor (the configured bootstrap entries)
     * @param ownHosts this node's hosts (advertised addrs, bootstrap entries), for {@link DialSettings.PrivateTargets#AUTO}
     * @param resolver resolves host names, on {@code executor}
     * @param executor where names are resolved (the dial threads); a full one refuses the dial ({@link DialRefusal#QUEUE_FULL})
     */
    DialGovernor(LinkManager.Dialer delegate, DialSettings settings, Set<URI> exempt, java.util.List<String> ownHosts,
                 DialTargets.Resolver resolver, Executor executor, LongSupplier nanoTime, LinkObserver observer,
                 LogLimiter logs) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.exempt = Set.copyOf(exempt);
        this.targets = new DialTargets(settings.privateTargets(), ownHosts, resolver);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.logs = Objects.requireNonNull(logs, "logs");
        for (DialRefusal r : DialRefusal.values()) {
            refused.put(r, new AtomicLong());
        }
        this.tokens = settings.burst();
        this.refilledAt = nanoTime.getAsLong();
    }

    @Override
    public CompletionStage<LinkSession> connect(URI url, Duration timeout, Function<LinkChannel, LinkSession> sessionFactory) {
        if (exempt.contains(url)) {
            return delegate.connect(url, timeout, sessionFactory);
        }
        DialRefusal limit = admit();
        if (limit != null) {
            return refuse(url, limit);
        }
        CompletableFuture<LinkSession> result;
        try {
            result = CompletableFuture.supplyAsync(() -> targets.check(url), executor)
                    .thenCompose(refusal -> refusal == null ? delegate.connect(url, timeout, sessionFactory)
                            : refuse(url, refusal));
        } catch (RejectedExecutionException e) {
            release();
            return refuse(url, DialRefusal.QUEUE_FULL);
        }
        return result.whenComplete((session, error) -> {
            release();
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RejectedExecutionException) {
                count(url, DialRefusal.QUEUE_FULL);
            }
        });
    }

    /** Dials refused for {@code reason} since start. */
    public long refusals(DialRefusal reason) {
        return refused.get(reason).get();
    }

    /** Takes a token and a place among the dials in progress; returns the limit that refuses, or null. */
    private synchronized DialRefusal admit() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(settings.burst(), tokens + (now - refilledAt) / NANOS_PER_SECOND * settings.ratePerSecond());
        refilledAt = now;
        if (inProgress >= settings.maxConcurrent()) {
            return DialRefusal.CONCURRENCY;
        }
        if (tokens < 1.0) {
            return DialRefusal.RATE;
        }
        tokens -= 1.0;
        inProgress++;
        return null;
    }

    private synchronized void release() {
        inProgress--;
    }

    private <T> CompletableFuture<T> refuse(URI url, DialRefusal reason) {
        count(url, reason);
        return CompletableFuture.failedFuture(new DialRefusedException(reason, "dial of " + url + " refused: " + reason));
    }

    private void count(URI url, DialRefusal reason) {
        refused.get(reason).incrementAndGet();
        observer.dialRefused(reason);
        logs.log(LOG, Level.WARNING, "dial-refused-" + reason, "dial of {0} refused ({1}); counted in "
                + "agentmesh.links.dials.refused", url, reason);
    }
}
