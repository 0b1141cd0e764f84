package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.membership.Certificate;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A node's view of the mesh's agents (docs/registry.md §2.3, §2.4): the newest valid advert of every
 * node, its own included. An offered advert is opened (form, signature, node id), then checked against
 * the clock (expired, issued in the future, lifetime too long) and against what is held (a newer
 * sequence number wins; the same envelope again is a duplicate; anything else is stale). Adverts
 * leave when they expire, or when their node issued nothing newer for
 * {@link RegistrySettings#nodeGoneAfter()} by the local clock; a removed node's last sequence number
 * is remembered until that advert's expiry, so a replay cannot bring it back. What is held is capped
 * (§2.5, {@link AdvertQuota}): an advert over a cap is refused, never let in by dropping another; this
 * node's own advert and an advert handed over by its own node (first-hand, from a link peer) are never
 * refused by a cap. Adverts of other nodes that the {@link AdvertTrust} refuses are not held.
 *
 * <p>Thread-safe: reads are lock-free, changes are serialised; listeners run after a change, outside
 * the lock.
 */
public final class Registry {

    private static final Logger LOG = Logger.getLogger(Registry.class.getName());

    /** relayedBy: the link peer it came from (null: none); member: its certificate as judged valid (null: none). */
    private record Held(SignedAdvert signed, Instant refreshedAt, NodeId relayedBy, Certificate member) {
    }

    private record Tombstone(long seq, Instant until) {
    }

    private final NodeId self;
    private final RegistrySettings settings;
    private final Clock clock;
    private final AdvertOpener opener;
    private final AgentSearch search;
    private final AdvertTrust trust;
    private final AdvertQuota quota;
    private final AdvertRejections rejections;
    private final Map<String, Held> adverts = new ConcurrentHashMap<>();
    private final Map<String, Tombstone> tombstones = new ConcurrentHashMap<>();
    /** Each advert held by its signature (base64url): spots a resent envelope before opening it. */
    private final Map<String, Held> bySig = new ConcurrentHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Object lock = new Object();
    /** The digest of what is held; null after a change until asked for again. */
    private volatile Digest digest;
    /** No advert or tombstone is due to leave before this; {@link #expire()} does nothing until then. */
    private volatile Instant nextExpiry = Instant.MAX;

    /**
     * @param self   this node (its advert is never dropped as gone, and its health is 1)
     * @param health the health in [0, 1] of another node, for {@link #find} (for example the peer book's)
     */
    public Registry(NodeId self, RegistrySettings settings, Clock clock, AdvertOpener opener,
                    ToDoubleFunction<NodeId> health) {
        this(self, settings, clock, opener, health, AdvertTrust.ALL);
    }

    /** @param trust which other nodes' adverts may be held; asked again by {@link #dropUntrusted()} */
    public Registry(NodeId self, RegistrySettings settings, Clock clock, AdvertOpener opener,
                    ToDoubleFunction<NodeId> health, AdvertTrust trust) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.search = new AgentSearch(self, clock, health);
        this.trust = Objects.requireNonNull(trust, "trust");
        this.quota = new AdvertQuota(settings);
        this.rejections = new AdvertRejections(clock);
    }

    public NodeId self() {
        return self;
    }

    public void addListener(RegistryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Opens and offers an envelope that came from no peer in particular. */
    public OfferResult offer(JsonValue envelope) {
        return offer(envelope, null, true);
    }

    /**
     * Opens and offers an envelope as received from a peer.
     *
     * @param relayedBy the peer of the link it came in on (null if none), whose relays are capped
     * @param mayAdd    false when it may only update a node held (its message added enough new ones)
     */
    public OfferResult offer(JsonValue envelope, NodeId relayedBy, boolean mayAdd) {
        if (envelope instanceof JsonObject o && o.get("sig") instanceof JsonString sig) {
            Held h = bySig.get(sig.getString());
            if (h != null && o.get("body") instanceof JsonString body && h.signed().body().equals(body.getString())
                    && o.size() == 2) {
                duplicates.incrementAndGet();
                return OfferResult.duplicate(h.signed().advert().nodeId());
            }
        }
        SignedAdvert signed;
        try {
            signed = opener.open(envelope);
        } catch (AdvertRejectedException e) {
            return rejections.reject(null, e.reason(), e.detail());
        }
        return offer(signed, relayedBy, mayAdd);
    }

    /** Offers an opened advert (this node's own, or one a trusted {@link AdvertOpener} returned). */
    public OfferResult offer(SignedAdvert signed) {
        return offer(signed, null, true);
    }

    private OfferResult offer(SignedAdvert signed, NodeId relayedBy, boolean mayAdd) {
        Advert a = signed.advert();
        Instant now = clock.instant();
        if (a.isExpiredAt(now)) {
            return rejections.reject(a.nodeId(), AdvertRejection.EXPIRED, "expired at " + a.expiresAt());
        }
        if (a.issuedAt().isAfter(now.plus(settings.maxClockSkew()))) {
            return rejections.reject(a.nodeId(), AdvertRejection.NOT_YET_VALID, "issued at " + a.issuedAt());
        }
        if (a.issuedAt().plus(settings.maxAdvertLifetime()).isBefore(a.expiresAt())) {
            return rejections.reject(a.nodeId(), AdvertRejection.LIFETIME_TOO_LONG, "expires at " + a.expiresAt());
        }
        boolean own = a.nodeId().equals(self);
        Certificate member;
        try {
            member = own ? null : trust.judge(a, null, now);
        } catch (AdvertRejectedException e) {
            return rejections.reject(a.nodeId(), e.reason(), e.detail());
        }
        boolean firstHand = own || a.nodeId().equals(relayedBy);
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
                    return rejections.reject(a.nodeId(), AdvertRejection.STALE, "seq " + a.seq() + " not newer than " + heldSeq);
                }
            } else {
                Tombstone t = tombstones.get(key);
                if (t != null && a.seq() <= t.seq()) {
                    return rejections.reject(a.nodeId(), AdvertRejection.STALE, "seq " + a.seq() + " of a removed node");
                }
            }
            if (!firstHand) {
                AdvertRejection cap = held == null && !mayAdd ? AdvertRejection.PUSH_LIMIT
                        : quota.check(signed, held == null ? null : held.signed(), relayedBy);
                if (cap != null) {
                    return rejections.reject(a.nodeId(), cap, relayedBy == null ? "over the registry's limit"
                            : "relayed by " + relayedBy + ", over the registry's limit");
                }
            }
            if (!tombstones.isEmpty()) {
                tombstones.remove(key);
            }
            Held fresh = new Held(signed, now, relayedBy, member);
            adverts.put(key, fresh);
            if (held != null) {
                bySig.remove(held.signed().sig());
                quota.remove(held.signed(), held.relayedBy());
            }
            quota.add(signed, relayedBy);
            bySig.put(signed.sig(), fresh);
            Instant due = a.nodeId().equals(self) ? a.expiresAt() : earlier(a.expiresAt(), now.plus(settings.nodeGoneAfter()));
            nextExpiry = earlier(nextExpiry, due);
            digest = null;
            change = new RegistryChange(held == null ? RegistryChange.Kind.ADDED : RegistryChange.Kind.UPDATED,
                    a.nodeId(), signed);
        }
        accepted.incrementAndGet();
        LOG.log(Level.FINE, () -> "advert " + change.kind() + " " + key + " seq " + a.seq());
        fire(change);
        return OfferResult.accepted(a.nodeId(), change.kind() == RegistryChange.Kind.ADDED);
    }

    /**
     * Drops adverts that expired, and those of other nodes that issued nothing newer for
     * {@link RegistrySettings#nodeGoneAfter()}. Returns the nodes removed.
     */
    public List<NodeId> expire() {
        Instant now = clock.instant();
        if (now.isBefore(nextExpiry)) {
            return List.of();
        }
        List<RegistryChange> removed = new ArrayList<>();
        synchronized (lock) {
            Instant next = Instant.MAX;
            for (var e : adverts.entrySet()) {
                Held h = e.getValue();
                Advert a = h.signed().advert();
                Instant due = a.nodeId().equals(self) ? a.expiresAt()
                        : earlier(a.expiresAt(), h.refreshedAt().plus(settings.nodeGoneAfter()));
                if (!now.isBefore(due)) {
                    removed.add(drop(e.getKey(), h));
                    if (!a.isExpiredAt(now)) {
                        tombstones.put(e.getKey(), new Tombstone(a.seq(), a.expiresAt()));
                        next = earlier(next, a.expiresAt());
                    }
                } else {
                    next = earlier(next, due);
                }
            }
            tombstones.values().removeIf(t -> !t.until().isAfter(now));
            for (Tombstone t : tombstones.values()) {
                next = earlier(next, t.until());
            }
            nextExpiry = next;
        }
        return fireRemoved(removed);
    }

    /**
     * Drops the adverts of other nodes that the {@link AdvertTrust} refuses now (call it when the trust
     * policy or the revocation lists change, and once a round for certificates that expire), each counted
     * as a rejection. No tombstone is left: a node trusted again comes back with its next advert. Returns
     * the nodes removed.
     */
    public List<NodeId> dropUntrusted() {
        List<RegistryChange> removed = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (lock) {
            for (var e : adverts.entrySet()) {
                Held h = e.getValue();
                Advert a = h.signed().advert();
                try {
                    Certificate member = a.nodeId().equals(self) ? null : trust.judge(a, h.member(), now);
                    if (member != h.member()) {   // judged valid for the first time: rechecked cheaply from now on
                        Held judged = new Held(h.signed(), h.refreshedAt(), h.relayedBy(), member);
                        e.setValue(judged);
                        bySig.put(h.signed().sig(), judged);
                    }
                } catch (AdvertRejectedException x) {
                    rejections.reject(a.nodeId(), x.reason(), x.detail() + "; dropped");
                    removed.add(drop(e.getKey(), h));
                }
            }
        }
        return fireRemoved(removed);
    }

    /** Removes an advert held; under the lock. */
    private RegistryChange drop(String key, Held h) {
        adverts.remove(key);
        bySig.remove(h.signed().sig());
        quota.remove(h.signed(), h.relayedBy());
        digest = null;
        return new RegistryChange(RegistryChange.Kind.REMOVED, h.signed().advert().nodeId(), h.signed());
    }

    private List<NodeId> fireRemoved(List<RegistryChange> removed) {
        List<NodeId> nodes = new ArrayList<>(removed.size());
        for (RegistryChange c : removed) {
            LOG.log(Level.FINE, () -> "advert removed " + c.node() + " seq " + c.advert().advert().seq());
            nodes.add(c.node());
            fire(c);
        }
        return nodes;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    public Optional<SignedAdvert> get(NodeId node) {
        return get(node.value());
    }

    /** The advert held for the node with this id string, if any. */
    Optional<SignedAdvert> get(String nodeId) {
        Held h = adverts.get(nodeId);
        return h == null ? Optional.empty() : Optional.of(h.signed());
    }

    /** All adverts held, in no particular order. */
    public List<SignedAdvert> adverts() {
        return adverts.values().stream().map(Held::signed).toList();
    }

    public int size() {
        return adverts.size();
    }

    /** Node id → sequence number of every advert held. Cached between changes, compactly ({@link DigestJson}). */
    public Digest digest() {
        Digest d = digest;
        if (d == null) {
            synchronized (lock) {
                d = digest;
                if (d == null) {
                    d = Digest.of(adverts());   // no change while the lock is held
                    digest = d;
                }
            }
        }
        return d;
    }

    /**
     * Compares a peer's digest with what is held (docs/registry.md §3.1), as {@link SyncPlan#compare} says.
     *
     * @param requester the peer that sent the digest, or null when not known
     * @param random    for the choice of what to send when more is due than the limits allow
     */
    public SyncPlan compare(Digest remote, NodeId requester, SyncPlan.Limits limits, RandomGenerator random) {
        return SyncPlan.compare(this, remote, requester, limits, random);
    }

    /** The sequence number remembered for a node removed before its advert's expiry, or 0. */
    long removedSeq(String nodeId) {
        Tombstone t = tombstones.get(nodeId);
        return t == null ? 0 : t.seq();
    }

    /**
     * The agents matching every given filter (null or blank = any), as {@link AgentSearch#find} says:
     * unexpired adverts only, sorted by agent id, then healthier first, then node id.
     */
    public List<AgentMatch> find(String agent, String tool, String text) {
        return search.find(adverts(), agent, tool, text);
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
                .map(AdvertisedTool::annotations);
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
        return rejections.counts();
    }

    public long rejectionCount(AdvertRejection reason) {
        return rejections.count(reason);
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
