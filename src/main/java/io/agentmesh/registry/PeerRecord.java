package io.agentmesh.registry;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a node knows of one peer (docs/registry.md §4): node id, identity key (base64url; null only for a
 * peer known {@link Origin#DIRECT directly}, whose link proved its id), where it accepts connections, when
 * it was last seen, a health score in [0, 1], how many attempts to reach it failed in a row, when it may be
 * dialed next, how this node knows of it, and for hearsay the peer that relayed it.
 *
 * <p>The constructor checks shape and ranges; that the identity derives the node id and that the addrs
 * are well formed ({@link #identityMatches}, {@link PeerAddrs#validate}) is checked where records come
 * in from outside: {@link PeerBook}, {@link PeerBookStore}, {@link GossipMessages#readPeers}.
 */
public record PeerRecord(NodeId nodeId, String identity, List<String> addrs, Instant lastSeen, double health,
                         int consecutiveFailures, Instant nextDialAt, Origin origin, NodeId source) {

    /**
     * How this node knows of a peer, weakest first: a record may only be displaced (evicted when the book
     * is full, its addrs replaced) by news of the same origin or a stronger one.
     */
    public enum Origin {
        /** Named by another peer in a peer exchange ({@link #source()} is that peer). */
        HEARSAY,
        /** Named by its own signed advert. */
        ADVERT,
        /** Linked to or answered this node, or named by this node's operator (configuration). */
        DIRECT;

        /** The stronger of the two. */
        Origin max(Origin other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    public PeerRecord {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(nextDialAt, "nextDialAt");
        addrs = List.copyOf(addrs);
        if (addrs.size() > PeerAddrs.MAX_ADDRS) {
            throw new IllegalArgumentException("more than " + PeerAddrs.MAX_ADDRS + " addrs");
        }
        if (!(health >= 0.0 && health <= 1.0)) {
            throw new IllegalArgumentException("health must lie in [0, 1]: " + health);
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must not be negative");
        }
        Objects.requireNonNull(origin, "origin");
        if ((origin == Origin.HEARSAY) != (source != null)) {
            throw new IllegalArgumentException("a source is given for hearsay, and only for hearsay");
        }
        if (origin != Origin.DIRECT && identity == null) {
            throw new IllegalArgumentException("a peer not known directly needs its identity key");
        }
    }

    /** This record with the health, failures and next dial time given. */
    PeerRecord withDialState(double newHealth, int failures, Instant nextDial) {
        return new PeerRecord(nodeId, identity, addrs, lastSeen, newHealth, failures, nextDial, origin, source);
    }

    /** True when {@code identity} is a base64url Ed25519 key whose node id is {@code nodeId}. */
    public static boolean identityMatches(NodeId nodeId, String identity) {
        try {
            byte[] key = Base64Url.decode(identity);
            return key.length == 32 && NodeId.fromIdentityKey(key).equals(nodeId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
