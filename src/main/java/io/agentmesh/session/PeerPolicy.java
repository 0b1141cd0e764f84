package io.agentmesh.session;

import io.agentmesh.transport.IdentityPayload;
import java.util.Set;

/**
 * This node's word on the far end of an end-to-end session, once the handshake proved its identity
 * payload: the same policy as for a link's peer (trust mode, allow and block lists, membership).
 */
@FunctionalInterface
public interface PeerPolicy {

    /**
     * The groups {@code peer} is a member of, when it is admitted.
     *
     * @throws SessionException {@link SessionException#FORBIDDEN}, naming the reason, when it is refused
     */
    Set<String> admit(IdentityPayload peer) throws SessionException;
}
