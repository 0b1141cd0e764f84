package io.agentmesh.admin.metrics;

import io.agentmesh.identity.NodeId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Keeps the per-peer series of one metric bounded: a peer gets its own series only while it holds a
 * link that completed its handshake, or for as long as it is configured (a bootstrap entry's node, an
 * allowlisted node); at most {@code max} peers at a time, configured ones first (one takes the series
 * of the oldest peer that is not configured when all are in use); the series of a peer that is not configured
 * is removed when its last link closes. Every other peer is counted under the caller's shared series
 * ({@code peer="other"}). Thread-safe; {@link #get} takes no lock.
 *
 * @param <T> the series (a timer)
 */
final class PeerSeries<T> {

    /** One peer's series and how many of its links are up. */
    private static final class Slot<T> {
        final T series;
        int links;

        Slot(T series) {
            this.series = series;
        }
    }

    private final int max;
    private final Predicate<NodeId> configured;
    private final Function<NodeId, T> create;
    private final BiConsumer<NodeId, T> remove;
    private final Map<NodeId, Slot<T>> slots = new LinkedHashMap<>(); // oldest first; guarded by this
    private final Map<NodeId, Integer> unslotted = new HashMap<>();  // links up of peers without a series
    private final Map<NodeId, T> series = new ConcurrentHashMap<>();

    /**
     * @param max        most peers with a series of their own (0: none)
     * @param configured whether a peer is configured (asked when its link comes up and when its last closes)
     * @param create     creates a peer's series
     * @param remove     removes a peer's series (from the registry)
     */
    PeerSeries(int max, Predicate<NodeId> configured, Function<NodeId, T> create, BiConsumer<NodeId, T> remove) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        this.max = max;
        this.configured = configured;
        this.create = create;
        this.remove = remove;
    }

    /** The series of {@code peer}, or null when it has none (count it under {@code peer="other"}). */
    T get(NodeId peer) {
        return series.get(peer);
    }

    /** How many peers have a series now (at most {@code max}). */
    int size() {
        return series.size();
    }

    /** A link to {@code peer} came up: it gets a series when there is room, or when it is configured and can take one. */
    synchronized void linkUp(NodeId peer) {
        Slot<T> slot = slots.get(peer);
        if (slot == null && (slots.size() < max || configured.test(peer) && evictUnconfigured())) {
            slot = new Slot<>(create.apply(peer));
            slot.links = unslotted.getOrDefault(peer, 0);
            unslotted.remove(peer);
            slots.put(peer, slot);
            series.put(peer, slot.series);
        }
        if (slot != null) {
            slot.links++;
        } else {
            unslotted.merge(peer, 1, Integer::sum);
        }
    }

    /** A link to {@code peer} that had come up closed: the last one removes its series unless it is configured. */
    synchronized void linkClosed(NodeId peer) {
        Slot<T> slot = slots.get(peer);
        if (slot == null) {
            unslotted.computeIfPresent(peer, (p, n) -> n > 1 ? n - 1 : null);
            return;
        }
        slot.links = Math.max(0, slot.links - 1);
        if (slot.links == 0 && !configured.test(peer)) {
            drop(peer, slot);
        }
    }

    /** Frees the series of the oldest peer that is not configured; false when every series is of a configured one. */
    private boolean evictUnconfigured() {
        for (Iterator<Map.Entry<NodeId, Slot<T>>> it = slots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<NodeId, Slot<T>> e = it.next();
            if (!configured.test(e.getKey())) {
                if (e.getValue().links > 0) {
                    unslotted.put(e.getKey(), e.getValue().links);
                }
                it.remove();
                series.remove(e.getKey());
                remove.accept(e.getKey(), e.getValue().series);
                return true;
            }
        }
        return false;
    }

    private void drop(NodeId peer, Slot<T> slot) {
        slots.remove(peer);
        series.remove(peer);
        remove.accept(peer, slot.series);
    }
}
