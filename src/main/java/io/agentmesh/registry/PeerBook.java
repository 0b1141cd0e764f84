package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The peers a node knows (docs/registry.md §4): learned from links, configuration, adverts and peer
 * exchange, kept across restarts by {@link PeerBookStore}. Each record says how this node knows of the
 * peer ({@link PeerRecord.Origin}); news of a weaker origin never displaces a stronger record: hearsay
 * changes neither the addrs nor the last-seen time of a peer known from its advert or directly, and
 * never evicts one. Hearsay must carry the identity key that derives the node id (the link that is dialed
 * later checks the id), and one relaying peer places at most {@link RegistrySettings#maxPeersPerSource()}
 * entries; what is refused is counted by {@link PeerRefusal}. Each success raises a peer's health (an
 * exponential average towards 1) and clears its failures; each failure lowers the health and defers the
 * next dial by a capped exponential backoff ({@link RegistrySettings#dialBackoffBase()} doubled per
 * failure up to {@link RegistrySettings#dialBackoffMax()}). Peers unseen for
 * {@link RegistrySettings#peerExpiry()} leave; when {@link RegistrySettings#maxPeers()} are known, a new
 * peer evicts the longest unseen of the weakest origin not stronger than its own, or is refused.
 * Thread-safe: changes are made under the book's lock, reads are not blocked.
 */
public final class PeerBook {

    private static final Logger LOG = Logger.getLogger(PeerBook.class.getName());

    /** Health of a peer never contacted. */
    public static final double INITIAL_HEALTH = 0.5;
    /** Weight of one success or failure in the health average. */
    public static final double HEALTH_ALPHA = 0.3;

    private final NodeId self;
    private final RegistrySettings settings;
    private final Clock clock;
    /** By node id string, so wire entries are looked up without building a NodeId. */
    private final Map<String, PeerRecord> peers = new ConcurrentHashMap<>();
    /** Hearsay records by the peer that relayed them; guarded by this. */
    private final Map<NodeId, Integer> perSource = new HashMap<>();
    private final PeerRefusals refusals;
    /** Guarded by this. */
    private final PeerEviction eviction = new PeerEviction();
    private volatile boolean dirty;
    /** No peer is due to expire before this; {@link #expire()} does nothing until then. Guarded by this. */
    private Instant nextExpiry = Instant.MIN;

    public PeerBook(NodeId self, RegistrySettings settings, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refusals = new PeerRefusals(clock);
    }

    /** The node whose book this is. */
    NodeId self() {
        return self;
    }

    /** Puts back records as saved (this node's own is skipped), then drops the expired and the excess. */
    public synchronized void restore(Collection<PeerRecord> records) {
        for (PeerRecord r : records) {
            if (!r.nodeId().equals(self)) {
                replace(peers.get(r.nodeId().value()), r);
            }
        }
        nextExpiry = Instant.MIN;
        expire();
        while (peers.size() > settings.maxPeers()) {
            replace(victim(PeerRecord.Origin.DIRECT), null);
        }
        dirty = false;
    }

    /**
     * Learns of a peer this node's operator named (a bootstrap entry): {@link PeerRecord.Origin#DIRECT}. A new
     * peer starts at health {@link #INITIAL_HEALTH}, last seen at {@code reportedLastSeen} (at most now); a
     * known one takes the newer last seen and new addrs. A key that does not derive the node id, or a peer too
     * old to keep, is ignored (false); bad addrs throw IllegalArgumentException. True when the peer was new.
     */
    public boolean learn(NodeId node, String identity, List<String> addrs, Instant reportedLastSeen) {
        Objects.requireNonNull(node, "node");
        if (identity != null && !PeerRecord.identityMatches(node, identity)) {
            LOG.log(Level.FINE, () -> "peer " + node + " offered with a key that does not derive its id; ignored");
            return false;
        }
        return put(node, identity, PeerAddrs.validate(addrs), reportedLastSeen, PeerRecord.Origin.DIRECT, null);
    }

    /**
     * Learns of a peer that {@code source} named in a peer exchange: {@link PeerRecord.Origin#HEARSAY}.
     * Refused (counted, false) without an identity key that derives the node id, with bad addrs, when too
     * old to keep, when {@code source} placed its share of entries already, or when the book is full of
     * peers known otherwise. An entry of this node itself is ignored. Returns true when the peer was new.
     */
    public boolean hear(GossipMessages.PeerEntry entry, NodeId source) {
        Objects.requireNonNull(source, "source");
        if (entry.nodeId().equals(self.value())) {
            return false;
        }
        if (entry.identity() == null) {
            return refusals.refuse(entry.nodeId(), source, PeerRefusal.NO_IDENTITY);
        }
        PeerRecord known = peers.get(entry.nodeId());
        NodeId node = known != null ? known.nodeId() : NodeId.of(entry.nodeId());
        if (!(known != null && entry.identity().equals(known.identity()))
                && !PeerRecord.identityMatches(node, entry.identity())) {
            return refusals.refuse(entry.nodeId(), source, PeerRefusal.BAD_IDENTITY);
        }
        List<String> addrs;
        try {
            addrs = known != null && entry.addrs().equals(known.addrs()) ? known.addrs() : PeerAddrs.validate(entry.addrs());
        } catch (IllegalArgumentException e) {
            return refusals.refuse(entry.nodeId(), source, PeerRefusal.BAD_ADDRS);
        }
        return put(node, entry.identity(), addrs, entry.lastSeen(), PeerRecord.Origin.HEARSAY, source);
    }

    /** Learns of a peer from an advert the registry accepted: its key and addrs were checked with the advert. */
    void learnFromAdvert(Advert advert) {
        put(advert.nodeId(), advert.identity(), advert.addrs(), advert.issuedAt(), PeerRecord.Origin.ADVERT, null);
    }

    /**
     * Puts what was learned of {@code node} into the book (a known peer keeps its record when the news is
     * of a weaker origin). Returns true when the peer is new and was added.
     */
    private synchronized boolean put(NodeId node, String identity, List<String> addrs, Instant reportedLastSeen,
                                        PeerRecord.Origin origin, NodeId source) {
        if (node.equals(self)) {
            return false;
        }
        Instant now = clock.instant();
        Instant seen = reportedLastSeen == null || reportedLastSeen.isAfter(now) ? now : reportedLastSeen;
        PeerRecord old = peers.get(node.value());
        if (!seen.plus(settings.peerExpiry()).isAfter(now)) {
            if (origin == PeerRecord.Origin.HEARSAY && old == null) {
                refusals.refuse(node.value(), source, PeerRefusal.STALE);
            }
            return false;
        }
        if (old == null) {
            if (origin == PeerRecord.Origin.HEARSAY && perSource.getOrDefault(source, 0) >= settings.maxPeersPerSource()) {
                refusals.refuse(node.value(), source, PeerRefusal.SOURCE_LIMIT);
                return false;
            }
            if (peers.size() >= settings.maxPeers()) {
                PeerRecord victim = victim(origin);
                if (victim == null) {
                    if (origin == PeerRecord.Origin.HEARSAY) {
                        refusals.refuse(node.value(), source, PeerRefusal.BOOK_FULL);
                    }
                    return false;
                }
                replace(victim, null);
            }
            replace(null, new PeerRecord(node, identity, addrs, seen, INITIAL_HEALTH, 0, now, origin, source));
            LOG.log(Level.FINE, () -> "peer learned " + node + " (" + origin + ")");
            return true;
        }
        if (origin.compareTo(old.origin()) < 0) {
            return false;     // weaker news: neither addrs nor last seen of a better known peer change
        }
        Instant last = old.lastSeen().isAfter(seen) ? old.lastSeen() : seen;
        List<String> merged = addrs.isEmpty() ? old.addrs() : addrs;
        String key = old.identity() != null ? old.identity() : identity;
        PeerRecord.Origin stronger = old.origin().max(origin);
        NodeId relayedBy = stronger == PeerRecord.Origin.HEARSAY ? old.source() : null;
        PeerRecord fresh = new PeerRecord(node, key, merged, last, old.health(), old.consecutiveFailures(),
                old.nextDialAt(), stronger, relayedBy);
        if (!fresh.equals(old)) {   // the same news again is common (every advert of a known node)
            replace(old, fresh);
        }
        return false;
    }

    /** A peer answered or a link to it came up: known directly from now on, seen now, health up, dialable now. */
    public synchronized void markSeen(NodeId node, String identity, List<String> addrs) {
        if (node.equals(self)) {
            return;
        }
        if (identity != null && !PeerRecord.identityMatches(node, identity)) {
            throw new IllegalArgumentException("identity does not derive node id " + node);
        }
        Instant now = clock.instant();
        List<String> valid = addrs == null ? List.of() : PeerAddrs.validate(addrs);
        PeerRecord old = peers.get(node.value());
        if (old == null && peers.size() >= settings.maxPeers()) {
            replace(victim(PeerRecord.Origin.DIRECT), null);
        }
        replace(old, old == null
                ? new PeerRecord(node, identity, valid, now, raise(INITIAL_HEALTH), 0, now, PeerRecord.Origin.DIRECT, null)
                : new PeerRecord(node, identity != null ? identity : old.identity(), valid.isEmpty() ? old.addrs() : valid,
                        now, raise(old.health()), 0, now, PeerRecord.Origin.DIRECT, null));
    }

    /** An attempt to reach a peer failed: health down, the next dial deferred by the backoff. */
    public synchronized void markFailure(NodeId node) {
        PeerRecord old = peers.get(node.value());
        if (old == null) {
            return;
        }
        int failures = old.consecutiveFailures() + 1;
        PeerRecord r = old.withDialState(lower(old.health()), failures, clock.instant().plus(backoff(failures)));
        replace(old, r);
        LOG.log(Level.FINE, () -> "peer " + node + " failed " + failures + " time(s); next dial at " + r.nextDialAt());
    }

    /** The redial delay after {@code failures} consecutive failures: base·2^(failures−1), capped. */
    public Duration backoff(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration d = settings.dialBackoffBase();
        for (int i = 1; i < failures && d.compareTo(settings.dialBackoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.dialBackoffMax()) > 0 ? settings.dialBackoffMax() : d;
    }

    /**
     * Peers with addrs whose backoff has passed, best known first (direct, advert, hearsay), then
     * healthiest, then most recently seen.
     */
    public List<PeerRecord> dueForDial() {
        Instant now = clock.instant();
        return peers.values().stream()
                .filter(p -> !p.addrs().isEmpty() && !p.nextDialAt().isAfter(now))
                .sorted(Comparator.comparing(PeerRecord::origin).reversed()
                        .thenComparing(Comparator.comparingDouble(PeerRecord::health).reversed())
                        .thenComparing(PeerRecord::lastSeen, Comparator.reverseOrder()))
                .toList();
    }

    /**
     * Peers whose backoff has passed (with or without addrs): the candidates for a gossip round. In
     * no promised order (the same for the same history of changes).
     */
    public List<NodeId> reachable() {
        Instant now = clock.instant();
        List<NodeId> out = new ArrayList<>();
        for (PeerRecord p : peers.values()) {
            if (!p.nextDialAt().isAfter(now)) {
                out.add(p.nodeId());
            }
        }
        return out;
    }

    /** Drops peers unseen for {@link RegistrySettings#peerExpiry()}; returns them. */
    public synchronized List<NodeId> expire() {
        Instant now = clock.instant();
        if (now.isBefore(nextExpiry)) {
            return List.of();
        }
        nextExpiry = Instant.MAX; // the records kept lower it again
        Instant cutoff = now.minus(settings.peerExpiry());
        List<NodeId> removed = new ArrayList<>();
        Instant oldest = Instant.MAX;
        for (PeerRecord p : peers.values()) {
            if (!p.lastSeen().isAfter(cutoff)) {
                replace(p, null);
                removed.add(p.nodeId());
            } else if (p.lastSeen().isBefore(oldest)) {
                oldest = p.lastSeen();
            }
        }
        if (oldest != Instant.MAX) {
            noteLastSeen(oldest);
        }
        if (!removed.isEmpty()) {
            dirty = true;
            LOG.log(Level.FINE, () -> removed.size() + " peer(s) expired");
        }
        return removed;
    }

    /** Guarded by this. */
    private void noteLastSeen(Instant seen) {
        Instant due = seen.plus(settings.peerExpiry());
        if (due.isBefore(nextExpiry)) {
            nextExpiry = due;
        }
    }

    /**
     * Up to {@code n} peers chosen at random among those whose identity key is known, for a peer exchange
     * (docs/registry.md §3.3): other nodes refuse entries without one.
     */
    public List<PeerRecord> sample(int n, RandomGenerator random) {
        List<PeerRecord> all = new ArrayList<>(peers.values());
        all.removeIf(p -> p.identity() == null);
        int k = Math.min(n, all.size());
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(all.size() - i);
            PeerRecord t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return List.copyOf(all.subList(0, k));
    }

    public Optional<PeerRecord> get(NodeId node) {
        return Optional.ofNullable(peers.get(node.value()));
    }

    /** A peer's health; {@link #INITIAL_HEALTH} for a peer not in the book. */
    public double health(NodeId node) {
        PeerRecord r = peers.get(node.value());
        return r == null ? INITIAL_HEALTH : r.health();
    }

    /**
     * How much this node has to go on for {@code node}, for ranking replicas never measured
     * (docs/registry.md §5.1): its origin (direct above advert above hearsay), then its health; a node not
     * in the book stands lowest. Higher is better.
     */
    public double standing(NodeId node) {
        PeerRecord r = peers.get(node.value());
        return r == null ? 0.0 : r.origin().ordinal() + r.health();
    }

    /** How many peer-exchange entries were refused for {@code reason} since start. */
    public long refusalCount(PeerRefusal reason) {
        return refusals.count(reason);
    }

    /** All peers, by node id. */
    public List<PeerRecord> peers() {
        List<PeerRecord> out = new ArrayList<>(peers.values());
        out.sort(Comparator.comparing(PeerRecord::nodeId));
        return out;
    }

    public int size() {
        return peers.size();
    }

    /** True when something changed since the last {@link #restore} or {@link #markClean()}. */
    public boolean isDirty() {
        return dirty;
    }

    public void markClean() {
        dirty = false;
    }

    /** Marks the book changed (a save failed after {@link #markClean()}). */
    public void markDirty() {
        dirty = true;
    }

    /**
     * The record a new one of {@code origin} may evict from a full book: the longest unseen of the weakest
     * origin not stronger than {@code origin}; null when there is none. Guarded by this.
     */
    private PeerRecord victim(PeerRecord.Origin origin) {
        return eviction.victim(origin, peers);
    }

    /** Replaces {@code old} (null: none) by {@code fresh} (null: none), with the counts per source. Guarded by this. */
    private void replace(PeerRecord old, PeerRecord fresh) {
        if (old != null && old.source() != null) {
            perSource.computeIfPresent(old.source(), (k, n) -> n > 1 ? n - 1 : null);
        }
        if (fresh == null) {
            if (old != null) {
                peers.remove(old.nodeId().value());
            }
        } else {
            peers.put(fresh.nodeId().value(), fresh);
            eviction.added(fresh, peers);
            if (fresh.source() != null) {
                perSource.merge(fresh.source(), 1, Integer::sum);
            }
            noteLastSeen(fresh.lastSeen());
        }
        dirty = true;
    }

    private static double raise(double h) {
        return h + HEALTH_ALPHA * (1.0 - h);
    }

    private static double lower(double h) {
        return h * (1.0 - HEALTH_ALPHA);
    }
}
