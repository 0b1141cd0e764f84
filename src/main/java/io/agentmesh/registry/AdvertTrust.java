package io.agentmesh.registry;

import io.agentmesh.membership.Certificate;
import java.time.Instant;

/**
 * Which other nodes' adverts the {@link Registry} may hold (docs/registry.md §2.5): asked when an advert
 * of another node is offered, and again for every advert held when the trust policy changes
 * ({@link Registry#dropUntrusted()}). {@link PolicyAdvertTrust} is the node's.
 */
@FunctionalInterface
public interface AdvertTrust {

    /** Holds every advert. */
    AdvertTrust ALL = (advert, known, now) -> known;

    /**
     * Judges {@code advert} at {@code now}.
     *
     * @param known the membership certificate this judged valid for the same advert before (null: none, or
     *              judged for the first time), so that only its time and revocation need checking again
     * @return the advert's membership certificate when it was judged valid, else null
     * @throws AdvertRejectedException {@link AdvertRejection#UNTRUSTED} or {@link AdvertRejection#NOT_MEMBER}
     */
    Certificate judge(Advert advert, Certificate known, Instant now) throws AdvertRejectedException;
}
