package io.agentmesh.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the links whose peer is gone although TCP has not said so (docs/protocol.md, "Idle links"): every
 * {@link KeepAlive#checkEvery()} it looks at each open link, pings one on which nothing has arrived for the
 * keep-alive interval, and closes one on which nothing has arrived for the liveness timeout ({@link
 * LinkSession#closeSilent}). Any message and any Pong counts as arrival ({@link LinkSession#lastSeenMillis}),
 * so a busy link is never pinged and an idle one costs a Ping and a Pong per interval. Each end checks on its
 * own. Thread-safe.
 */
final class LinkLiveness {

    private static final Logger LOG = Logger.getLogger(LinkLiveness.class.getName());

    private final KeepAlive keepAlive;
    private final Supplier<? extends Iterable<LinkSession>> links;
    private final Clock clock;
    private final Scheduler scheduler;
    private final LinkObserver observer;
    private final LogLimiter logs;
    private Scheduler.Task next;
    private boolean stopped;

    /**
     * @param links the sessions to look at (those not OPEN are passed over)
     */
    LinkLiveness(KeepAlive keepAlive, Supplier<? extends Iterable<LinkSession>> links, Clock clock, Scheduler scheduler,
                 LinkObserver observer, LogLimiter logs) {
        this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
        this.links = Objects.requireNonNull(links, "links");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    /** Checks every {@link KeepAlive#checkEvery()} from now on, until {@link #stop}. */
    synchronized void start() {
        if (!stopped && next == null) {
            next = scheduler.schedule(this::checkAndReschedule, keepAlive.checkEvery());
        }
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    private void checkAndReschedule() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "link liveness check failed", e);
        }
        synchronized (this) {
            next = stopped ? null : scheduler.schedule(this::checkAndReschedule, keepAlive.checkEvery());
        }
    }

    /** One look at every link: pings the idle ones, closes the silent ones. */
    void check() {
        long now = clock.millis();
        long interval = keepAlive.interval().toMillis();
        long timeout = keepAlive.timeout().toMillis();
        for (LinkSession link : links.get()) {
            if (link.state() != LinkSession.State.OPEN) {
                continue;
            }
            long silent = now - link.lastSeenMillis();
            if (silent >= timeout) {
                logs.log(LOG, Level.INFO, "silent link", "link {0} to {1}: nothing received for {2} ms, closing",
                        new Object[] {link.id(), link.peer(), Long.toString(silent)});
                observer.linkSilent();
                link.closeSilent(Duration.ofMillis(silent));
            } else if (silent >= interval) {
                link.ping();
            }
        }
    }
}
