package io.agentmesh.routing;

import io.agentmesh.transport.Link;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The route announcement protocol ({@code node/routes}, docs/protocol.md "Additions to wire-v1"): sends
 * this node's routes to a neighbour when a link to it comes up, to the neighbours whose announcement a
 * change of the routes changes shortly after it (changes close together go out once), and to each
 * neighbour every announce interval; takes the announcements neighbours send into the
 * {@link RouteTable}. Announcements travel only between direct neighbours, as notifications, and are
 * never forwarded. Thread-safe.
 *
 * <p>Built for a node with thousands of links: all sending happens in passes on the announcer (its own
 * thread, not the one of request deadlines), one pass at a time. The routes are sorted and each entry
 * encoded once per change ({@link AnnouncedRoutes}, {@link RouteMessages}), so a link costs a walk of
 * its view, a copy and its encryption. A new link is announced to before anything else, between any two
 * sends of a pass. Each link keeps its own phase for the periodic announcement (every interval after
 * its first, up to a tenth of the interval early with others due then, so that passes for them wake at
 * most about ten times an interval), which spreads them over the interval as the links came up.
 * A change is announced {@code triggerDelay} after it, only to the links whose announcement it changes,
 * and no sooner after the previous pass for changes than that pass lasted: announcing changes takes at
 * most half of the announcer's time.
 */
final class DistanceVector {

    private static final Logger LOG = Logger.getLogger(DistanceVector.class.getName());
    /** A link's periodic announcement may go out this share of the interval early, with others due then. */
    private static final int SLICES = 10;

    /** Sends an application message on a link; false when the link is closed. */
    @FunctionalInterface
    interface Sender {
        boolean send(Link link, byte[] message);
    }

    /** A link and what was last announced on it; its mutable fields are the announcer's alone. */
    private static final class Neighbour {
        final Link link;
        boolean announced;
        long fingerprint;
        Instant due = Instant.MAX;

        Neighbour(Link link) {
            this.link = link;
        }
    }

    private final RouteTable table;
    private final RoutingSettings.Routes settings;
    private final List<String> ownAddrs;
    private final ScheduledExecutorService announcer;
    private final Clock clock;
    private final RouteMessages messages;
    private final Sender sender;
    private final Duration slice;
    private long seq;

    private final Object lock = new Object();
    private final Map<String, Neighbour> neighbours = new LinkedHashMap<>();
    private final ArrayDeque<Neighbour> fresh = new ArrayDeque<>();
    /** When the oldest change not yet announced happened; null when none waits. */
    private Instant changedAt;
    /** The table's version last announced as a change. */
    private long announcedVersion = -1;
    /** The next pass for changes starts no sooner (the last one's end plus its length). */
    private Instant changesNotBefore = Instant.MIN;
    /** The earliest periodic announcement due, as of the last pass. */
    private Instant nextDue = Instant.MAX;
    private ScheduledFuture<?> wake;
    private Instant wakeAt;
    private boolean running;
    private boolean stopped;

    DistanceVector(RouteTable table, RoutingSettings.Routes settings, List<String> ownAddrs,
                   ScheduledExecutorService announcer, Clock clock, JsonRpcCodec codec, Sender sender) {
        this.table = Objects.requireNonNull(table, "table");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ownAddrs = List.copyOf(ownAddrs);
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.messages = new RouteMessages(codec);
        this.sender = Objects.requireNonNull(sender, "sender");
        this.slice = settings.announceInterval().dividedBy(SLICES);
    }

    RouteTable table() {
        return table;
    }

    /** Starts the announcements (links that came up before are announced to now). */
    void start() {
        synchronized (lock) {
            requestWake();
        }
    }

    /** Stops the announcements. */
    void stop() {
        synchronized (lock) {
            stopped = true;
            if (wake != null) {
                wake.cancel(false);
                wake = null;
            }
        }
    }

    void linkUp(Link link) {
        boolean changed = table.linkUp(link);
        synchronized (lock) {
            if (!neighbours.containsKey(link.id())) {
                Neighbour n = new Neighbour(link);
                neighbours.put(link.id(), n);
                fresh.add(n);
            }
            noteChange(changed);
            requestWake();
        }
    }

    void linkDown(Link link) {
        boolean changed = table.linkDown(link);
        synchronized (lock) {
            neighbours.remove(link.id());      // left in fresh, if there, and passed over: no scan of it
            noteChange(changed);
            requestWake();
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
                synchronized (lock) {
                    noteChange(true);
                    requestWake();
                }
            }
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "ignored " + RouteAnnouncement.METHOD + " from " + link.peer() + " on link "
                    + link.id() + ": " + e.getMessage());
        }
    }

    private void noteChange(boolean changed) {
        if (changed && changedAt == null) {
            changedAt = clock.instant();
        }
    }

    /** When the changes waiting may go out. */
    private Instant changesAt() {
        Instant at = changedAt.plus(settings.triggerDelay());
        return at.isBefore(changesNotBefore) ? changesNotBefore : at;
    }

    /** Schedules the next pass at the earliest time it has work; holds {@link #lock}. */
    private void requestWake() {
        if (stopped || running) {
            return;      // the pass running schedules the next when it ends
        }
        Instant now = clock.instant();
        Instant at = nextDue;
        if (changedAt != null && changesAt().isBefore(at)) {
            at = changesAt();
        }
        if (!fresh.isEmpty() || at.isBefore(now)) {
            at = now;
        }
        if (at.equals(Instant.MAX) || (wake != null && !wakeAt.isAfter(at))) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        try {
            wake = announcer.schedule(this::pass, Duration.between(now, at).toMillis(), TimeUnit.MILLISECONDS);
            wakeAt = at;
        } catch (RejectedExecutionException e) {
            stopped = true;
        }
    }

    private void pass() {
        Instant start;
        List<Neighbour> all;
        synchronized (lock) {
            if (stopped || running) {
                return;
            }
            running = true;
            wake = null;
            start = clock.instant();
            all = new ArrayList<>(neighbours.values());
        }
        boolean changes = false;
        try {
            AnnouncedRoutes routes = table.announced(ownAddrs);
            synchronized (lock) {
                if (routes.version() != announcedVersion && changedAt == null) {
                    changedAt = start;    // changed without an event: announcements past their hold time
                }
                changes = changedAt != null && !start.isBefore(changesAt());
                if (changes) {
                    changedAt = null;
                    announcedVersion = routes.version();
                }
            }
            Instant horizon = start.plus(slice);
            for (Neighbour n : all) {
                announceFresh();
                if (!n.announced) {
                    continue;
                }
                if (!n.due.isAfter(horizon)) {
                    if (n.link.isOpen()) {
                        announce(n, routes, false);
                    }
                    Instant next = n.due.plus(settings.announceInterval());
                    n.due = next.isAfter(start) ? next : start.plus(settings.announceInterval());
                } else if (changes && n.link.isOpen()) {
                    announce(n, routes, true);
                }
            }
            announceFresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "route announcement pass failed", e);
        } finally {
            synchronized (lock) {
                running = false;
                Instant end = clock.instant();
                if (changes) {
                    changesNotBefore = end.plus(Duration.between(start, end));
                }
                nextDue = neighbours.values().stream().filter(n -> n.announced).map(n -> n.due)
                        .min(Instant::compareTo).orElse(Instant.MAX);
                requestWake();
            }
        }
    }

    /** Announces to the links that came up, each with the routes as they are now. */
    private void announceFresh() {
        while (true) {
            Neighbour n;
            synchronized (lock) {
                n = fresh.poll();
                if (n != null && neighbours.get(n.link.id()) != n) {
                    continue;                   // its link went down before its turn
                }
            }
            if (n == null) {
                return;
            }
            announce(n, table.announced(ownAddrs), false);
            if (!n.announced) {
                n.announced = true;
                n.due = clock.instant().plus(settings.announceInterval());
            }
        }
    }

    /** Sends {@code routes} on the neighbour's link; with {@code onlyIfChanged}, only when its view changed. */
    private void announce(Neighbour n, AnnouncedRoutes routes, boolean onlyIfChanged) {
        int[] view = routes.view(n.link.peer());
        long fingerprint = messages.fingerprint(routes, view);
        if (onlyIfChanged && n.announced && fingerprint == n.fingerprint) {
            return;
        }
        n.fingerprint = fingerprint;
        if (!sender.send(n.link, messages.message(routes, view, ++seq))) {
            LOG.log(Level.FINE, () -> "routes not sent: link " + n.link.id() + " is closed");
        }
    }
}
