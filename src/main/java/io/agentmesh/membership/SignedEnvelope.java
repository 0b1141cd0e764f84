package io.agentmesh.membership;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.Ed25519;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The envelope of a signed membership document (docs/protocol.md, "Membership certificates"):
 * {@code {"body": base64url(body bytes), "sig": base64url(Ed25519(prefix || body bytes))}}, as the signed
 * adverts of the registry. The exact body bytes are signed and passed on unchanged; no JSON
 * canonicalisation is involved. Other members of the envelope are ignored. Immutable.
 *
 * @param body the body bytes (UTF-8 JSON)
 * @param sig  the 64-byte Ed25519 signature
 */
public record SignedEnvelope(byte[] body, byte[] sig) {

    public SignedEnvelope {
        body = Objects.requireNonNull(body, "body").clone();
        sig = Objects.requireNonNull(sig, "sig").clone();
    }

    /** Signs {@code body} with {@code key} under the domain separation {@code prefix}. */
    public static SignedEnvelope sign(String prefix, byte[] body, NodeIdentity key) {
        return new SignedEnvelope(body, key.sign(signedBytes(prefix, body)));
    }

    /**
     * Reads an envelope: an object whose {@code body} and {@code sig} are strict base64url strings, the
     * body of at most {@code maxBodyBytes}, the signature of 64 bytes.
     *
     * @throws MembershipException {@link Refusal#MALFORMED}, naming the defect
     */
    public static SignedEnvelope parse(JsonValue json, int maxBodyBytes) throws MembershipException {
        if (!(json instanceof JsonObject object)) {
            throw malformed("envelope is not a JSON object");
        }
        if (!(object.get("body") instanceof JsonString body) || !(object.get("sig") instanceof JsonString sig)) {
            throw malformed("envelope needs string members body and sig");
        }
        if (body.getString().length() > (maxBodyBytes + 2) / 3 * 4) {
            throw malformed("body over " + maxBodyBytes + " bytes");
        }
        byte[] bodyBytes;
        byte[] sigBytes;
        try {
            bodyBytes = Base64Url.decode(body.getString());
            sigBytes = Base64Url.decode(sig.getString());
        } catch (IllegalArgumentException e) {
            throw malformed("envelope " + e.getMessage());
        }
        if (bodyBytes.length > maxBodyBytes) {
            throw malformed("body over " + maxBodyBytes + " bytes");
        }
        if (sigBytes.length != Ed25519.SIGNATURE_LENGTH) {
            throw malformed("sig must have 64 bytes");
        }
        return new SignedEnvelope(bodyBytes, sigBytes);
    }

    /** True when {@code sig} is the Ed25519 signature of {@code prefix || body} by {@code publicKey} (RFC 8032). */
    public boolean verifiedBy(String prefix, byte[] publicKey) {
        return Ed25519.verify(publicKey, signedBytes(prefix, body), sig);
    }

    /** The envelope as JSON: {@code {"body":"…","sig":"…"}}. */
    public JsonObject toJson() {
        return Json.createObjectBuilder().add("body", Base64Url.encode(body)).add("sig", Base64Url.encode(sig)).build();
    }

    /** The bytes a signature covers: the ASCII {@code prefix} followed by {@code body}. */
    public static byte[] signedBytes(String prefix, byte[] body) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    static MembershipException malformed(String detail) {
        return new MembershipException(Refusal.MALFORMED, detail);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public byte[] sig() {
        return sig.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedEnvelope e && Arrays.equals(body, e.body) && Arrays.equals(sig, e.sig);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(body) + Arrays.hashCode(sig);
    }

    @Override
    public String toString() {
        return "SignedEnvelope[" + body.length + " body bytes]";
    }
}
