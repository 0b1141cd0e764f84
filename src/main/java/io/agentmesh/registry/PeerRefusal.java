package io.agentmesh.registry;

/**
 * Why the peer book refused an entry a peer exchange offered (docs/registry.md §4): a fixed set, so the
 * metric of refusals has a bounded set of series.
 */
public enum PeerRefusal {
    /** The entry carries no identity key. */
    NO_IDENTITY,
    /** The identity key is not a key, or does not derive the entry's node id. */
    BAD_IDENTITY,
    /** The addrs are not {@code ws://} or {@code wss://} URLs within the limits of wire-v1 §3. */
    BAD_ADDRS,
    /** The reported last-seen time lies beyond the peer expiry: the peer would leave at once. */
    STALE,
    /** The relaying peer already placed {@link RegistrySettings#maxPeersPerSource()} entries. */
    SOURCE_LIMIT,
    /** The book is full of peers known as well or better (hearsay never evicts a peer known otherwise). */
    BOOK_FULL
}
