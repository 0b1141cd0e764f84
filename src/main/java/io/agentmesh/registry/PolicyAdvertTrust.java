package io.agentmesh.registry;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.membership.Certificate;
import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.transport.TrustPolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * The node's trust policy applied to adverts (docs/registry.md §2.5): in mode {@code ALLOWLIST} the
 * adverts of nodes the policy does not admit are refused ({@link AdvertRejection#UNTRUSTED}); in mode
 * {@code CERTIFIED} those whose {@code cert} is not a valid membership certificate for the advert's
 * identity key, as the policy's verifier judges a link peer's (docs/protocol.md, "Membership
 * certificates"), are refused ({@link AdvertRejection#NOT_MEMBER}); mode {@code OPEN} holds every advert,
 * with or without a certificate. A certificate once found valid is judged again only for its time and
 * revocation. Thread-safe.
 */
public final class PolicyAdvertTrust implements AdvertTrust {

    private final TrustPolicy policy;

    public PolicyAdvertTrust(TrustPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public Certificate judge(Advert advert, Certificate known, Instant now) throws AdvertRejectedException {
        TrustPolicy.Mode mode = policy.mode();
        if (mode == TrustPolicy.Mode.ALLOWLIST && !policy.admits(advert.nodeId())) {
            throw new AdvertRejectedException(AdvertRejection.UNTRUSTED, "the trust policy refuses the node");
        }
        if (mode != TrustPolicy.Mode.CERTIFIED) {
            return null;
        }
        MembershipVerifier.Verdict verdict = (known != null ? policy.rejudge(known, now)
                : policy.judge(Base64Url.decode(advert.identity()), advert.cert(), now)).orElseThrow();
        if (!verdict.valid()) {
            // the detail starts with the refusal's phrase: "membership certificate expired: not after ..."
            throw new AdvertRejectedException(AdvertRejection.NOT_MEMBER, "membership certificate " + verdict.detail());
        }
        return verdict.certificate().orElseThrow();
    }
}
