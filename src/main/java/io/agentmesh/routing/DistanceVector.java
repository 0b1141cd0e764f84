package io.agentmesh.routing;

import io.agentmesh.transport.Link;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The route announcement protocol ({@code node/routes}, docs/protocol.md "Additions to wire-v1"): sends
 * this node's routes to a neighbour when a link to it comes up, to every neighbour shortly after the
 * routes change (changes close together go out once) and every announce interval; takes the
 * announcements neighbours send into the {@link RouteTable}. Announcements travel only between direct
 * neighbours, as notifications, and are never forwarded. Thread-safe.
 */
final class DistanceVector {

    private static final Logger LOG = Logger.getLogger(DistanceVector.class.getName());

    /** Sends a notification on a link; false when the link is closed. */
    @FunctionalInterface
    interface Sender {
        boolean send(Link link, String method, jakarta.json.JsonObject params);
    }

    private final RouteTable table;
    private final RoutingSettings.Routes settings;
    private final List<String> ownAddrs;
    private final ScheduledExecutorService scheduler;
    private final Sender sender;
    private final AtomicLong seq = new AtomicLong();
    private final Object timers = new Object();
    private ScheduledFuture<?> triggered;
    private ScheduledFuture<?> periodic;
    private boolean stopped;

    DistanceVector(RouteTable table, RoutingSettings.Routes settings, List<String> ownAddrs,
                   ScheduledExecutorService scheduler, Sender sender) {
        this.table = Objects.requireNonNull(table, "table");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ownAddrs = List.copyOf(ownAddrs);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    RouteTable table() {
        return table;
    }

    /** Starts the periodic announcements. */
    void start() {
        schedulePeriodic();
    }

    /** Stops every timer; announcements stop. */
    void stop() {
        synchronized (timers) {
            stopped = true;
            if (triggered != null) {
                triggered.cancel(false);
            }
            if (periodic != null) {
                periodic.cancel(false);
            }
        }
    }

    void linkUp(Link link) {
        boolean changed = table.linkUp(link);
        announce(link);
        if (changed) {
            trigger();
        }
    }

    void linkDown(Link link) {
        if (table.linkDown(link)) {
            trigger();
        }
    }

    /** A {@code node/routes} notification arrived on {@code link}; a bad one is ignored (logged). */
    void receive(Link link, JsonRpc.Notification notification) {
        try {
            RouteAnnouncement announcement = RouteAnnouncement.read(notification.params(), settings.maxEntries());
            RouteTable.Outcome outcome = table.accept(link, announcement);
            LOG.log(Level.FINEST, () -> "routes " + announcement.seq() + " from " + link.peer() + " on link "
                    + link.id() + ": " + announcement.routes().size() + " entries, " + outcome);
            if (outcome == RouteTable.Outcome.CHANGED) {
                trigger();
            }
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "ignored " + RouteAnnouncement.METHOD + " from " + link.peer() + " on link "
                    + link.id() + ": " + e.getMessage());
        }
    }

    /** Announces to every neighbour soon, once, however many changes come in the meantime. */
    private void trigger() {
        synchronized (timers) {
            if (stopped || triggered != null) {
                return;
            }
            try {
                triggered = scheduler.schedule(this::triggeredRound, settings.triggerDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stopped = true;
            }
        }
    }

    private void schedulePeriodic() {
        synchronized (timers) {
            if (stopped) {
                return;
            }
            try {
                periodic = scheduler.schedule(this::tick, settings.announceInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stopped = true;
            }
        }
    }

    private void tick() {
        try {
            table.expire();
            announceAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "route announcement round failed", e);
        } finally {
            schedulePeriodic();
        }
    }

    private void triggeredRound() {
        synchronized (timers) {
            triggered = null;
        }
        try {
            announceAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "route announcement round failed", e);
        }
    }

    private void announceAll() {
        for (Link link : table.links()) {
            announce(link);
        }
    }

    private void announce(Link link) {
        RouteAnnouncement a = table.announcementFor(link, seq.incrementAndGet(), ownAddrs);
        if (!sender.send(link, RouteAnnouncement.METHOD, a.toJson())) {
            LOG.log(Level.FINE, () -> "routes not sent: link " + link.id() + " is closed");
        }
    }
}
