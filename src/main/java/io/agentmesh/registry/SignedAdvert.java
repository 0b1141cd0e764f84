package io.agentmesh.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Objects;

/**
 * An advert together with the envelope it travels in (docs/registry.md §2.1):
 * {@code {"body": base64url(body bytes), "sig": base64url(Ed25519("agentmesh-advert:" || body bytes))}}.
 * The envelope is passed on as received, so every node checks the issuer's exact bytes; no JSON
 * canonicalisation is involved. Instances come from {@link AdvertIssuer} or an {@link AdvertOpener}.
 * Immutable.
 */
public final class SignedAdvert {

    /** The domain separation prefix of an advert signature: the 17 ASCII bytes {@code agentmesh-advert:}. */
    public static final String SIGNATURE_PREFIX = "agentmesh-advert:";

    private final Advert advert;
    private final JsonObject envelope;
    private final String body;
    private final String sig;

    /**
     * Only the issuer and the verifier pair an advert with its envelope, so every instance is one
     * whose signature was made or checked.
     *
     * @param envelope an object whose {@code body} and {@code sig} members are strings
     */
    SignedAdvert(Advert advert, JsonObject envelope) {
        this.advert = Objects.requireNonNull(advert, "advert");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        if (!(envelope.get("body") instanceof JsonString b) || !(envelope.get("sig") instanceof JsonString s)) {
            throw new IllegalArgumentException("an envelope has string members body and sig");
        }
        this.body = b.getString();
        this.sig = s.getString();
    }

    public Advert advert() {
        return advert;
    }

    /** The envelope as received or issued, to pass on unchanged. */
    public JsonObject envelope() {
        return envelope;
    }

    /** The envelope's {@code body} member (base64url). */
    public String body() {
        return body;
    }

    /** The envelope's {@code sig} member (base64url). */
    public String sig() {
        return sig;
    }

    /** The encoded size of the envelope in bytes ({@code {"body":"…","sig":"…"}}, all ASCII). */
    public int encodedSize() {
        return body.length() + sig.length() + 20;
    }

    /** True when both carry the same envelope bytes. */
    public boolean sameBytes(SignedAdvert other) {
        return body.equals(other.body) && sig.equals(other.sig);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedAdvert other && sameBytes(other);
    }

    @Override
    public int hashCode() {
        return sig.hashCode();
    }

    @Override
    public String toString() {
        return "SignedAdvert[node=" + advert.nodeId() + ", seq=" + advert.seq() + "]";
    }
}
