package io.agentmesh.registry;

import jakarta.json.JsonValue;

/**
 * Opens an advert envelope: checks its form, its signature and that the node id derives from the
 * signing key (docs/registry.md §2.3 steps 1–4). Time and sequence checks are the {@link Registry}'s.
 * {@link AdvertVerifier} is the implementation; the interface lets a host put a cache in front.
 */
@FunctionalInterface
public interface AdvertOpener {

    SignedAdvert open(JsonValue envelope) throws AdvertRejectedException;
}
