package io.agentmesh.transport;

import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.membership.SignedCertificate;
import java.util.Optional;

/**
 * This node's part in a certified mesh (docs/protocol.md, "Membership certificates"): the verifier of
 * the peers' certificates (present when authorities are configured) and this node's own certificate,
 * which its identity payload then always carries.
 *
 * @param verifier the configured authorities, their revocation lists and the clock skew
 * @param own      this node's certificate
 */
public record Membership(Optional<MembershipVerifier> verifier, Optional<SignedCertificate> own) {

    /** No authorities, no certificate: open and allowlist modes as before. */
    public static final Membership NONE = new Membership(Optional.empty(), Optional.empty());

    public Membership {
        java.util.Objects.requireNonNull(verifier, "verifier");
        java.util.Objects.requireNonNull(own, "own");
    }
}
