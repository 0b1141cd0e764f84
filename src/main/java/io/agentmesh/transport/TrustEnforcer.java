package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.util.Objects;

/**
 * Applies a change of the trust policy to admitted links (wire-v1 §3): closes with 4003 every admitted
 * link whose peer the policy no longer admits, each time the policy changes while it is watched. With
 * {@link LinkRegistry#admit}, which reads the policy under the registry's lock, this leaves no gap: a
 * link whose handshake is finishing during a change is either refused at admission or found here, even
 * before it turned OPEN.
 */
final class TrustEnforcer {

    private final TrustPolicy trust;
    private final LinkRegistry links;
    private final Runnable onChange = this::enforce;

    TrustEnforcer(TrustPolicy trust, LinkRegistry links) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.links = Objects.requireNonNull(links, "links");
    }

    /** Enforces the policy after each of its changes from now on. */
    void watch() {
        trust.addChangeListener(onChange);
    }

    void stopWatching() {
        trust.removeChangeListener(onChange);
    }

    /** Closes with 4003 every admitted link whose peer the trust policy does not admit. */
    void enforce() {
        for (LinkSession s : links.admitted()) {
            NodeId peer = s.peer();
            if (!trust.admits(peer)) {
                s.close(CloseCodes.REFUSED, "refused by policy");
            }
        }
    }
}
