package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.util.Objects;

/**
 * Applies a change of the trust policy to established links (wire-v1 §3): closes with 4003 every open
 * link whose peer the policy no longer admits, each time the policy changes while it is watched.
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

    /** Closes with 4003 every open link whose peer the trust policy does not admit. */
    void enforce() {
        for (LinkSession s : links.sessions()) {
            NodeId peer = s.peer();
            if (peer != null && s.isOpen() && !trust.admits(peer)) {
                s.close(CloseCodes.REFUSED, "refused by policy");
            }
        }
    }
}
