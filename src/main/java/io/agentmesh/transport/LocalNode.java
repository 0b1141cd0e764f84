package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.membership.SignedCertificate;
import io.agentmesh.noise.DhKeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * This node as its links present it (wire-v1 §3): the identity key, the X25519 static key of this
 * process, and the signed identity payload binding them, built once and sent in every handshake.
 */
public final class LocalNode {

    private final NodeIdentity identity;
    private final DhKeyPair staticKey;
    private final byte[] identityPayload;

    private LocalNode(NodeIdentity identity, DhKeyPair staticKey, byte[] identityPayload) {
        this.identity = identity;
        this.staticKey = staticKey;
        this.identityPayload = identityPayload;
    }

    /** Creates a fresh X25519 static key for this process and signs the identity payload for it. */
    public static LocalNode create(NodeIdentity identity, SecureRandom random, List<String> addrs, String software) {
        return create(identity, random, addrs, software, null);
    }

    /** As {@link #create(NodeIdentity, SecureRandom, List, String)}, the payload carrying {@code cert} (or null). */
    public static LocalNode create(NodeIdentity identity, SecureRandom random, List<String> addrs, String software,
                                   SignedCertificate cert) {
        Objects.requireNonNull(identity, "identity");
        DhKeyPair staticKey = LinkHandshake.SUITE.generateKeyPair(random);
        byte[] payload = IdentityPayload.create(identity, staticKey.publicKey(), addrs, software,
                cert == null ? null : cert.toJson(), List.of(IdentityPayload.BINARY_BOX)).toJson();
        return new LocalNode(identity, staticKey, payload);
    }

    /** Creates the local node from the identity and the link settings' advertised addrs and software. */
    public static LocalNode create(NodeIdentity identity, SecureRandom random, LinkSettings settings) {
        return create(identity, random, settings.advertisedAddrs(), settings.software());
    }

    /** As {@link #create(NodeIdentity, SecureRandom, LinkSettings)}, the payload carrying this node's own certificate, if any. */
    public static LocalNode create(NodeIdentity identity, SecureRandom random, LinkSettings settings, Membership membership) {
        return create(identity, random, settings.advertisedAddrs(), settings.software(), membership.own().orElse(null));
    }

    public NodeIdentity identity() {
        return identity;
    }

    public NodeId nodeId() {
        return identity.nodeId();
    }

    DhKeyPair staticKey() {
        return staticKey;
    }

    /** The identity payload as sent (UTF-8 JSON). */
    byte[] identityPayload() {
        return identityPayload.clone();
    }
}
