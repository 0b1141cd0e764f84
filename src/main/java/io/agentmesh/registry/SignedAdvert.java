package io.agentmesh.registry;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * An advert together with the envelope it travels in (docs/registry.md §2.1):
 * {@code {"body": base64url(body bytes), "sig": base64url(Ed25519("agentmesh-advert:" || body bytes))}}.
 * The envelope is passed on as received, so every node checks the issuer's exact bytes; no JSON
 * canonicalisation is involved. Instances come from {@link AdvertIssuer} or an {@link AdvertOpener}.
 */
public record SignedAdvert(Advert advert, JsonObject envelope) {

    /** The domain separation prefix of an advert signature: the 17 ASCII bytes {@code agentmesh-advert:}. */
    public static final String SIGNATURE_PREFIX = "agentmesh-advert:";

    public SignedAdvert {
        Objects.requireNonNull(advert, "advert");
        Objects.requireNonNull(envelope, "envelope");
    }

    /** The envelope's {@code body} member (base64url). */
    public String body() {
        return envelope.getString("body");
    }

    /** The envelope's {@code sig} member (base64url). */
    public String sig() {
        return envelope.getString("sig");
    }

    /** The encoded size of the envelope in bytes ({@code {"body":"…","sig":"…"}}, all ASCII). */
    public int encodedSize() {
        return body().length() + sig().length() + 20;
    }

    /** True when both carry the same envelope bytes. */
    public boolean sameBytes(SignedAdvert other) {
        return body().equals(other.body()) && sig().equals(other.sig());
    }
}
