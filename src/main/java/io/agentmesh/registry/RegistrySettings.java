package io.agentmesh.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of the registry, the gossip and the peer book (docs/registry.md §6). Every value
 * has a documented default ({@link #defaults()}) and is validated here.
 *
 * @param fanout                peers a node exchanges digests with in one gossip round (default 3)
 * @param roundInterval         time between two gossip rounds (default 2 s)
 * @param advertTtl             lifetime a node gives its own advert: expiry = issue + ttl (default 10 min)
 * @param advertRefresh         a node reissues its own advert when it is this old (default 4 min; &lt; ttl)
 * @param maxAdvertLifetime     longest expiry − issued-at accepted from others (default 1 h; ≥ ttl)
 * @param maxClockSkew          how far in the future an advert's issued-at may lie (default 5 min)
 * @param nodeGoneAfter         an advert whose node sent nothing newer for this long, by the local clock,
 *                              is dropped even when its own expiry lies later (default 15 min)
 * @param peerExpiry            a peer unseen for this long leaves the peer book (default 24 h)
 * @param peerBookSaveInterval  a changed peer book is written at most this often (default 30 s)
 * @param dialBackoffBase       first redial delay after a failure (default 1 s)
 * @param dialBackoffMax        cap of the exponential redial delay (default 5 min)
 * @param maxPeers              peers kept in the peer book; the longest unseen go first (default 4096)
 * @param peerExchangeSize      peers sent in one peer exchange message, each way (default 32)
 * @param maxAdvertsPerMessage  adverts in one gossip message, and node ids in one want list (default 512)
 * @param maxAdvertBytes        size of one advert body, in bytes (default 16 KiB)
 * @param maxMessageBytes       size of the adverts of one gossip message, envelopes counted (default 4 MiB)
 * @param maxDigestEntries      entries of one digest (default 65536)
 * @param latencyEwmaAlpha      weight of a new latency sample in a replica's average (default 0.2)
 * @param replicaFailureThreshold consecutive failures after which a replica counts as unhealthy (default 3)
 * @param replicaCooldown       an unhealthy replica is tried again after this long (default 10 s)
 * @param maxAdverts            adverts held in all (default 10,000)
 * @param maxHeldBytes          bytes of the envelopes held in all (default 32 MiB)
 * @param maxAdvertsPerAgent    adverts held that list one agent id (default 256)
 * @param maxAdvertsPerPeer     adverts held that one link peer relayed (default 4096)
 * @param maxNewAdvertsPerPush  adverts of nodes not held yet that one {@code node/gossip_push} may add (default 128)
 * @param maxPeersPerSource     peer book entries one relaying peer may place by peer exchange (default 256)
 * @param syncPages             {@code node/gossip_sync} requests one exchange may send: while a result says
 *                              {@code more} and brought adverts new to the node, it asks the same peer again
 *                              (default 4; 1: one request an exchange)
 */
public record RegistrySettings(
        int fanout,
        Duration roundInterval,
        Duration advertTtl,
        Duration advertRefresh,
        Duration maxAdvertLifetime,
        Duration maxClockSkew,
        Duration nodeGoneAfter,
        Duration peerExpiry,
        Duration peerBookSaveInterval,
        Duration dialBackoffBase,
        Duration dialBackoffMax,
        int maxPeers,
        int peerExchangeSize,
        int maxAdvertsPerMessage,
        int maxAdvertBytes,
        int maxMessageBytes,
        int maxDigestEntries,
        double latencyEwmaAlpha,
        int replicaFailureThreshold,
        Duration replicaCooldown,
        int maxAdverts,
        int maxHeldBytes,
        int maxAdvertsPerAgent,
        int maxAdvertsPerPeer,
        int maxNewAdvertsPerPush,
        int maxPeersPerSource,
        int syncPages) {

    public RegistrySettings {
        requireRange("fanout", fanout, 1, 64);
        requirePositive("roundInterval", roundInterval);
        requirePositive("advertTtl", advertTtl);
        requirePositive("advertRefresh", advertRefresh);
        requirePositive("maxAdvertLifetime", maxAdvertLifetime);
        requireNonNegative("maxClockSkew", maxClockSkew);
        requirePositive("nodeGoneAfter", nodeGoneAfter);
        requirePositive("peerExpiry", peerExpiry);
        requirePositive("peerBookSaveInterval", peerBookSaveInterval);
        requirePositive("dialBackoffBase", dialBackoffBase);
        requirePositive("dialBackoffMax", dialBackoffMax);
        requireRange("maxPeers", maxPeers, 1, 1_000_000);
        requireRange("peerExchangeSize", peerExchangeSize, 0, GossipMessages.MAX_PEERS_PER_MESSAGE);
        requireRange("maxAdvertsPerMessage", maxAdvertsPerMessage, 1, 100_000);
        requireRange("maxAdvertBytes", maxAdvertBytes, 256, 1 << 20);
        requireRange("maxMessageBytes", maxMessageBytes, 4096, 8 << 20);
        requireRange("maxDigestEntries", maxDigestEntries, 1, 10_000_000);
        requireRange("replicaFailureThreshold", replicaFailureThreshold, 1, 1000);
        requirePositive("replicaCooldown", replicaCooldown);
        requireRange("maxAdverts", maxAdverts, 1, 10_000_000);
        requireRange("maxHeldBytes", maxHeldBytes, 64 * 1024, Integer.MAX_VALUE);
        requireRange("maxAdvertsPerAgent", maxAdvertsPerAgent, 1, 10_000_000);
        requireRange("maxAdvertsPerPeer", maxAdvertsPerPeer, 1, 10_000_000);
        requireRange("maxNewAdvertsPerPush", maxNewAdvertsPerPush, 1, 100_000);
        requireRange("maxPeersPerSource", maxPeersPerSource, 1, 1_000_000);
        requireRange("syncPages", syncPages, 1, 64);
        if (!(latencyEwmaAlpha > 0.0 && latencyEwmaAlpha <= 1.0)) {
            throw new IllegalArgumentException("latencyEwmaAlpha must lie in (0, 1]: " + latencyEwmaAlpha);
        }
        if (advertRefresh.compareTo(advertTtl) >= 0) {
            throw new IllegalArgumentException("advertRefresh (" + advertRefresh
                    + ") must be shorter than advertTtl (" + advertTtl + ")");
        }
        if (maxAdvertLifetime.compareTo(advertTtl) < 0) {
            throw new IllegalArgumentException("maxAdvertLifetime (" + maxAdvertLifetime
                    + ") must not be shorter than advertTtl (" + advertTtl + ")");
        }
        if (dialBackoffMax.compareTo(dialBackoffBase) < 0) {
            throw new IllegalArgumentException("dialBackoffMax (" + dialBackoffMax
                    + ") must not be shorter than dialBackoffBase (" + dialBackoffBase + ")");
        }
        if (maxAdvertBytes * 2 > maxMessageBytes) {
            throw new IllegalArgumentException("maxMessageBytes (" + maxMessageBytes
                    + ") must hold at least one advert of maxAdvertBytes (" + maxAdvertBytes + ")");
        }
    }

    /** The documented defaults. */
    public static RegistrySettings defaults() {
        return builder().build();
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fanout = fanout;
        b.roundInterval = roundInterval;
        b.advertTtl = advertTtl;
        b.advertRefresh = advertRefresh;
        b.maxAdvertLifetime = maxAdvertLifetime;
        b.maxClockSkew = maxClockSkew;
        b.nodeGoneAfter = nodeGoneAfter;
        b.peerExpiry = peerExpiry;
        b.peerBookSaveInterval = peerBookSaveInterval;
        b.dialBackoffBase = dialBackoffBase;
        b.dialBackoffMax = dialBackoffMax;
        b.maxPeers = maxPeers;
        b.peerExchangeSize = peerExchangeSize;
        b.maxAdvertsPerMessage = maxAdvertsPerMessage;
        b.maxAdvertBytes = maxAdvertBytes;
        b.maxMessageBytes = maxMessageBytes;
        b.maxDigestEntries = maxDigestEntries;
        b.latencyEwmaAlpha = latencyEwmaAlpha;
        b.replicaFailureThreshold = replicaFailureThreshold;
        b.replicaCooldown = replicaCooldown;
        b.maxAdverts = maxAdverts;
        b.maxHeldBytes = maxHeldBytes;
        b.maxAdvertsPerAgent = maxAdvertsPerAgent;
        b.maxAdvertsPerPeer = maxAdvertsPerPeer;
        b.maxNewAdvertsPerPush = maxNewAdvertsPerPush;
        b.maxPeersPerSource = maxPeersPerSource;
        b.syncPages = syncPages;
        return b;
    }

    /** Builds settings; {@link #build()} validates them. Starts from the documented defaults. */
    public static final class Builder {
        private int fanout = 3;
        private Duration roundInterval = Duration.ofSeconds(2);
        private Duration advertTtl = Duration.ofMinutes(10);
        private Duration advertRefresh = Duration.ofMinutes(4);
        private Duration maxAdvertLifetime = Duration.ofHours(1);
        private Duration maxClockSkew = Duration.ofMinutes(5);
        private Duration nodeGoneAfter = Duration.ofMinutes(15);
        private Duration peerExpiry = Duration.ofHours(24);
        private Duration peerBookSaveInterval = Duration.ofSeconds(30);
        private Duration dialBackoffBase = Duration.ofSeconds(1);
        private Duration dialBackoffMax = Duration.ofMinutes(5);
        private int maxPeers = 4096;
        private int peerExchangeSize = 32;
        private int maxAdvertsPerMessage = 512;
        private int maxAdvertBytes = 16 * 1024;
        private int maxMessageBytes = 4 * 1024 * 1024;
        private int maxDigestEntries = 65536;
        private double latencyEwmaAlpha = 0.2;
        private int replicaFailureThreshold = 3;
        private Duration replicaCooldown = Duration.ofSeconds(10);
        private int maxAdverts = 10_000;
        private int maxHeldBytes = 32 * 1024 * 1024;
        private int maxAdvertsPerAgent = 256;
        private int maxAdvertsPerPeer = 4096;
        private int maxNewAdvertsPerPush = 128;
        private int maxPeersPerSource = 256;
        private int syncPages = 4;

        private Builder() {
        }

        public Builder fanout(int v) { fanout = v; return this; }
        public Builder roundInterval(Duration v) { roundInterval = v; return this; }
        public Builder advertTtl(Duration v) { advertTtl = v; return this; }
        public Builder advertRefresh(Duration v) { advertRefresh = v; return this; }
        public Builder maxAdvertLifetime(Duration v) { maxAdvertLifetime = v; return this; }
        public Builder maxClockSkew(Duration v) { maxClockSkew = v; return this; }
        public Builder nodeGoneAfter(Duration v) { nodeGoneAfter = v; return this; }
        public Builder peerExpiry(Duration v) { peerExpiry = v; return this; }
        public Builder peerBookSaveInterval(Duration v) { peerBookSaveInterval = v; return this; }
        public Builder dialBackoffBase(Duration v) { dialBackoffBase = v; return this; }
        public Builder dialBackoffMax(Duration v) { dialBackoffMax = v; return this; }
        public Builder maxPeers(int v) { maxPeers = v; return this; }
        public Builder peerExchangeSize(int v) { peerExchangeSize = v; return this; }
        public Builder maxAdvertsPerMessage(int v) { maxAdvertsPerMessage = v; return this; }
        public Builder maxAdvertBytes(int v) { maxAdvertBytes = v; return this; }
        public Builder maxMessageBytes(int v) { maxMessageBytes = v; return this; }
        public Builder maxDigestEntries(int v) { maxDigestEntries = v; return this; }
        public Builder latencyEwmaAlpha(double v) { latencyEwmaAlpha = v; return this; }
        public Builder replicaFailureThreshold(int v) { replicaFailureThreshold = v; return this; }
        public Builder replicaCooldown(Duration v) { replicaCooldown = v; return this; }
        public Builder maxAdverts(int v) { maxAdverts = v; return this; }
        public Builder maxHeldBytes(int v) { maxHeldBytes = v; return this; }
        public Builder maxAdvertsPerAgent(int v) { maxAdvertsPerAgent = v; return this; }
        public Builder maxAdvertsPerPeer(int v) { maxAdvertsPerPeer = v; return this; }
        public Builder maxNewAdvertsPerPush(int v) { maxNewAdvertsPerPush = v; return this; }
        public Builder maxPeersPerSource(int v) { maxPeersPerSource = v; return this; }
        public Builder syncPages(int v) { syncPages = v; return this; }

        public RegistrySettings build() {
            return new RegistrySettings(fanout, roundInterval, advertTtl, advertRefresh, maxAdvertLifetime,
                    maxClockSkew, nodeGoneAfter, peerExpiry, peerBookSaveInterval, dialBackoffBase, dialBackoffMax, maxPeers,
                    peerExchangeSize, maxAdvertsPerMessage, maxAdvertBytes, maxMessageBytes, maxDigestEntries,
                    latencyEwmaAlpha, replicaFailureThreshold, replicaCooldown, maxAdverts, maxHeldBytes,
                    maxAdvertsPerAgent, maxAdvertsPerPeer, maxNewAdvertsPerPush, maxPeersPerSource, syncPages);
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must lie in [" + min + ", " + max + "]: " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requireNonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
