package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The initiating side of push-pull anti-entropy (docs/registry.md §3.4). Each round it drops what
 * expired, picks {@link RegistrySettings#fanout()} random peers among those not backing off, and with
 * each: sends its digest ({@code node/gossip_sync}), takes the adverts the peer returns, and pushes
 * the adverts the peer asked for ({@code node/gossip_push}). With the first of them it also swaps a
 * sample of known peers ({@code node/peer_exchange}). A peer that answers is marked seen; one that
 * fails, or returns adverts that fail verification, is marked failed (and so backs off).
 */
public final class GossipEngine {

    private static final Logger LOG = Logger.getLogger(GossipEngine.class.getName());

    private final NodeId self;
    private final RegistrySettings settings;
    private final Registry registry;
    private final PeerBook peers;
    private final GossipTransport transport;
    private final RandomGenerator random;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    public GossipEngine(NodeId self, RegistrySettings settings, Registry registry, PeerBook peers,
                        GossipTransport transport, RandomGenerator random, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs one round; the stage completes when every exchange of the round has ended (never
     * exceptionally). While a round is still waiting for answers, a new one is skipped.
     */
    public CompletionStage<RoundStats> runRound() {
        if (!running.compareAndSet(false, true)) {
            LOG.log(Level.FINE, "gossip round skipped: the previous one is still waiting for answers");
            return CompletableFuture.completedFuture(RoundStats.NONE);
        }
        try {
            return round().whenComplete((stats, error) -> running.set(false));
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    private CompletableFuture<RoundStats> round() {
        registry.expire();
        peers.expire();
        List<NodeId> chosen = choose(peers.reachable(), settings.fanout());
        List<CompletableFuture<RoundStats>> parts = new ArrayList<>(chosen.size() + 1);
        for (NodeId peer : chosen) {
            parts.add(exchange(peer));
        }
        if (!chosen.isEmpty() && settings.peerExchangeSize() > 0) {
            parts.add(peerExchange(chosen.get(0)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            RoundStats sum = RoundStats.NONE;
            for (CompletableFuture<RoundStats> f : parts) {
                sum = sum.plus(f.join());
            }
            RoundStats total = sum;
            LOG.log(Level.FINER, () -> "gossip round: " + total);
            return total;
        });
    }

    /**
     * One push-pull exchange with {@code peer}: a sync (and a push when the peer wants adverts); while the
     * sync result says {@code more} and brought adverts new here, another sync with the same peer, up to
     * {@link RegistrySettings#syncPages()} in all, so that a node far behind (one that just joined) catches
     * up in a few rounds rather than one capped message per peer and round.
     */
    public CompletableFuture<RoundStats> exchange(NodeId peer) {
        return exchange(peer, 1);
    }

    private CompletableFuture<RoundStats> exchange(NodeId peer, int page) {
        return call(peer, GossipMessages.SYNC, GossipMessages.syncParams(registry.digest()))
                .thenCompose(result -> afterSync(peer, result, page))
                .handle((stats, error) -> {
                    if (error != null) {
                        peers.markFailure(peer);
                        LOG.log(Level.FINE, () -> "gossip with " + peer + " failed: " + rootMessage(error));
                        return new RoundStats(page == 1 ? 1 : 0, 1, 1, 0, 0, 0, 0, 0);
                    }
                    return stats;
                });
    }

    /** One peer exchange with {@code peer}: this node's sample (itself included) for the peer's. */
    public CompletableFuture<RoundStats> peerExchange(NodeId peer) {
        List<GossipMessages.PeerEntry> mine = new ArrayList<>();
        registry.get(self).ifPresent(own -> mine.add(new GossipMessages.PeerEntry(self.value(), own.advert().identity(),
                own.advert().addrs(), clock.instant())));
        for (PeerRecord r : peers.sample(Math.max(0, settings.peerExchangeSize() - 1), random)) {
            mine.add(GossipMessages.PeerEntry.of(r));
        }
        return call(peer, GossipMessages.PEER_EXCHANGE, GossipMessages.peerExchangeMessage(mine))
                .thenApply(result -> {
                    int learned = 0;
                    for (GossipMessages.PeerEntry e : GossipMessages.readPeers(result)) {
                        if (peers.hear(e, peer)) {
                            learned++;
                        }
                    }
                    return new RoundStats(0, 1, 0, 0, 0, 0, 0, learned);
                })
                .exceptionally(error -> {
                    LOG.log(Level.FINE, () -> "peer exchange with " + peer + " failed: " + rootMessage(error));
                    return new RoundStats(0, 1, 1, 0, 0, 0, 0, 0);
                });
    }

    private CompletableFuture<RoundStats> afterSync(NodeId peer, JsonObject result, int page) {
        GossipMessages.SyncResult sync = GossipMessages.readSyncResult(result, settings);
        int accepted = 0;
        int rejected = 0;
        boolean misbehaved = false;
        for (JsonValue envelope : sync.adverts()) {
            OfferResult r = registry.offer(envelope, peer, true);
            if (r.isAccepted()) {
                accepted++;
            } else if (r.isRejected()) {
                rejected++;
                misbehaved |= GossipService.MISBEHAVIOUR.contains(r.reason());
            }
        }
        if (misbehaved) {
            LOG.log(Level.WARNING, "peer " + peer + " sent adverts that failed verification");
            peers.markFailure(peer);
        } else {
            peers.markSeen(peer, null, null);
        }
        List<SignedAdvert> push = pushFor(sync.want());
        RoundStats pulled = new RoundStats(page == 1 ? 1 : 0, 1, 0, sync.adverts().size(), accepted, rejected, 0, 0);
        CompletableFuture<RoundStats> pushed = push.isEmpty() ? CompletableFuture.completedFuture(pulled)
                : call(peer, GossipMessages.PUSH, GossipMessages.pushParams(push))
                        .thenApply(r -> pulled.plus(new RoundStats(0, 1, 0, 0, 0, 0, push.size(), 0)));
        if (!sync.more() || accepted == 0 || misbehaved || page >= settings.syncPages()) {
            return pushed;
        }
        return pushed.thenCompose(stats -> exchange(peer, page + 1).thenApply(stats::plus));
    }

    private List<SignedAdvert> pushFor(List<String> want) {
        List<SignedAdvert> out = new ArrayList<>();
        int bytes = 0;
        for (String id : want) {
            if (out.size() >= settings.maxAdvertsPerMessage()) {
                break;
            }
            var held = registry.get(id);
            if (held.isEmpty()) {
                continue;
            }
            int size = held.get().encodedSize();
            if (bytes + size > settings.maxMessageBytes()) {
                break;
            }
            out.add(held.get());
            bytes += size;
        }
        return out;
    }

    private CompletableFuture<JsonObject> call(NodeId peer, String method, JsonObject params) {
        try {
            return transport.call(peer, method, params).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Up to {@code k} distinct peers, uniformly at random (the peer book never holds this node). */
    private List<NodeId> choose(List<NodeId> candidates, int k) {
        List<NodeId> pool = new ArrayList<>(candidates);
        int n = Math.min(k, pool.size());
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool.size() - i);
            NodeId t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return List.copyOf(pool.subList(0, n));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c != c.getCause()) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
