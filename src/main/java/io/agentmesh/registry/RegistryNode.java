package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The registry side of one node, assembled (docs/registry.md §1): its peer book (reloaded from the
 * store when one is given), registry, advert issuer, gossip service and engine. Accepted adverts
 * teach the peer book where their nodes are; an advert of this very node with a higher sequence
 * number (issued before a restart) makes it reissue above it. A host calls {@link #publish} when its
 * addrs or agents change and {@link #tick()} every {@link RegistrySettings#roundInterval()}, hands
 * {@link #service()} the registry's node operations, and calls {@link #close()} at shutdown.
 */
public final class RegistryNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegistryNode.class.getName());

    private final NodeIdentity identity;
    private final RegistrySettings settings;
    private final Clock clock;
    private final PeerBookStore store;
    private final PeerBook peers;
    private final Registry registry;
    private final AdvertIssuer issuer;
    private final GossipService service;
    private final GossipEngine engine;
    private volatile List<String> addrs = List.of();
    private volatile List<AgentInfo> agents = List.of();
    private volatile SignedAdvert own;
    private volatile Instant lastSave;

    /**
     * @param random for peer choice and samples; shared by the engine and the service, so thread-safe
     *               (for example {@link java.util.Random}) when requests are served concurrently
     * @param opener how envelopes are opened: {@code new AdvertVerifier(settings)}, or a cache in front of it
     * @param store  where the peer book is kept; null for a node without a data directory
     */
    public RegistryNode(NodeIdentity identity, RegistrySettings settings, Clock clock, RandomGenerator random,
                        GossipTransport transport, AdvertOpener opener, PeerBookStore store) {
        this(identity, settings, clock, random, transport, opener, store, AdvertTrust.ALL, null);
    }

    /**
     * @param trust which other nodes' adverts the registry may hold ({@link PolicyAdvertTrust}); see
     *              {@link Registry#dropUntrusted()}
     * @param cert  this node's membership certificate envelope, which its adverts carry; null when it has none
     */
    public RegistryNode(NodeIdentity identity, RegistrySettings settings, Clock clock, RandomGenerator random,
                        GossipTransport transport, AdvertOpener opener, PeerBookStore store,
                        AdvertTrust trust, JsonObject cert) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = store;
        NodeId self = identity.nodeId();
        this.peers = new PeerBook(self, settings, clock);
        if (store != null) {
            peers.restore(store.load());
        }
        this.lastSave = clock.instant();
        this.registry = new Registry(self, settings, clock, opener, peers::health, trust);
        this.issuer = new AdvertIssuer(identity, clock, settings.advertTtl(), cert);
        this.service = new GossipService(settings, registry, peers, random);
        this.engine = new GossipEngine(self, settings, registry, peers, transport, random, clock);
        registry.addListener(this::onChange);
    }

    public NodeId nodeId() {
        return identity.nodeId();
    }

    public Registry registry() {
        return registry;
    }

    public PeerBook peers() {
        return peers;
    }

    public GossipService service() {
        return service;
    }

    public GossipEngine engine() {
        return engine;
    }

    /** Learns a bootstrap peer (configured, or a link that came up). */
    public void addPeer(NodeId peer, String identityKey, List<String> peerAddrs) {
        peers.learn(peer, identityKey, peerAddrs, clock.instant());
    }

    /** Issues and holds a fresh advert of this node with these addrs and agents. */
    public synchronized SignedAdvert publish(List<String> newAddrs, List<AgentInfo> newAgents) {
        this.addrs = List.copyOf(newAddrs);
        this.agents = List.copyOf(newAgents);
        registry.get(identity.nodeId()).ifPresent(held -> issuer.observe(held.advert().seq()));
        SignedAdvert signed = issuer.issue(addrs, agents);
        own = signed;
        OfferResult r = registry.offer(signed);
        if (!r.isAccepted()) {
            throw new IllegalStateException("own advert refused: " + r.reason() + " " + r.detail());
        }
        LOG.log(Level.FINE, () -> "advert published, seq " + signed.advert().seq());
        return signed;
    }

    /** This node's current advert, or null before the first {@link #publish}. */
    public SignedAdvert ownAdvert() {
        return own;
    }

    /**
     * One round: reissues this node's advert when it is {@link RegistrySettings#advertRefresh()} old,
     * gossips, and saves a changed peer book at most every {@link RegistrySettings#peerBookSaveInterval()}.
     */
    public CompletionStage<RoundStats> tick() {
        SignedAdvert current = own;
        if (current != null
                && !current.advert().issuedAt().plus(settings.advertRefresh()).isAfter(clock.instant())) {
            publish(addrs, agents);
        }
        return engine.runRound().thenApply(stats -> {
            if (!lastSave.plus(settings.peerBookSaveInterval()).isAfter(clock.instant())) {
                savePeers();
            }
            return stats;
        });
    }

    /** Writes the peer book now when it changed. */
    public void savePeers() {
        if (store == null) {
            return;
        }
        lastSave = clock.instant();
        try {
            store.saveIfDirty(peers);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "peer book not saved to " + store.file() + ": " + e);
        }
    }

    @Override
    public void close() {
        savePeers();
    }

    private void onChange(RegistryChange change) {
        if (change.kind() == RegistryChange.Kind.REMOVED) {
            return;
        }
        Advert a = change.advert().advert();
        if (a.nodeId().equals(identity.nodeId())) {
            if (own != null && a.seq() > own.advert().seq()) {
                issuer.observe(a.seq());
                LOG.log(Level.INFO, "an earlier advert of this node (seq " + a.seq() + ") came back; reissuing");
                publish(addrs, agents);
            }
            return;
        }
        peers.learnFromAdvert(a);
    }
}
