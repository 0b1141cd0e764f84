package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What this node announces ({@code node/routes}, docs/protocol.md "Routes between nodes"), shared by
 * every link: itself at 0 hops, then its best routes nearest first (ties by node id). A {@link RouteTable}
 * makes one per change of its best routes, so that a round of announcements sorts once, not once per
 * link; the announcement of one link is then a walk of it that leaves out the link's peer and the routes
 * through it (split horizon) and stops at the entry limit. Immutable.
 */
final class AnnouncedRoutes {

    private final long version;
    private final List<String> ownAddrs;
    private final Duration hold;
    private final int maxEntries;
    /** [0] this node at 0 hops; [i] the i-th best route. */
    private final RouteAnnouncement.Entry[] entries;
    /** The neighbour each entry's route goes through; [0] this node. */
    private final NodeId[] via;

    /**
     * @param version  the table's version of its best routes when this was made
     * @param self     this node
     * @param ownAddrs this node's addrs as given (its entry keeps the valid ones)
     * @param sorted   the best routes, nearest first, their addrs already limited
     */
    AnnouncedRoutes(long version, NodeId self, List<String> ownAddrs, List<RouteTable.Route> sorted,
                    RoutingSettings.Routes settings) {
        this.version = version;
        this.ownAddrs = List.copyOf(ownAddrs);
        this.hold = settings.holdTime();
        this.maxEntries = settings.maxEntries();
        this.entries = new RouteAnnouncement.Entry[sorted.size() + 1];
        this.via = new NodeId[sorted.size() + 1];
        entries[0] = new RouteAnnouncement.Entry(self, 0, RouteAnnouncement.limitAddrs(ownAddrs));
        via[0] = self;
        for (int i = 0; i < sorted.size(); i++) {
            RouteTable.Route r = sorted.get(i);
            entries[i + 1] = new RouteAnnouncement.Entry(r.node(), r.hops(), r.addrs());
            via[i + 1] = r.via();
        }
    }

    long version() {
        return version;
    }

    /** The addrs this was made with, as given. */
    List<String> ownAddrs() {
        return ownAddrs;
    }

    Duration hold() {
        return hold;
    }

    /** Entries in all, this node's included. */
    int size() {
        return entries.length;
    }

    RouteAnnouncement.Entry entry(int index) {
        return entries[index];
    }

    /**
     * The positions of the entries announced to {@code peer}, in order: this node, then every route
     * except to {@code peer} and through it, at most the entry limit in all.
     */
    int[] view(NodeId peer) {
        Objects.requireNonNull(peer, "peer");
        int[] picked = new int[Math.min(maxEntries, entries.length)];
        int count = 0;
        for (int i = 0; i < entries.length && count < picked.length; i++) {
            if (i == 0 || (!via[i].equals(peer) && !entries[i].node().equals(peer))) {
                picked[count++] = i;
            }
        }
        return count == picked.length ? picked : Arrays.copyOf(picked, count);
    }

    /** The announcement to {@code peer}, numbered {@code seq}. */
    RouteAnnouncement announcement(NodeId peer, long seq) {
        int[] view = view(peer);
        List<RouteAnnouncement.Entry> list = new ArrayList<>(view.length);
        for (int i : view) {
            list.add(entries[i]);
        }
        return new RouteAnnouncement(seq, hold, list);
    }
}
