package io.agentmesh.membership;

import io.agentmesh.identity.NodeIdentity;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * A membership certificate in its envelope (docs/protocol.md, "Membership certificates"): the body as
 * signed, the signature of {@code agentmesh-cert:} || body by the issuer, and the parsed
 * {@link Certificate}. {@link #open} checks only the format; {@link MembershipVerifier} decides
 * validity. Immutable.
 */
public record SignedCertificate(SignedEnvelope envelope, Certificate certificate) {

    public SignedCertificate {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Signs {@code certificate} with the authority key, which must be its issuer. */
    public static SignedCertificate issue(NodeIdentity authority, Certificate certificate) {
        if (!java.util.Arrays.equals(authority.publicKey(), certificate.issuer())) {
            throw new IllegalArgumentException("the certificate's issuer is not this authority");
        }
        return new SignedCertificate(SignedEnvelope.sign(Certificate.SIGNATURE_PREFIX, certificate.toBody(), authority),
                certificate);
    }

    /**
     * Reads an envelope and its body, without checking the signature or validity.
     *
     * @throws MembershipException {@link Refusal#MALFORMED}
     */
    public static SignedCertificate open(JsonValue envelope) throws MembershipException {
        SignedEnvelope parsed = SignedEnvelope.parse(envelope, Certificate.MAX_BODY_BYTES);
        return new SignedCertificate(parsed, Certificate.parse(parsed.body()));
    }

    /** True when the signature verifies with the certificate's issuer key. */
    public boolean signatureValid() {
        return envelope.verifiedBy(Certificate.SIGNATURE_PREFIX, certificate.issuer());
    }

    /** The envelope as JSON, as it travels. */
    public JsonObject toJson() {
        return envelope.toJson();
    }
}
