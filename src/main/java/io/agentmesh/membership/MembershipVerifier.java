package io.agentmesh.membership;

import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a certificate makes the node that presents it a member (docs/protocol.md,
 * "Membership certificates"): its issuer is a configured authority, its signature verifies, it is for
 * the presenting node's identity key, {@code not_before - skew <= now < not_after + skew}, and the
 * issuer's newest revocation list does not name its serial. The links ask it of every peer's identity
 * payload, and so may anything else that receives an identity payload. Thread-safe.
 */
public final class MembershipVerifier {

    /** The outcome: the certificate when valid, else the refusal and what was wrong. */
    public record Verdict(Optional<Certificate> certificate, Refusal refusal, String detail) {

        public Verdict {
            Objects.requireNonNull(certificate, "certificate");
            if (certificate.isPresent() != (refusal == null)) {
                throw new IllegalArgumentException("a verdict has a certificate or a refusal");
            }
        }

        static Verdict valid(Certificate certificate) {
            return new Verdict(Optional.of(certificate), null, "");
        }

        static Verdict refused(MembershipException e) {
            return new Verdict(Optional.empty(), e.refusal(), e.getMessage());
        }

        public boolean valid() {
            return certificate.isPresent();
        }

        /** The certificate's groups; empty when refused. */
        public Set<String> groups() {
            return certificate.map(c -> Set.copyOf(c.groups())).orElse(Set.of());
        }
    }

    private final Revocations revocations;
    private final Duration skew;

    /**
     * @param revocations the configured authorities and their revocation lists
     * @param skew        how far the clocks of the authority, this node and the peer may differ
     */
    public MembershipVerifier(Revocations revocations, Duration skew) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.skew = Objects.requireNonNull(skew, "skew");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("skew must not be negative");
        }
    }

    public Revocations revocations() {
        return revocations;
    }

    /**
     * Verifies the certificate {@code envelope} (null: none presented) of the node whose identity key is
     * {@code identityKey} at {@code now}.
     */
    public Verdict verify(byte[] identityKey, JsonValue envelope, Instant now) {
        try {
            return Verdict.valid(check(identityKey, envelope, now));
        } catch (MembershipException e) {
            return Verdict.refused(e);
        }
    }

    /** Checks again a certificate that was valid (a new revocation list, or time passing). */
    public Verdict recheck(Certificate certificate, Instant now) {
        try {
            checkTimeAndRevocation(certificate, now);
            return Verdict.valid(certificate);
        } catch (MembershipException e) {
            return Verdict.refused(e);
        }
    }

    private Certificate check(byte[] identityKey, JsonValue envelope, Instant now) throws MembershipException {
        if (envelope == null || envelope == JsonValue.NULL) {
            throw new MembershipException(Refusal.MISSING, "");
        }
        SignedCertificate signed = SignedCertificate.open(envelope);
        Certificate certificate = signed.certificate();
        if (!revocations.isAuthority(certificate.issuer())) {
            throw new MembershipException(Refusal.UNKNOWN_AUTHORITY, "");
        }
        if (!signed.signatureValid()) {
            throw new MembershipException(Refusal.BAD_SIGNATURE, "");
        }
        if (!certificate.isFor(identityKey)) {
            throw new MembershipException(Refusal.OTHER_IDENTITY, "issued to " + certificate.nodeId());
        }
        checkTimeAndRevocation(certificate, now);
        return certificate;
    }

    private void checkTimeAndRevocation(Certificate certificate, Instant now) throws MembershipException {
        long seconds = now.getEpochSecond();
        if (seconds + skew.toSeconds() < certificate.notBefore()) {
            throw new MembershipException(Refusal.NOT_YET_VALID, "not before " + Instant.ofEpochSecond(certificate.notBefore()));
        }
        if (seconds - skew.toSeconds() >= certificate.notAfter()) {
            throw new MembershipException(Refusal.EXPIRED, "not after " + Instant.ofEpochSecond(certificate.notAfter()));
        }
        if (revocations.isRevoked(certificate)) {
            throw new MembershipException(Refusal.REVOKED, "serial " + certificate.serial());
        }
    }
}
