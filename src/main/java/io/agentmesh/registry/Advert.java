package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a node's signed advert (docs/registry.md §2.2): who the node is (identity key and the
 * node id derived from it), where it accepts connections, which agents it hosts, a sequence number
 * that only grows, when it was issued and until when it holds. {@link #toJson()} and
 * {@link #fromJson(JsonObject)} are the body's JSON form; the bytes that are signed are whatever the
 * issuer wrote, never re-serialised (see {@link SignedAdvert}).
 *
 * @param identity  the node's Ed25519 public key, base64url (43 characters)
 * @param nodeId    the node id; a verifier checks that it derives from {@code identity}
 * @param seq       1 .. 2^53 − 1; a newer advert of the same node has a greater one
 * @param cert      the node's membership certificate envelope as in its identity payload (docs/protocol.md,
 *                  "Membership certificates"), or null when absent; whether it is valid is the trust's question
 */
public record Advert(String identity, NodeId nodeId, List<String> addrs, List<AgentInfo> agents, long seq,
                     Instant issuedAt, Instant expiresAt, JsonValue cert) {

    /** The body's format version. */
    public static final int VERSION = 1;
    /** Most agents in one advert. */
    public static final int MAX_AGENTS = 256;

    public Advert {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        addrs = PeerAddrs.validate(addrs);
        agents = List.copyOf(agents);
        if (agents.size() > MAX_AGENTS) {
            throw new IllegalArgumentException("more than " + MAX_AGENTS + " agents");
        }
        Set<String> ids = new HashSet<>();
        for (AgentInfo a : agents) {
            if (!ids.add(a.id())) {
                throw new IllegalArgumentException("agent listed twice: " + a.id());
            }
        }
        if (seq < 1 || seq > Jsons.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("seq must lie in [1, 2^53-1]: " + seq);
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("an advert expires after it is issued");
        }
        cert = cert == JsonValue.NULL ? null : cert;
    }

    /** An advert without a membership certificate. */
    public Advert(String identity, NodeId nodeId, List<String> addrs, List<AgentInfo> agents, long seq,
                  Instant issuedAt, Instant expiresAt) {
        this(identity, nodeId, addrs, agents, seq, issuedAt, expiresAt, null);
    }

    public Optional<AgentInfo> agent(String agentId) {
        for (AgentInfo a : agents) {
            if (a.id().equals(agentId)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public JsonObject toJson() {
        var agentArray = Jsons.PROVIDER.createArrayBuilder();
        agents.forEach(a -> agentArray.add(a.toJson()));
        var body = Jsons.PROVIDER.createObjectBuilder()
                .add("v", VERSION)
                .add("identity", identity)
                .add("node_id", nodeId.value())
                .add("addrs", Jsons.stringArray(addrs))
                .add("agents", agentArray)
                .add("seq", seq)
                .add("issued_at_ms", issuedAt.toEpochMilli())
                .add("expires_at_ms", expiresAt.toEpochMilli());
        if (cert != null) {
            body.add("cert", cert);
        }
        return body.build();
    }

    /**
     * Reads a body. Unknown members are ignored; a missing or ill-typed member, a {@code v} other than
     * 1 or a value out of range throws IllegalArgumentException naming it. The signature and the
     * node id's derivation are the verifier's business; {@code cert} is kept as it is, whatever its form.
     */
    public static Advert fromJson(JsonObject json) {
        long v = Jsons.integer(json, "v", Long.MIN_VALUE, Long.MAX_VALUE);
        if (v != VERSION) {
            throw new IllegalArgumentException("unsupported advert version: " + v);
        }
        String nodeId = Jsons.string(json, "node_id");
        if (!NodeId.isNodeId(nodeId)) {
            throw new IllegalArgumentException("node_id is not a node id");
        }
        List<String> addrs = Jsons.strings(Jsons.optionalArray(json, "addrs"), "addrs", PeerAddrs.MAX_ADDRS);
        var agentArray = Jsons.array(json, "agents");
        if (agentArray.size() > MAX_AGENTS) {
            throw new IllegalArgumentException("more than " + MAX_AGENTS + " agents");
        }
        List<AgentInfo> agents = new ArrayList<>(agentArray.size());
        for (JsonValue a : agentArray) {
            agents.add(AgentInfo.fromJson(Jsons.object(a, "an agent")));
        }
        return new Advert(
                Jsons.string(json, "identity"),
                NodeId.of(nodeId),
                addrs,
                agents,
                Jsons.integer(json, "seq", 1, Jsons.MAX_SAFE_INTEGER),
                Instant.ofEpochMilli(Jsons.integer(json, "issued_at_ms", 0, Jsons.MAX_SAFE_INTEGER)),
                Instant.ofEpochMilli(Jsons.integer(json, "expires_at_ms", 0, Jsons.MAX_SAFE_INTEGER)),
                json.get("cert"));
    }
}
