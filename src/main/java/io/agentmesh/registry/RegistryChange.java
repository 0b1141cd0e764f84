package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.util.Objects;

/**
 * One change of the {@link Registry}'s view (docs/registry.md §2.4): a node's advert added, replaced by a newer one, or
 * removed (expired, gone too long). {@code advert} is the new advert, or the removed one.
 */
public record RegistryChange(Kind kind, NodeId node, SignedAdvert advert) {

    public enum Kind { ADDED, UPDATED, REMOVED }

    public RegistryChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(advert, "advert");
    }
}
