package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the registry's node operations (docs/registry.md §3) for requests that reach this node:
 * {@code node/gossip_sync}, {@code node/gossip_push} and {@code node/peer_exchange}, with the peer of
 * the link the request came in on ({@link GossipOperations} registers them with the router). Bad params
 * are −32602; an unknown method is −32601. Pushed adverts count against the registry's caps on what one
 * link peer relays, and one push adds at most {@link RegistrySettings#maxNewAdvertsPerPush()} nodes
 * (§2.5). The peer that hands this node adverts that fail their signature or form is marked failed in
 * the peer book.
 *
 * <p>Thread-safe when the random generator is (for example {@link java.util.Random}).
 */
public final class GossipService {

    private static final Logger LOG = Logger.getLogger(GossipService.class.getName());

    /** The operations served here. */
    public static final Set<String> METHODS =
            Set.of(GossipMessages.SYNC, GossipMessages.PUSH, GossipMessages.PEER_EXCHANGE);

    /** Rejections that only a faulty or hostile sender causes (an honest one relays verified adverts only). */
    static final Set<AdvertRejection> MISBEHAVIOUR = EnumSet.of(AdvertRejection.MALFORMED,
            AdvertRejection.TOO_LARGE, AdvertRejection.BAD_SIGNATURE, AdvertRejection.NODE_ID_MISMATCH,
            AdvertRejection.LIFETIME_TOO_LONG);

    private final RegistrySettings settings;
    private final Registry registry;
    private final PeerBook peers;
    private final RandomGenerator random;

    public GossipService(RegistrySettings settings, Registry registry, PeerBook peers, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** True for the methods {@link #handle} serves. */
    public boolean handles(String method) {
        return METHODS.contains(method);
    }

    /**
     * Serves one request.
     *
     * @param fromPeer the peer of the link the request came in on, which a push of adverts failing
     *                 verification marks failed; never the route's claimed origin (wire-v1 §5.3); null for
     *                 a request from this node itself
     * @throws JsonRpcException −32601 for a method not served here, −32602 for bad params
     */
    public JsonObject handle(String method, JsonObject params, NodeId fromPeer) throws JsonRpcException {
        Objects.requireNonNull(method, "method");
        JsonObject p = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        try {
            return switch (method) {
                case GossipMessages.SYNC -> sync(p, fromPeer);
                case GossipMessages.PUSH -> push(p, fromPeer);
                case GossipMessages.PEER_EXCHANGE -> peerExchange(p, fromPeer);
                default -> throw new JsonRpcException(JsonRpc.METHOD_NOT_FOUND, "unknown node operation: " + method);
            };
        } catch (IllegalArgumentException e) {
            throw new JsonRpcException(JsonRpc.INVALID_PARAMS, method + ": " + e.getMessage());
        }
    }

    private JsonObject sync(JsonObject params, NodeId fromPeer) {
        Digest remote = GossipMessages.readSyncParams(params, settings);
        SyncPlan plan = registry.compare(remote, fromPeer, SyncPlan.Limits.of(settings), random);
        return GossipMessages.syncResult(plan.adverts(), plan.want(), plan.more());
    }

    private JsonObject push(JsonObject params, NodeId fromPeer) {
        JsonArray adverts = GossipMessages.readPushParams(params, settings);
        int accepted = 0;
        int duplicate = 0;
        int rejected = 0;
        int added = 0;
        boolean misbehaved = false;
        for (JsonValue envelope : adverts) {
            OfferResult r = registry.offer(envelope, fromPeer, added < settings.maxNewAdvertsPerPush());
            switch (r.outcome()) {
                case ACCEPTED -> {
                    accepted++;
                    added += r.added() ? 1 : 0;
                }
                case DUPLICATE -> duplicate++;
                case REJECTED -> {
                    rejected++;
                    misbehaved |= MISBEHAVIOUR.contains(r.reason());
                }
            }
        }
        if (misbehaved && fromPeer != null) {
            LOG.log(Level.WARNING, "peer " + fromPeer + " pushed adverts that failed verification");
            peers.markFailure(fromPeer);
        }
        return GossipMessages.pushResult(accepted, duplicate, rejected);
    }

    /** Takes the sender's entries as hearsay of the link peer (of this node itself for a local request). */
    private JsonObject peerExchange(JsonObject params, NodeId fromPeer) {
        NodeId source = fromPeer != null ? fromPeer : peers.self();
        for (GossipMessages.PeerEntry e : GossipMessages.readPeers(params)) {
            peers.hear(e, source);
        }
        List<GossipMessages.PeerEntry> sample = peers.sample(settings.peerExchangeSize(), random).stream()
                .map(GossipMessages.PeerEntry::of).toList();
        return GossipMessages.peerExchangeMessage(sample);
    }
}
