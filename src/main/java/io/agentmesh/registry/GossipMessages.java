package io.agentmesh.registry;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Method names and JSON shapes of the registry's node operations (docs/registry.md §3): building the
 * params and results, and reading them back with the limits applied. Reading throws
 * IllegalArgumentException naming the fault; the {@link GossipService} turns it into −32602.
 */
public final class GossipMessages {

    /** Push-pull step 1: params {@code {"digest"}}, result {@code {"adverts", "want", "more"}}. */
    public static final String SYNC = "node/gossip_sync";
    /** Push-pull step 2: params {@code {"adverts"}}, result {@code {"accepted", "duplicate", "rejected"}}. */
    public static final String PUSH = "node/gossip_push";
    /** Peer exchange: params {@code {"peers"}}, result {@code {"peers"}}. */
    public static final String PEER_EXCHANGE = "node/peer_exchange";

    /** Most peer entries one peer exchange message may carry (a protocol limit, whatever the settings). */
    public static final int MAX_PEERS_PER_MESSAGE = 256;

    private GossipMessages() {
    }

    // --- node/gossip_sync

    public static JsonObject syncParams(Digest digest) {
        return Jsons.PROVIDER.createObjectBuilder().add("digest", digest.toJson()).build();
    }

    public static Digest readSyncParams(JsonObject params, RegistrySettings settings) {
        JsonValue d = params.get("digest");
        if (d == null) {
            throw new IllegalArgumentException("digest is missing");
        }
        return Digest.fromJson(d, settings.maxDigestEntries());
    }

    public static JsonObject syncResult(List<SignedAdvert> adverts, List<String> want, boolean more) {
        return Jsons.PROVIDER.createObjectBuilder()
                .add("adverts", envelopes(adverts))
                .add("want", Jsons.stringArray(want))
                .add("more", more)
                .build();
    }

    /** A sync result as read by the requester: the envelopes (unopened) and the wanted node ids. */
    public record SyncResult(List<JsonValue> adverts, List<String> want, boolean more) {
        public SyncResult {
            adverts = List.copyOf(adverts);
            want = List.copyOf(want);
        }
    }

    public static SyncResult readSyncResult(JsonObject result, RegistrySettings settings) {
        JsonArray adverts = Jsons.optionalArray(result, "adverts");
        if (adverts.size() > settings.maxAdvertsPerMessage()) {
            throw new IllegalArgumentException("more than " + settings.maxAdvertsPerMessage() + " adverts");
        }
        List<String> want = Jsons.strings(Jsons.optionalArray(result, "want"), "want", settings.maxAdvertsPerMessage());
        for (String w : want) {
            if (!Ids.isNodeId(w)) {
                throw new IllegalArgumentException("want holds something other than a node id");
            }
        }
        JsonValue more = result.get("more");
        return new SyncResult(adverts, want, more != null && more.getValueType() == JsonValue.ValueType.TRUE);
    }

    // --- node/gossip_push

    public static JsonObject pushParams(List<SignedAdvert> adverts) {
        return Jsons.PROVIDER.createObjectBuilder().add("adverts", envelopes(adverts)).build();
    }

    public static JsonArray readPushParams(JsonObject params, RegistrySettings settings) {
        JsonArray adverts = Jsons.array(params, "adverts");
        if (adverts.size() > settings.maxAdvertsPerMessage()) {
            throw new IllegalArgumentException("more than " + settings.maxAdvertsPerMessage() + " adverts");
        }
        return adverts;
    }

    public static JsonObject pushResult(int accepted, int duplicate, int rejected) {
        return Jsons.PROVIDER.createObjectBuilder()
                .add("accepted", accepted)
                .add("duplicate", duplicate)
                .add("rejected", rejected)
                .build();
    }

    // --- node/peer_exchange

    /**
     * One entry of a peer exchange: {@code {"node_id", "identity"?, "addrs", "last_seen_ms"}}. The node
     * id is kept as received (40 lowercase hex characters); {@link PeerBook#hear} takes it as it is.
     */
    public record PeerEntry(String nodeId, String identity, List<String> addrs, Instant lastSeen) {
        public PeerEntry {
            if (!Ids.isNodeId(nodeId)) {
                throw new IllegalArgumentException("not a node id");
            }
            addrs = List.copyOf(addrs);
        }

        static PeerEntry of(PeerRecord r) {
            return new PeerEntry(r.nodeId().value(), r.identity(), r.addrs(), r.lastSeen());
        }

        JsonObject toJson() {
            var b = Jsons.PROVIDER.createObjectBuilder().add("node_id", nodeId);
            if (identity != null) {
                b.add("identity", identity);
            }
            return b.add("addrs", Jsons.stringArray(addrs)).add("last_seen_ms", lastSeen.toEpochMilli()).build();
        }
    }

    public static JsonObject peerExchangeMessage(List<PeerEntry> peers) {
        var array = Jsons.PROVIDER.createArrayBuilder();
        peers.forEach(p -> array.add(p.toJson()));
        return Jsons.PROVIDER.createObjectBuilder().add("peers", array).build();
    }

    /**
     * Reads the peers of a peer exchange message (params or result). More than
     * {@link #MAX_PEERS_PER_MESSAGE} entries, or {@code peers} not an array, is an error; an entry
     * without a node id, with members of the wrong type or too many addrs is skipped. Whether its key
     * derives its node id and whether its addrs are well formed is checked by {@link PeerBook#hear}
     * (an entry without a key is refused there).
     */
    public static List<PeerEntry> readPeers(JsonObject message) {
        JsonArray array = Jsons.optionalArray(message, "peers");
        if (array.size() > MAX_PEERS_PER_MESSAGE) {
            throw new IllegalArgumentException("more than " + MAX_PEERS_PER_MESSAGE + " peers");
        }
        List<PeerEntry> out = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            try {
                JsonObject o = Jsons.object(v, "a peer");
                out.add(new PeerEntry(Jsons.string(o, "node_id"), Jsons.optionalString(o, "identity"),
                        Jsons.strings(Jsons.optionalArray(o, "addrs"), "addrs", PeerAddrs.MAX_ADDRS),
                        Instant.ofEpochMilli(Jsons.integer(o, "last_seen_ms", 0, Jsons.MAX_SAFE_INTEGER))));
            } catch (IllegalArgumentException e) {
                // one bad entry does not spoil the others
            }
        }
        return out;
    }

    private static JsonArray envelopes(List<SignedAdvert> adverts) {
        var array = Jsons.PROVIDER.createArrayBuilder();
        adverts.forEach(a -> array.add(a.envelope()));
        return array.build();
    }
}
