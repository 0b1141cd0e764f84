package io.agentmesh.session;

import io.agentmesh.transport.IdentityPayload;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * This node's word on the far end of an end-to-end session, once the handshake proved its identity
 * payload: the same policy as for a link's peer (trust mode, allow and block lists, membership).
 */
@FunctionalInterface
public interface PeerPolicy {

    /**
     * What the policy found for an admitted peer.
     *
     * @param groups        the groups of its membership certificate (empty without one)
     * @param stillAdmitted whether the policy admits it still, asked after each change of the policy: the
     *                      cheap way (what was verified once, such as a certificate's signature, is not
     *                      verified again; its validity in time, revocations, the lists are)
     */
    record Admission(Set<String> groups, BooleanSupplier stillAdmitted) {
        public Admission {
            groups = Set.copyOf(groups);
            Objects.requireNonNull(stillAdmitted, "stillAdmitted");
        }

        /** Admitted with {@code groups}, for as long as the session lasts. */
        public static Admission always(Set<String> groups) {
            return new Admission(groups, () -> true);
        }
    }

    /**
     * The admission of {@code peer}.
     *
     * @throws SessionException {@link SessionException#FORBIDDEN}, naming the reason, when it is refused
     */
    Admission admit(IdentityPayload peer) throws SessionException;
}
