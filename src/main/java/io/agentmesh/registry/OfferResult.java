package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.util.Objects;

/**
 * What became of an advert offered to the {@link Registry} (docs/registry.md §2.3): accepted (newer
 * than what was held), a duplicate (the very envelope already held), or rejected with a reason.
 *
 * @param node   the advert's node, when the envelope could be read that far (else null)
 * @param reason set exactly when rejected
 */
public record OfferResult(Outcome outcome, NodeId node, AdvertRejection reason, String detail) {

    public enum Outcome { ACCEPTED, DUPLICATE, REJECTED }

    public OfferResult {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.REJECTED) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly for a rejection");
        }
    }

    static OfferResult accepted(NodeId node) {
        return new OfferResult(Outcome.ACCEPTED, node, null, null);
    }

    static OfferResult duplicate(NodeId node) {
        return new OfferResult(Outcome.DUPLICATE, node, null, null);
    }

    static OfferResult rejected(NodeId node, AdvertRejection reason, String detail) {
        return new OfferResult(Outcome.REJECTED, node, reason, detail);
    }

    public boolean isAccepted() {
        return outcome == Outcome.ACCEPTED;
    }

    public boolean isRejected() {
        return outcome == Outcome.REJECTED;
    }
}
