package io.agentmesh.registry;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.Ed25519;
import io.agentmesh.identity.NodeId;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks an advert envelope (docs/registry.md §2.3 steps 1–4): envelope form, body size, strict
 * base64url, body UTF-8 JSON of the advert shape, Ed25519 signature (RFC 8032, S &lt; L) over
 * {@code "agentmesh-advert:" || body bytes} by the identity key named inside the body, and the node id
 * derived from that key. The body is parsed from the exact signed bytes and never re-serialised.
 */
public final class AdvertVerifier implements AdvertOpener {

    private final int maxBodyBytes;
    /** Refuses duplicate member names, so that no two readers can see different values in one body. */
    private final JsonReaderFactory readers =
            Jsons.PROVIDER.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    public AdvertVerifier(int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    public AdvertVerifier(RegistrySettings settings) {
        this(settings.maxAdvertBytes());
    }

    @Override
    public SignedAdvert open(JsonValue value) throws AdvertRejectedException {
        if (!(value instanceof JsonObject envelope)) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "an advert envelope is a JSON object");
        }
        String body64 = member(envelope, "body");
        String sig64 = member(envelope, "sig");
        // base64url: 4 characters for 3 bytes; refuse oversize bodies before decoding them
        if ((long) body64.length() * 3 / 4 > maxBodyBytes) {
            throw new AdvertRejectedException(AdvertRejection.TOO_LARGE, "body longer than " + maxBodyBytes + " bytes");
        }
        byte[] body = decode(body64, "body");
        byte[] sig = decode(sig64, "sig");
        if (body.length > maxBodyBytes) {
            throw new AdvertRejectedException(AdvertRejection.TOO_LARGE, "body longer than " + maxBodyBytes + " bytes");
        }
        if (sig.length != Ed25519.SIGNATURE_LENGTH) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "sig is not 64 bytes");
        }
        Advert advert = parseBody(body);
        byte[] key;
        try {
            key = Base64Url.decode(advert.identity());
        } catch (IllegalArgumentException e) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "identity: " + e.getMessage());
        }
        if (key.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "identity is not 32 bytes");
        }
        if (!Ed25519.verify(key, signedBytes(body), sig)) {
            throw new AdvertRejectedException(AdvertRejection.BAD_SIGNATURE,
                    "signature does not verify for node " + advert.nodeId());
        }
        NodeId derived = NodeId.fromIdentityKey(key);
        if (!derived.equals(advert.nodeId())) {
            throw new AdvertRejectedException(AdvertRejection.NODE_ID_MISMATCH,
                    "node_id " + advert.nodeId() + " is not derived from identity (" + derived + ")");
        }
        return new SignedAdvert(advert, envelope);
    }

    /** The bytes an advert signature covers: {@code "agentmesh-advert:" || body}. */
    static byte[] signedBytes(byte[] body) {
        byte[] prefix = SignedAdvert.SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    private static String member(JsonObject envelope, String name) throws AdvertRejectedException {
        JsonValue v = envelope.get(name);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new AdvertRejectedException(AdvertRejection.MALFORMED, "envelope member " + name + " missing or not a string");
    }

    private static byte[] decode(String text, String name) throws AdvertRejectedException {
        try {
            return Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, name + ": " + e.getMessage());
        }
    }

    private Advert parseBody(byte[] body) throws AdvertRejectedException {
        try {
            // strict UTF-8 first: the JSON reader would replace bad sequences silently
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "body is not UTF-8");
        }
        JsonObject json;
        try (JsonReader reader = readers.createReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "body is not a JSON object: " + e.getMessage());
        } catch (NumberFormatException e) {
            // the provider reads a number whose exponent BigDecimal cannot hold this way
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "body holds an unreadable number");
        }
        try {
            return Advert.fromJson(json);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new AdvertRejectedException(AdvertRejection.MALFORMED, "body: " + e.getMessage());
        }
    }
}
