package io.agentmesh.registry;

/** Why an advert was refused (docs/registry.md §2.3). Each reason is counted by the {@link Registry}. */
public enum AdvertRejection {
    /** Not an envelope, bad base64url, body not UTF-8 JSON, or a body member missing, ill-typed or out of range. */
    MALFORMED,
    /** The body is longer than {@link RegistrySettings#maxAdvertBytes()}. */
    TOO_LARGE,
    /** The signature does not verify under the identity key inside the body (forged, tampered, wrong key). */
    BAD_SIGNATURE,
    /** The body's node id is not the one derived from its identity key. */
    NODE_ID_MISMATCH,
    /** The advert's expiry has passed. */
    EXPIRED,
    /** Issued further in the future than the allowed clock skew. */
    NOT_YET_VALID,
    /** Expiry lies further after issue than {@link RegistrySettings#maxAdvertLifetime()}. */
    LIFETIME_TOO_LONG,
    /** Its sequence number is not newer than the one held for that node (replayed, older or conflicting). */
    STALE,
    /** The registry holds {@link RegistrySettings#maxAdverts()} adverts or {@link RegistrySettings#maxHeldBytes()} bytes. */
    REGISTRY_FULL,
    /** It lists an agent id that {@link RegistrySettings#maxAdvertsPerAgent()} adverts held list already. */
    AGENT_LIMIT,
    /** The link peer it came from relayed {@link RegistrySettings#maxAdvertsPerPeer()} of the adverts held. */
    PEER_LIMIT,
    /** Its push added {@link RegistrySettings#maxNewAdvertsPerPush()} nodes already. */
    PUSH_LIMIT,
    /** In allowlist trust mode, the trust policy refuses its node. */
    UNTRUSTED,
    /**
     * In certified trust mode, its {@code cert} is not a valid membership certificate for its identity
     * (missing, malformed, unknown authority, bad signature, for another identity, not yet valid, expired, revoked).
     */
    NOT_MEMBER;

    /** True for the reasons that only the node's limits or trust policy cause, not the advert's content. */
    public boolean isLimit() {
        return switch (this) {
            case REGISTRY_FULL, AGENT_LIMIT, PEER_LIMIT, PUSH_LIMIT, UNTRUSTED, NOT_MEMBER -> true;
            default -> false;
        };
    }
}
