package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A node's view of the mesh's agents (docs/registry.md §2.3, §2.4): the newest valid advert of every
 * node, its own included. An offered advert is opened (form, signature, node id), then checked against
 * the clock (expired, issued in the future, lifetime too long) and against what is held (a newer
 * sequence number wins; the same envelope again is a duplicate; anything else is stale). Adverts
 * leave when they expire, or when their node issued nothing newer for
 * {@link RegistrySettings#nodeGoneAfter()} by the local clock; a removed node's last sequence number
 * is remembered until that advert's expiry, so a replay cannot bring it back.
 *
 * <p>Thread-safe: reads are lock-free, changes are serialised; listeners run after a change, outside
 * the lock.
 */
public final class Registry {

    private static final Logger LOG = Logger.getLogger(Registry.class.getName());

    private record Held(SignedAdvert signed, Instant refreshedAt) {
    }

    private record Tombstone(long seq, Instant until) {
    }

    private final NodeId self;
    private final RegistrySettings settings;
    private final Clock clock;
    private final AdvertOpener opener;
    private final ToDoubleFunction<NodeId> health;
    private final Map<String, Held> adverts = new ConcurrentHashMap<>();
    private final Map<String, Tombstone> tombstones = new ConcurrentHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<AdvertRejection, AtomicLong> rejections = new EnumMap<>(AdvertRejection.class);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Object lock = new Object();
    /** The digest of what is held; null after a change until asked for again. */
    private volatile Digest digest;

    /**
     * @param self   this node (its advert is never dropped as gone, and its health is 1)
     * @param health the health in [0, 1] of another node, for {@link #find} (for example the peer book's)
     */
    public Registry(NodeId self, RegistrySettings settings, Clock clock, AdvertOpener opener,
                    ToDoubleFunction<NodeId> health) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.health = Objects.requireNonNull(health, "health");
        for (AdvertRejection r : AdvertRejection.values()) {
            rejections.put(r, new AtomicLong());
        }
    }

    public NodeId self() {
        return self;
    }

    public void addListener(RegistryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(RegistryListener listener) {
        listeners.remove(listener);
    }

    /** Opens and offers an envelope as received from a peer. */
    public OfferResult offer(JsonValue envelope) {
        SignedAdvert signed;
        try {
            signed = opener.open(envelope);
        } catch (AdvertRejectedException e) {
            return reject(null, e.reason(), e.detail());
        }
        return offer(signed);
    }

    /** Offers an opened advert (this node's own, or one a trusted {@link AdvertOpener} returned). */
    public OfferResult offer(SignedAdvert signed) {
        Advert a = signed.advert();
        Instant now = clock.instant();
        if (a.isExpiredAt(now)) {
            return reject(a.nodeId(), AdvertRejection.EXPIRED, "expired at " + a.expiresAt());
        }
        if (a.issuedAt().isAfter(now.plus(settings.maxClockSkew()))) {
            return reject(a.nodeId(), AdvertRejection.NOT_YET_VALID, "issued at " + a.issuedAt());
        }
        if (a.issuedAt().plus(settings.maxAdvertLifetime()).isBefore(a.expiresAt())) {
            return reject(a.nodeId(), AdvertRejection.LIFETIME_TOO_LONG, "expires at " + a.expiresAt());
        }
        String key = a.nodeId().value();
        RegistryChange change;
        synchronized (lock) {
            Held held = adverts.get(key);
            if (held != null) {
                long heldSeq = held.signed().advert().seq();
                if (a.seq() == heldSeq && held.signed().sameBytes(signed)) {
                    duplicates.incrementAndGet();
                    return OfferResult.duplicate(a.nodeId());
                }
                if (a.seq() <= heldSeq) {
                    return reject(a.nodeId(), AdvertRejection.STALE, "seq " + a.seq() + " not newer than " + heldSeq);
                }
            } else {
                Tombstone t = tombstones.get(key);
                if (t != null && a.seq() <= t.seq()) {
                    return reject(a.nodeId(), AdvertRejection.STALE, "seq " + a.seq() + " of a removed node");
                }
            }
            tombstones.remove(key);
            adverts.put(key, new Held(signed, now));
            refreshDigest();
            change = new RegistryChange(held == null ? RegistryChange.Kind.ADDED : RegistryChange.Kind.UPDATED,
                    a.nodeId(), signed);
        }
        accepted.incrementAndGet();
        LOG.log(Level.FINE, () -> "advert " + change.kind() + " " + key + " seq " + a.seq());
        fire(change);
        return OfferResult.accepted(a.nodeId());
    }

    /**
     * Drops adverts that expired, and those of other nodes that issued nothing newer for
     * {@link RegistrySettings#nodeGoneAfter()}. Returns the nodes removed.
     */
    public List<NodeId> expire() {
        Instant now = clock.instant();
        List<RegistryChange> removed = new ArrayList<>();
        synchronized (lock) {
            for (var e : adverts.entrySet()) {
                Held h = e.getValue();
                Advert a = h.signed().advert();
                boolean gone = !a.nodeId().equals(self)
                        && !h.refreshedAt().plus(settings.nodeGoneAfter()).isAfter(now);
                if (a.isExpiredAt(now) || gone) {
                    adverts.remove(e.getKey());
                    if (!a.isExpiredAt(now)) {
                        tombstones.put(e.getKey(), new Tombstone(a.seq(), a.expiresAt()));
                    }
                    removed.add(new RegistryChange(RegistryChange.Kind.REMOVED, a.nodeId(), h.signed()));
                }
            }
            tombstones.values().removeIf(t -> !t.until().isAfter(now));
            if (!removed.isEmpty()) {
                refreshDigest();
            }
        }
        List<NodeId> nodes = new ArrayList<>(removed.size());
        for (RegistryChange c : removed) {
            LOG.log(Level.FINE, () -> "advert removed " + c.node() + " seq " + c.advert().advert().seq());
            nodes.add(c.node());
            fire(c);
        }
        return nodes;
    }

    public Optional<SignedAdvert> get(NodeId node) {
        Held h = adverts.get(node.value());
        return h == null ? Optional.empty() : Optional.of(h.signed());
    }

    /** All adverts held, in no particular order. */
    public List<SignedAdvert> adverts() {
        return adverts.values().stream().map(Held::signed).toList();
    }

    public int size() {
        return adverts.size();
    }

    /** Node id → sequence number of every advert held. Cached between changes. */
    public Digest digest() {
        Digest d = digest;
        if (d == null) {
            synchronized (lock) {
                d = digest;
                if (d == null) {
                    Map<String, Long> entries = new HashMap<>(adverts.size() * 2);
                    adverts.forEach((k, h) -> entries.put(k, h.signed().advert().seq()));
                    d = new Digest(entries);
                    digest = d;
                }
            }
        }
        return d;
    }

    /**
     * The adverts held that {@code remote} lacks or holds older, at most {@code maxCount} of them and
     * at most {@code maxBytes} of envelopes; oldest-issued first is not promised.
     */
    public Batch newerThan(Digest remote, int maxCount, int maxBytes) {
        List<SignedAdvert> out = new ArrayList<>();
        int bytes = 0;
        boolean more = false;
        for (Held h : adverts.values()) {
            Advert a = h.signed().advert();
            if (remote.seq(a.nodeId().value()) >= a.seq()) {
                continue;
            }
            int size = h.signed().encodedSize();
            if (out.size() >= maxCount || bytes + size > maxBytes) {
                more = true;
                break;
            }
            out.add(h.signed());
            bytes += size;
        }
        return new Batch(out, more);
    }

    /** Node ids for which {@code remote} holds a newer advert than this registry (at most {@code max}). */
    public List<String> wanted(Digest remote, int max) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : remote.entries().entrySet()) {
            if (out.size() >= max) {
                break;
            }
            long remoteSeq = e.getValue();
            Held h = adverts.get(e.getKey());
            if (h != null) {
                if (h.signed().advert().seq() < remoteSeq) {
                    out.add(e.getKey());
                }
                continue;
            }
            Tombstone t = tombstones.get(e.getKey());
            if (t == null || t.seq() < remoteSeq) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** A batch of adverts for one gossip message; {@code more} when some were left out by the limits. */
    public record Batch(List<SignedAdvert> adverts, boolean more) {
        public Batch {
            adverts = List.copyOf(adverts);
        }
    }

    /**
     * The agents matching every given filter (null or blank = any): {@code agent} an agent id,
     * {@code tool} a tool name, {@code text} a case-insensitive part of the agent id, title or a tool
     * name. Unexpired adverts only; sorted by agent id, then healthier first, then node id.
     */
    public List<AgentMatch> find(String agent, String tool, String text) {
        Instant now = clock.instant();
        String needle = text == null || text.isBlank() ? null : text.toLowerCase(Locale.ROOT);
        List<AgentMatch> out = new ArrayList<>();
        for (Held h : adverts.values()) {
            Advert a = h.signed().advert();
            if (a.isExpiredAt(now)) {
                continue;
            }
            for (AgentInfo info : a.agents()) {
                if (matches(info, agent, tool, needle)) {
                    out.add(AgentMatch.of(a.nodeId(), info, healthOf(a.nodeId())));
                }
            }
        }
        out.sort(Comparator.comparing(AgentMatch::agent)
                .thenComparing(Comparator.comparingDouble(AgentMatch::health).reversed())
                .thenComparing(m -> m.nodeId().value()));
        return out;
    }

    /** The nodes whose unexpired advert lists agent {@code agentId}, sorted by node id. */
    public List<NodeId> replicas(String agentId) {
        Instant now = clock.instant();
        List<NodeId> out = new ArrayList<>();
        for (Held h : adverts.values()) {
            Advert a = h.signed().advert();
            if (!a.isExpiredAt(now) && a.agent(agentId).isPresent()) {
                out.add(a.nodeId());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The annotations that {@code node}'s advert gives tool {@code tool} of agent {@code agentId}. */
    public Optional<ToolAnnotations> toolAnnotations(NodeId node, String agentId, String tool) {
        return get(node).flatMap(s -> s.advert().agent(agentId)).flatMap(a -> a.tool(tool))
                .map(ToolInfo::annotations);
    }

    /** How many adverts were accepted since start. */
    public long acceptedCount() {
        return accepted.get();
    }

    /** How many offers were the very envelope already held. */
    public long duplicateCount() {
        return duplicates.get();
    }

    /** How many adverts were rejected, by reason (every reason present). */
    public Map<AdvertRejection, Long> rejectionCounts() {
        Map<AdvertRejection, Long> out = new EnumMap<>(AdvertRejection.class);
        rejections.forEach((r, n) -> out.put(r, n.get()));
        return out;
    }

    public long rejectionCount(AdvertRejection reason) {
        return rejections.get(reason).get();
    }

    private double healthOf(NodeId node) {
        if (node.equals(self)) {
            return 1.0;
        }
        double h = health.applyAsDouble(node);
        return Double.isNaN(h) ? 0.0 : Math.max(0.0, Math.min(1.0, h));
    }

    private static boolean matches(AgentInfo info, String agent, String tool, String needle) {
        if (agent != null && !agent.isBlank() && !info.id().equals(agent)) {
            return false;
        }
        if (tool != null && !tool.isBlank() && info.tool(tool).isEmpty()) {
            return false;
        }
        if (needle == null) {
            return true;
        }
        if (contains(info.id(), needle) || contains(info.title(), needle)) {
            return true;
        }
        for (ToolInfo t : info.tools()) {
            if (contains(t.name(), needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String s, String needle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(needle);
    }

    private OfferResult reject(NodeId node, AdvertRejection reason, String detail) {
        rejections.get(reason).incrementAndGet();
        Level level = GossipService.MISBEHAVIOUR.contains(reason) ? Level.WARNING
                : reason == AdvertRejection.NOT_YET_VALID ? Level.INFO : Level.FINE;
        LOG.log(level, () -> "advert" + (node == null ? "" : " of node " + node) + " rejected (" + reason + "): " + detail);
        return OfferResult.rejected(node, reason, detail);
    }

    private void refreshDigest() {
        digest = null;
    }

    private void fire(RegistryChange change) {
        for (RegistryListener l : listeners) {
            try {
                l.registryChanged(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "registry listener failed on " + change.kind() + " " + change.node(), e);
            }
        }
    }
}
