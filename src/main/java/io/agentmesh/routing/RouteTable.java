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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
        Map<NodeId, RouteAnnouncement.Entry> vector = Map.of();
        List<String> selfAddrs = List.of();

        Neighbour(Link link) {
            this.link = link;
        }
    }

    /** A best route with the link it leaves on. */
    private record Best(Route route, Link link) {
    }

    private final NodeId self;
    private final RoutingSettings.Routes settings;
    private final Clock clock;
    private final Map<String, Neighbour> neighbours = new LinkedHashMap<>();
    private Map<NodeId, Best> best = Map.of();
    private Instant validUntil = Instant.MAX;

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
        neighbours.put(link.id(), new Neighbour(link));
        return recompute();
    }

    /** A link went down: its routes go with it. True when the best routes changed. */
    public synchronized boolean linkDown(Link link) {
        if (neighbours.remove(link.id()) == null) {
            return false;
        }
        return recompute();
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
                vector.put(e.node(), e);
            }
        }
        n.lastSeq = announcement.seq();
        n.expiresAt = clock.instant().plus(announcement.hold());
        n.vector = Map.copyOf(vector);
        n.selfAddrs = List.copyOf(selfAddrs);
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
        return sorted(best.values().stream().map(Best::route).toList());
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
    public synchronized RouteAnnouncement announcementFor(Link link, long seq, List<String> ownAddrs) {
        refreshIfExpired();
        NodeId peer = link.peer();
        List<RouteAnnouncement.Entry> entries = new ArrayList<>();
        entries.add(new RouteAnnouncement.Entry(self, 0, limitAddrs(ownAddrs)));
        for (Route r : sorted(best.values().stream().map(Best::route).toList())) {
            if (entries.size() >= settings.maxEntries()) {
                break;
            }
            if (!r.via().equals(peer) && !r.node().equals(peer)) {
                entries.add(new RouteAnnouncement.Entry(r.node(), r.hops(), limitAddrs(r.addrs())));
            }
        }
        return new RouteAnnouncement(seq, settings.holdTime(), entries);
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
            List<String> addrs = !n.link.peerAddrs().isEmpty() ? n.link.peerAddrs() : n.selfAddrs;
            next.put(peer, new Best(new Route(peer, 1, peer, limitAddrs(addrs)), n.link));
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
                    next.put(e.node(), new Best(new Route(e.node(), hops, via, limitAddrs(e.addrs())), n.link));
                }
            }
        }
        boolean changed = !announced(next).equals(announced(best));
        best = Map.copyOf(next);
        validUntil = nextExpiry();
        return changed;
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

    private static Map<NodeId, Route> announced(Map<NodeId, Best> table) {
        Map<NodeId, Route> routes = new HashMap<>();
        table.forEach((k, v) -> routes.put(k, v.route()));
        return routes;
    }

    private static List<Route> sorted(List<Route> routes) {
        List<Route> list = new ArrayList<>(routes);
        list.sort(Comparator.comparingInt(Route::hops).thenComparing(r -> r.node().value()));
        return list;
    }

    private static List<String> limitAddrs(List<String> addrs) {
        List<String> kept = new ArrayList<>();
        for (String a : addrs) {
            if (kept.size() < RouteAnnouncement.MAX_ADDRS && RouteAnnouncement.isMeshUrl(a) && !kept.contains(a)) {
                kept.add(a);
            }
        }
        return kept;
    }
}
