package io.agentmesh.membership;

import java.util.Objects;

/** A certificate or revocation list that is refused, with the {@link Refusal} that says why. */
public final class MembershipException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;

    public MembershipException(Refusal refusal, String detail) {
        super(Objects.requireNonNull(refusal, "refusal").phrase() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
