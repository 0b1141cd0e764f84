package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The peers a node knows (docs/registry.md §4): learned from links, adverts and peer exchange, kept
 * across restarts by {@link PeerBookStore}. Each success raises a peer's health (an exponential
 * average towards 1) and clears its failures; each failure lowers the health and defers the next dial
 * by a capped exponential backoff ({@link RegistrySettings#dialBackoffBase()} doubled per failure up to
 * {@link RegistrySettings#dialBackoffMax()}). Peers unseen for {@link RegistrySettings#peerExpiry()}
 * leave; when more than {@link RegistrySettings#maxPeers()} are known, the longest unseen leave first.
 * Thread-safe.
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
    private volatile boolean dirty;
    /** No peer is due to expire before this; {@link #expire()} does nothing until then. */
    private volatile Instant nextExpiry = Instant.MIN;

    public PeerBook(NodeId self, RegistrySettings settings, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Puts back records as saved (this node's own is skipped), then drops the expired. */
    public void restore(Collection<PeerRecord> records) {
        for (PeerRecord r : records) {
            if (!r.nodeId().equals(self)) {
                peers.put(r.nodeId().value(), r);
            }
        }
        expire();
        trim();
        dirty = false;
    }

    /**
     * Learns of a peer from someone else (an advert, a peer exchange). A new peer starts with health
     * {@link #INITIAL_HEALTH} and last seen at {@code reportedLastSeen} (never later than now), so a
     * peer that nobody sees ages out wherever it is passed on. A known peer takes the newer last-seen
     * time and the new addrs (when given). Returns true when the peer was new.
     */
    public boolean learn(NodeId node, String identity, List<String> addrs, Instant reportedLastSeen) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(addrs, "addrs");
        if (node.equals(self)) {
            return false;
        }
        Instant now = clock.instant();
        Instant seen = reportedLastSeen == null || reportedLastSeen.isAfter(now) ? now : reportedLastSeen;
        if (!seen.plus(settings.peerExpiry()).isAfter(now)) {
            return false;
        }
        PeerRecord known = peers.get(node.value());
        // check what is new only: the same key and addrs again are common (every advert of a known node)
        if (identity != null && (known == null || !identity.equals(known.identity()))
                && !PeerRecord.identityMatches(node, identity)) {
            LOG.log(Level.FINE, () -> "peer " + node + " offered with a key that does not derive its id; ignored");
            return false;
        }
        List<String> valid = known != null && addrs.equals(known.addrs()) ? known.addrs() : PeerAddrs.validate(addrs);
        boolean[] added = {false};
        peers.compute(node.value(), (k, old) -> {
            if (old == null) {
                added[0] = true;
                noteLastSeen(seen);
                return new PeerRecord(node, identity, valid, seen, INITIAL_HEALTH, 0, now);
            }
            Instant last = old.lastSeen().isAfter(seen) ? old.lastSeen() : seen;
            List<String> merged = valid.isEmpty() ? old.addrs() : valid;
            String key = old.identity() != null ? old.identity() : identity;
            if (last.equals(old.lastSeen()) && merged.equals(old.addrs()) && Objects.equals(key, old.identity())) {
                return old;
            }
            return new PeerRecord(node, key, merged, last, old.health(), old.consecutiveFailures(), old.nextDialAt());
        });
        dirty = true;
        if (added[0]) {
            LOG.log(Level.FINE, () -> "peer learned " + node);
            trim();
        }
        return added[0];
    }

    /**
     * {@link #learn(NodeId, String, List, Instant)} for a node id as it came off the wire: a known peer
     * is found without building its NodeId; an id that is not a node id is ignored (false).
     */
    public boolean learn(String nodeId, String identity, List<String> addrs, Instant reportedLastSeen) {
        PeerRecord known = peers.get(nodeId);
        if (known != null) {
            return learn(known.nodeId(), identity, addrs, reportedLastSeen);
        }
        return NodeId.isNodeId(nodeId) && learn(NodeId.of(nodeId), identity, addrs, reportedLastSeen);
    }

    /**
     * Learns of a peer from an advert the registry accepted: its key and addrs were checked with the
     * advert, so they are taken as they are.
     */
    void learnFromAdvert(Advert advert) {
        NodeId node = advert.nodeId();
        if (node.equals(self)) {
            return;
        }
        Instant now = clock.instant();
        Instant seen = advert.issuedAt().isAfter(now) ? now : advert.issuedAt();
        boolean[] added = {false};
        peers.compute(node.value(), (k, old) -> {
            if (old == null) {
                added[0] = true;
                noteLastSeen(seen);
                return new PeerRecord(node, advert.identity(), advert.addrs(), seen, INITIAL_HEALTH, 0, now);
            }
            Instant last = old.lastSeen().isAfter(seen) ? old.lastSeen() : seen;
            List<String> addrs = advert.addrs().isEmpty() ? old.addrs() : advert.addrs();
            if (last.equals(old.lastSeen()) && addrs.equals(old.addrs()) && advert.identity().equals(old.identity())) {
                return old;
            }
            return new PeerRecord(node, advert.identity(), addrs, last, old.health(), old.consecutiveFailures(),
                    old.nextDialAt());
        });
        dirty = true;
        if (added[0]) {
            trim();
        }
    }

    /** A peer answered or a link to it came up: seen now, health up, failures cleared, dialable now. */
    public void markSeen(NodeId node, String identity, List<String> addrs) {
        if (node.equals(self)) {
            return;
        }
        if (identity != null && !PeerRecord.identityMatches(node, identity)) {
            throw new IllegalArgumentException("identity does not derive node id " + node);
        }
        Instant now = clock.instant();
        List<String> valid = addrs == null ? null : PeerAddrs.validate(addrs);
        peers.compute(node.value(), (k, old) -> {
            if (old == null) {
                noteLastSeen(now);
                return new PeerRecord(node, identity, valid == null ? List.of() : valid, now,
                        raise(INITIAL_HEALTH), 0, now);
            }
            return new PeerRecord(node, identity != null ? identity : old.identity(),
                    valid == null || valid.isEmpty() ? old.addrs() : valid, now, raise(old.health()), 0, now);
        });
        dirty = true;
        trim();
    }

    /** An attempt to reach a peer failed: health down, the next dial deferred by the backoff. */
    public void markFailure(NodeId node) {
        Instant now = clock.instant();
        PeerRecord r = peers.computeIfPresent(node.value(), (k, old) -> {
            int failures = old.consecutiveFailures() + 1;
            return new PeerRecord(node, old.identity(), old.addrs(), old.lastSeen(), lower(old.health()), failures,
                    now.plus(backoff(failures)));
        });
        if (r != null) {
            dirty = true;
            LOG.log(Level.FINE, () -> "peer " + node + " failed " + r.consecutiveFailures()
                    + " time(s); next dial at " + r.nextDialAt());
        }
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

    /** Peers with addrs whose backoff has passed, healthiest first, then most recently seen. */
    public List<PeerRecord> dueForDial() {
        Instant now = clock.instant();
        return peers.values().stream()
                .filter(p -> !p.addrs().isEmpty() && !p.nextDialAt().isAfter(now))
                .sorted(Comparator.comparingDouble(PeerRecord::health).reversed()
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
    public List<NodeId> expire() {
        Instant now = clock.instant();
        if (now.isBefore(nextExpiry)) {
            return List.of();
        }
        synchronized (this) {
            nextExpiry = Instant.MAX; // records added from here on lower it again
        }
        Instant cutoff = now.minus(settings.peerExpiry());
        List<NodeId> removed = new ArrayList<>();
        Instant oldest = Instant.MAX;
        for (PeerRecord p : peers.values()) {
            if (!p.lastSeen().isAfter(cutoff)) {
                if (peers.remove(p.nodeId().value(), p)) {
                    removed.add(p.nodeId());
                }
            } else if (p.lastSeen().isBefore(oldest)) {
                oldest = p.lastSeen();
            }
        }
        if (oldest != Instant.MAX) {
            noteLastSeen(oldest); // a record replaced meanwhile only moved its last-seen time later
        }
        if (!removed.isEmpty()) {
            dirty = true;
            LOG.log(Level.FINE, () -> removed.size() + " peer(s) expired");
        }
        return removed;
    }

    private void noteLastSeen(Instant seen) {
        Instant due = seen.plus(settings.peerExpiry());
        synchronized (this) {
            if (due.isBefore(nextExpiry)) {
                nextExpiry = due;
            }
        }
    }

    /**
     * Up to {@code n} peers chosen at random among those seen within the expiry, for a peer exchange
     * (docs/registry.md §3.3).
     */
    public List<PeerRecord> sample(int n, RandomGenerator random) {
        List<PeerRecord> all = new ArrayList<>(peers.values());
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

    private void trim() {
        int excess = peers.size() - settings.maxPeers();
        if (excess <= 0) {
            return;
        }
        List<PeerRecord> oldest = new ArrayList<>(peers.values());
        oldest.sort(Comparator.comparing(PeerRecord::lastSeen).thenComparing(PeerRecord::nodeId));
        for (int i = 0; i < excess && i < oldest.size(); i++) {
            peers.remove(oldest.get(i).nodeId().value());
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
