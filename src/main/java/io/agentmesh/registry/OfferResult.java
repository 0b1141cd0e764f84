package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.util.Objects;

/**
 * What became of an advert offered to the {@link Registry} (docs/registry.md §2.3): accepted (newer
 * than what was held), a duplicate (the very envelope already held), or rejected with a reason.
 *
 * @param node   the advert's node, when the envelope could be read that far (else null)
 * @param reason set exactly when rejected
 * @param added  accepted for a node not held before
 */
public record OfferResult(Outcome outcome, NodeId node, AdvertRejection reason, String detail, boolean added) {

    public enum Outcome { ACCEPTED, DUPLICATE, REJECTED }

    public OfferResult {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.REJECTED) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly for a rejection");
        }
        if (added && outcome != Outcome.ACCEPTED) {
            throw new IllegalArgumentException("only an accepted advert adds a node");
        }
    }

    static OfferResult accepted(NodeId node, boolean added) {
        return new OfferResult(Outcome.ACCEPTED, node, null, null, added);
    }

    static OfferResult duplicate(NodeId node) {
        return new OfferResult(Outcome.DUPLICATE, node, null, null, false);
    }

    static OfferResult rejected(NodeId node, AdvertRejection reason, String detail) {
        return new OfferResult(Outcome.REJECTED, node, reason, detail, false);
    }

    public boolean isAccepted() {
        return outcome == Outcome.ACCEPTED;
    }

    public boolean isRejected() {
        return outcome == Outcome.REJECTED;
    }
}
