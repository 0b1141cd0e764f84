package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.transport.Link;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The distance-vector routing table of one node (docs/protocol.md, "Additions to wire-v1",
 * {@code node/routes}; wire-v1 §5.3 last bullet: "otherwise over a peer that has a link to it"). It
 * holds the node's links to its neighbours and, per link, the last announcement accepted on it; from
 * them it derives the best route to every node: a direct link (1 hop) when there is one, else the
 * neighbour announcing the fewest hops (ties: the smaller node id, then the older link). Routes longer
 * than the hop limit are unreachable; an announcement older than its hold time is dropped.
 *
 * <p>The announcement this node sends on a link is built by split horizon: routes learned from that
 * link's peer are left out, and since every announcement replaces the previous one whole, leaving a
 * route out withdraws it (the effect of poisoned reverse). Plain and thread-safe (one lock).
 */
public final class RouteTable {

    /**
     * The best route to one node.
     *
     * @param node  the destination
     * @param hops  links on the way: 1 for a direct peer
     * @param via   the neighbour the route goes through (the node itself when direct)
     * @param addrs where the node accepts links, as learned (may be empty)
     */
    public record Route(NodeId node, int hops, NodeId via, List<String> addrs) {
        public Route {
            addrs = List.copyOf(addrs);
        }
    }

    /** What became of a received announcement. */
    public enum Outcome {
        /** Accepted, and the best routes changed. */
        CHANGED,
        /** Accepted; the best routes stay as they were. */
        UNCHANGED,
        /** Ignored: its {@code seq} is not newer than the last accepted on the link, or the link is closed. */
        STALE
    }

    private static final class Neighbour {
        final Link link;
        long lastSeq = -1;
        Instant expiresAt = Instant.MAX;
        /** The routes it announced, their addrs limited as this node keeps them. */
        Map<NodeId, RouteAnnouncement.Entry> vector = Map.of();
        /** The addrs of its direct route, limited: its link's peer addrs, else those it announced for itself. */
        List<String> directAddrs;

        Neighbour(Link link) {
            this.link = link;
            this.directAddrs = RouteAnnouncement.limitAddrs(link.peerAddrs());
        }
    }

    /** A best route with the link it leaves on. */
    private record Best(Route route, Link link) {
    }

    /** Announcement order: nearest first, ties by node id. */
    private static final Comparator<Route> ORDER = Comparator.comparingInt(Route::hops)
            .thenComparing(r -> r.node().value());

    private final NodeId self;
    private final RoutingSettings.Routes settings;
    private final Clock clock;
    private final Map<String, Neighbour> neighbours = new LinkedHashMap<>();
    /** Changed only in place by {@link #recompute(NodeId)}, else replaced whole. */
    private Map<NodeId, Best> best = new HashMap<>();
    private Instant validUntil = Instant.MAX;
    /** Counts the changes of the best routes (what {@link #recompute} reports). */
    private long version;
    /** The best routes in announcement order, as of {@link #sortedVersion}. */
    private List<Route> sorted = List.of();
    private long sortedVersion = -1;
    private AnnouncedRoutes announced;

    public RouteTable(NodeId self, RoutingSettings.Routes settings, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A link came up: its peer is 1 hop away. True when the best routes changed. */
    public synchronized boolean linkUp(Link link) {
        if (!link.isOpen() || neighbours.containsKey(link.id())) {
            return false;
        }
        Neighbour added = new Neighbour(link);
        neighbours.put(link.id(), added);
        return recompute(link.peer(), added);   // a new link has taught nothing yet: only its peer's route can change
    }

    /** A link went down: its routes go with it. True when the best routes changed. */
    public synchronized boolean linkDown(Link link) {
        Neighbour gone = neighbours.remove(link.id());
        if (gone == null) {
            return false;
        }
        return gone.vector.isEmpty() ? recompute(link.peer(), null) : recompute();
    }

    /**
     * Takes an announcement received on {@code link}: it replaces the link's previous one whole. An
     * entry naming this node is ignored, as are counts above the hop limit.
     *
     * @throws JsonRpcException {@code -32602} when an entry with 0 hops names another node than the link's peer
     */
    public synchronized Outcome accept(Link link, RouteAnnouncement announcement) throws JsonRpcException {
        if (!link.isOpen()) {
            return Outcome.STALE;
        }
        Neighbour n = neighbours.computeIfAbsent(link.id(), k -> new Neighbour(link));
        if (announcement.seq() <= n.lastSeq) {
            return Outcome.STALE;
        }
        Map<NodeId, RouteAnnouncement.Entry> vector = new HashMap<>();
        List<String> selfAddrs = List.of();
        for (RouteAnnouncement.Entry e : announcement.routes()) {
            if (e.hops() == 0) {
                if (!e.node().equals(link.peer())) {
                    throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid params: bad " + RouteAnnouncement.METHOD
                            + ": only the sender has 0 hops, not " + e.node());
                }
                selfAddrs = e.addrs();
            } else if (!e.node().equals(self) && !e.node().equals(link.peer()) && e.hops() < settings.maxHops()) {
                vector.put(e.node(), new RouteAnnouncement.Entry(e.node(), e.hops(), RouteAnnouncement.limitAddrs(e.addrs())));
            }
        }
        n.lastSeq = announcement.seq();
        n.expiresAt = clock.instant().plus(announcement.hold());
        n.vector = Map.copyOf(vector);
        if (link.peerAddrs().isEmpty()) {
            n.directAddrs = RouteAnnouncement.limitAddrs(selfAddrs);
        }
        return recompute() ? Outcome.CHANGED : Outcome.UNCHANGED;
    }

    /** Drops announcements past their hold time. True when the best routes changed. */
    public synchronized boolean expire() {
        Instant now = clock.instant();
        boolean dropped = false;
        for (Neighbour n : neighbours.values()) {
            if (!n.vector.isEmpty() && !now.isBefore(n.expiresAt)) {
                n.vector = Map.of();
                n.expiresAt = Instant.MAX;
                dropped = true;
            }
        }
        return dropped && recompute();
    }

    /** The link to forward on toward {@code node}: a direct link, else the best neighbour's. */
    public synchronized Optional<Link> nextHop(NodeId node) {
        refreshIfExpired();
        Best b = best.get(node);
        if (b == null) {
            return Optional.empty();
        }
        if (b.link().isOpen()) {
            return Optional.of(b.link());
        }
        // a link closed and its linkDown is on its way: any other open link to the same neighbour
        return neighbours.values().stream().map(n -> n.link)
                .filter(l -> l.isOpen() && l.peer().equals(b.route().via()))
                .findFirst();
    }

    /** The best route to {@code node}, when there is one. */
    public synchronized Optional<Route> route(NodeId node) {
        refreshIfExpired();
        return Optional.ofNullable(best.get(node)).map(Best::route);
    }

    /** Every best route, nearest first. */
    public synchronized List<Route> routes() {
        refreshIfExpired();
        return ordered();
    }

    /**
     * Every best route, nearest first, as the result of {@code node/list_routes} (docs/protocol.md):
     * {@code {"routes": [{"node", "hops", "via", "addrs"}]}}.
     */
    public JsonObject toJson() {
        var list = Json.createArrayBuilder();
        for (Route r : routes()) {
            var addrs = Json.createArrayBuilder();
            r.addrs().forEach(addrs::add);
            list.add(Json.createObjectBuilder().add("node", r.node().value()).add("hops", r.hops())
                    .add("via", r.via().value()).add("addrs", addrs));
        }
        return Json.createObjectBuilder().add("routes", list).build();
    }

    /** Where {@code node} accepts links, as the table learned it; empty when unknown. */
    public synchronized List<String> addrs(NodeId node) {
        refreshIfExpired();
        Best b = best.get(node);
        if (b != null && !b.route().addrs().isEmpty()) {
            return b.route().addrs();
        }
        for (Neighbour n : neighbours.values()) {
            RouteAnnouncement.Entry e = n.vector.get(node);
            if (e != null && !e.addrs().isEmpty()) {
                return e.addrs();
            }
        }
        return List.of();
    }

    /** The open links this table knows. */
    public synchronized List<Link> links() {
        return neighbours.values().stream().map(n -> n.link).filter(Link::isOpen).toList();
    }

    /**
     * What this node announces on {@code link}: itself at 0 hops with {@code ownAddrs}, then its best
     * routes except those through the link's peer and the peer itself (split horizon), nearest first,
     * at most {@link RoutingSettings.Routes#maxEntries()} entries in all.
     */
    public RouteAnnouncement announcementFor(Link link, long seq, List<String> ownAddrs) {
        return announced(ownAddrs).announcement(link.peer(), seq);
    }

    /**
     * What this node announces, with {@code ownAddrs} as its own: made once per change of the best
     * routes and shared by every link ({@link AnnouncedRoutes#view} is one link's part of it).
     */
    synchronized AnnouncedRoutes announced(List<String> ownAddrs) {
        refreshIfExpired();
        if (announced == null || announced.version() != version || !announced.ownAddrs().equals(ownAddrs)) {
            announced = new AnnouncedRoutes(version, self, ownAddrs, ordered(), settings);
        }
        return announced;
    }

    /**
     * The best routes nearest first (ties by node id), sorted again only after a change. The routes
     * that did not change keep their order from the sort before and lead the list, so that the sort
     * (a merge sort that finds runs already in order) costs about a pass plus sorting the changed ones.
     */
    private List<Route> ordered() {
        if (sortedVersion == version) {
            return sorted;
        }
        List<Route> next = new ArrayList<>(best.size());
        Set<NodeId> kept = new HashSet<>();
        for (Route r : sorted) {
            Best b = best.get(r.node());
            if (b != null && b.route().equals(r)) {
                next.add(r);
                kept.add(r.node());
            }
        }
        for (Best b : best.values()) {
            if (!kept.contains(b.route().node())) {
                next.add(b.route());
            }
        }
        next.sort(ORDER);
        sorted = List.copyOf(next);
        sortedVersion = version;
        return sorted;
    }

    private void refreshIfExpired() {
        if (!clock.instant().isBefore(validUntil)) {
            expire();
            validUntil = nextExpiry();
        }
    }

    /** Derives the best routes; true when they differ from before in what is announced (hops, via, addrs). */
    private boolean recompute() {
        Map<NodeId, Best> next = new HashMap<>();
        // direct links first: 1 hop, the oldest open link to the peer
        for (Neighbour n : neighbours.values()) {
            NodeId peer = n.link.peer();
            if (!n.link.isOpen() || peer.equals(self) || next.containsKey(peer)) {
                continue;
            }
            next.put(peer, direct(n));
        }
        for (Neighbour n : neighbours.values()) {
            if (!n.link.isOpen()) {
                continue;
            }
            NodeId via = n.link.peer();
            for (RouteAnnouncement.Entry e : n.vector.values()) {
                int hops = e.hops() + 1;
                if (hops > settings.maxHops()) {
                    continue;
                }
                Best current = next.get(e.node());
                if (current == null || better(hops, via, current.route())) {
                    next.put(e.node(), new Best(new Route(e.node(), hops, via, e.addrs()), n.link));
                }
            }
        }
        boolean changed = !sameRoutes(next, best);
        best = next;
        validUntil = nextExpiry();
        if (changed) {
            version++;
        }
        return changed;
    }

    /**
     * Derives the best route to {@code node} alone, as {@link #recompute()} would, when a link that has
     * taught no routes came ({@code added}) or went (null): no other node's route changes. True when it changed.
     */
    private boolean recompute(NodeId node, Neighbour added) {
        Best next = node.equals(self) ? null : bestTo(node, added);
        Best before = next == null ? best.remove(node) : best.put(node, next);
        boolean changed = before == null ? next != null : next == null || !before.route().equals(next.route());
        if (changed) {
            version++;
        }
        return changed;
    }

    /** The best route to {@code node} (not this node) over the open links, or null. */
    private Best bestTo(NodeId node, Neighbour added) {
        Best current = best.get(node);
        if (current != null && current.route().hops() == 1 && current.link().isOpen()
                && neighbours.containsKey(current.link().id())) {
            return current;                // the oldest open link to it is still there
        }
        if (added != null && (current == null || current.route().hops() > 1)) {
            return direct(added);          // no other open link to it: it would be its route
        }
        for (Neighbour n : neighbours.values()) {
            if (n.link.isOpen() && n.link.peer().equals(node)) {
                return direct(n);
            }
        }
        Best found = null;
        for (Neighbour n : neighbours.values()) {
            RouteAnnouncement.Entry e = n.vector.get(node);
            if (e == null || !n.link.isOpen() || e.hops() + 1 > settings.maxHops()) {
                continue;
            }
            if (found == null || better(e.hops() + 1, n.link.peer(), found.route())) {
                found = new Best(new Route(node, e.hops() + 1, n.link.peer(), e.addrs()), n.link);
            }
        }
        return found;
    }

    /** The 1-hop route over {@code n}'s link. */
    private static Best direct(Neighbour n) {
        NodeId peer = n.link.peer();
        return new Best(new Route(peer, 1, peer, n.directAddrs), n.link);
    }

    private static boolean better(int hops, NodeId via, Route current) {
        if (hops != current.hops()) {
            return hops < current.hops();
        }
        return via.value().compareTo(current.via().value()) < 0;
    }

    private Instant nextExpiry() {
        return neighbours.values().stream().filter(n -> !n.vector.isEmpty()).map(n -> n.expiresAt)
                .min(Comparator.naturalOrder()).orElse(Instant.MAX);
    }

    /** True when both tables hold the same routes (hops, via, addrs), whatever their links. */
    private static boolean sameRoutes(Map<NodeId, Best> a, Map<NodeId, Best> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<NodeId, Best> e : a.entrySet()) {
            Best other = b.get(e.getKey());
            if (other == null || !other.route().equals(e.getValue().route())) {
                return false;
            }
        }
        return true;
    }
}
