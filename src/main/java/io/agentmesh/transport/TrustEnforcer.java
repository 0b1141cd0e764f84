package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.membership.MembershipVerifier;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a change of the trust policy to admitted links (wire-v1 §3): closes with 4003 every admitted
 * link whose peer the policy no longer admits, each time the policy changes while it is watched. In mode
 * {@code CERTIFIED} that includes a link whose peer's certificate is no longer valid (a new revocation
 * list names it, or it expired), closed with the reason phrase {@code membership certificate <refusal>}. With
 * {@link LinkRegistry#admit}, which reads the policy under the registry's lock, this leaves no gap: a
 * link whose handshake is finishing during a change is either refused at admission or found here, even
 * before it turned OPEN.
 */
final class TrustEnforcer {

    private final TrustPolicy trust;
    private final LinkRegistry links;
    private final Clock clock;
    private final LinkObserver observer;
    private final Runnable onChange = this::enforce;

    TrustEnforcer(TrustPolicy trust, LinkRegistry links, Clock clock, LinkObserver observer) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.links = Objects.requireNonNull(links, "links");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
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
            } else if (trust.mode() == TrustPolicy.Mode.CERTIFIED) {
                Optional<MembershipVerifier.Verdict> verdict = trust.rejudge(s.peerCertificate(), clock.instant());
                if (verdict.isPresent() && !verdict.get().valid()) {
                    observer.certificateRefused(verdict.get().refusal());
                    s.close(CloseCodes.REFUSED, "membership certificate " + verdict.get().refusal().phrase());
                }
            }
        }
    }
}
