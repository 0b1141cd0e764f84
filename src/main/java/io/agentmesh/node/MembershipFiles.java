package io.agentmesh.node;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import io.agentmesh.membership.MembershipException;
import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.membership.Revocations;
import io.agentmesh.membership.SignedCertificate;
import io.agentmesh.transport.Membership;
import io.agentmesh.transport.TrustPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads this node's part in a certified mesh from its data directory at start (docs/operations.md,
 * "Certified mesh"): its certificate {@value #CERTIFICATE_FILE} (the envelope as JSON, as
 * {@code liberty/mesh-authority.sh} writes it) and the revocation lists it holds,
 * {@value #REVOCATIONS_FILE}. In mode certified a node without a valid certificate of its own does not
 * start; in the other modes a certificate found is sent all the same.
 */
final class MembershipFiles {

    /** This node's certificate in its data directory. */
    static final String CERTIFICATE_FILE = "membership.cert";
    /** The newest revocation list of each authority, in the data directory. */
    static final String REVOCATIONS_FILE = "revocations.json";

    private MembershipFiles() {
    }

    /**
     * The membership of the node {@code identity} at {@code now}.
     *
     * @throws IllegalStateException naming the file and the problem, when the node cannot start so
     */
    static Membership load(TrustSettings trust, Path dataDir, NodeIdentity identity, Instant now) {
        Optional<MembershipVerifier> verifier = trust.authorities().isEmpty() ? Optional.empty()
                : Optional.of(new MembershipVerifier(Revocations.load(trust.authorities(), dataDir.resolve(REVOCATIONS_FILE)),
                        trust.clockSkew()));
        Path file = dataDir.resolve(CERTIFICATE_FILE);
        boolean certified = trust.mode() == TrustPolicy.Mode.CERTIFIED;
        if (!Files.exists(file)) {
            if (certified) {
                throw new IllegalStateException("trust mode certified, but this node has no membership certificate: "
                        + file + " is missing (make one with liberty/mesh-authority.sh issue or provision)");
            }
            return new Membership(verifier, Optional.empty());
        }
        SignedCertificate own;
        try {
            own = SignedCertificate.open(Json.readStrictObject(Files.readAllBytes(file)));
        } catch (IOException | IllegalArgumentException | MembershipException e) {
            throw new IllegalStateException("membership certificate " + file + " is unreadable: " + e.getMessage(), e);
        }
        if (verifier.isPresent()) {
            MembershipVerifier.Verdict verdict = verifier.get().verify(identity.publicKey(), own.toJson(), now);
            if (!verdict.valid() && certified) {
                throw new IllegalStateException("membership certificate " + file + " is not valid for this node ("
                        + identity.nodeId() + "): " + verdict.detail());
            }
        }
        return new Membership(verifier, Optional.of(own));
    }
}
