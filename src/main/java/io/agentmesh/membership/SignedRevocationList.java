package io.agentmesh.membership;

import io.agentmesh.identity.NodeIdentity;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * A revocation list in its envelope: the body as signed, the signature of {@code agentmesh-revocations:}
 * || body by the issuer, and the parsed {@link RevocationList}. Passed on unchanged. Immutable.
 */
public record SignedRevocationList(SignedEnvelope envelope, RevocationList list) {

    public SignedRevocationList {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(list, "list");
    }

    /** Signs {@code list} with the authority key, which must be its issuer. */
    public static SignedRevocationList issue(NodeIdentity authority, RevocationList list) {
        if (!java.util.Arrays.equals(authority.publicKey(), list.issuer())) {
            throw new IllegalArgumentException("the list's issuer is not this authority");
        }
        return new SignedRevocationList(SignedEnvelope.sign(RevocationList.SIGNATURE_PREFIX, list.toBody(), authority),
                list);
    }

    /**
     * Reads an envelope and its body, without checking the signature.
     *
     * @throws MembershipException {@link Refusal#MALFORMED}
     */
    public static SignedRevocationList open(JsonValue envelope) throws MembershipException {
        SignedEnvelope parsed = SignedEnvelope.parse(envelope, RevocationList.MAX_BODY_BYTES);
        return new SignedRevocationList(parsed, RevocationList.parse(parsed.body()));
    }

    /** True when the signature verifies with the list's issuer key. */
    public boolean signatureValid() {
        return envelope.verifiedBy(RevocationList.SIGNATURE_PREFIX, list.issuer());
    }

    public JsonObject toJson() {
        return envelope.toJson();
    }
}
