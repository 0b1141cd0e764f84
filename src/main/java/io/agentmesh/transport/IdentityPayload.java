package io.agentmesh.transport;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.Ed25519;
import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The identity payload of handshake messages 2 and 3 (wire-v1 §3): a UTF-8 JSON object
 * {@code {"v":1,"identity","sig","addrs","software"}} binding the sender's Ed25519 identity key to its
 * X25519 static key. {@code sig} is Ed25519 over the 23 ASCII bytes {@code agentmesh-noise-static:}
 * followed by the sender's 32-byte X25519 static public key. {@code addrs} holds at most
 * {@value #MAX_ADDRS} {@code ws://} or {@code wss://} URLs of at most {@value #MAX_ADDR_BYTES} bytes each,
 * {@code software} at most {@value #MAX_SOFTWARE_BYTES} bytes (UTF-8): no payload over these limits is
 * made. Any defect found by {@link #parse} or {@link #verify}, the limits included, is a handshake
 * failure, close 4001. The optional member {@code cert} (docs/protocol.md, "Membership certificates")
 * carries the sender's membership certificate envelope unchanged; whether it is valid is the trust
 * policy's question, not the payload's (only a {@code cert} over {@value #MAX_CERT_CHARS} characters of
 * JSON text is a 4001). The optional member {@code features} (docs/protocol.md, "Binary boxes") lists what
 * the sender's links take beyond wire-v1: at most {@value #MAX_FEATURES} names of 1 to
 * {@value #MAX_FEATURE_BYTES} bytes each (else 4001); a name the receiver does not know is ignored.
 *
 * @param identity the sender's raw 32-byte Ed25519 public key
 * @param sig      the 64-byte signature
 * @param addrs    where the sender accepts links (absent means empty); see {@link #requireAddrs}
 * @param software the sender's software, or null when absent; see {@link #requireSoftware}
 * @param cert     the sender's membership certificate envelope, or null when absent
 * @param features what the sender's links take beyond wire-v1 (absent means empty)
 */
public record IdentityPayload(byte[] identity, byte[] sig, List<String> addrs, String software, JsonValue cert,
                              List<String> features) {

    /** The only version of the payload. */
    public static final int VERSION = 1;
    /** The most entries {@code addrs} may have (wire-v1 §3). */
    public static final int MAX_ADDRS = 16;
    /** The longest entry of {@code addrs}, in UTF-8 bytes (wire-v1 §3). */
    public static final int MAX_ADDR_BYTES = 256;
    /** The longest {@code software}, in UTF-8 bytes (wire-v1 §3). */
    public static final int MAX_SOFTWARE_BYTES = 128;
    /** The longest {@code cert} envelope, in characters of its JSON text (a 4096-byte body and a signature). */
    public static final int MAX_CERT_CHARS = 6000;
    /** The feature of links that carry sealed boxes in binary (docs/protocol.md, "Binary boxes"). */
    public static final String BINARY_BOX = "binary-box";
    /** The most entries {@code features} may have. */
    public static final int MAX_FEATURES = 16;
    /** The longest entry of {@code features}, in UTF-8 bytes. */
    public static final int MAX_FEATURE_BYTES = 64;

    private static final byte[] SIGNATURE_CONTEXT = "agentmesh-noise-static:".getBytes(StandardCharsets.US_ASCII);

    public IdentityPayload {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(sig, "sig");
        if (identity.length != 32) {
            throw new IllegalArgumentException("identity is a 32-byte Ed25519 public key");
        }
        if (sig.length != 64) {
            throw new IllegalArgumentException("sig is a 64-byte Ed25519 signature");
        }
        identity = identity.clone();
        sig = sig.clone();
        addrs = List.copyOf(addrs == null ? List.of() : addrs);
        requireAddrs(addrs);
        requireSoftware(software);
        cert = cert == JsonValue.NULL ? null : cert;
        if (cert != null && cert.toString().length() > MAX_CERT_CHARS) {
            throw new IllegalArgumentException("cert has more than " + MAX_CERT_CHARS + " characters");
        }
        features = List.copyOf(features == null ? List.of() : features);
        requireFeatures(features);
    }

    /** A payload without features. */
    public IdentityPayload(byte[] identity, byte[] sig, List<String> addrs, String software, JsonValue cert) {
        this(identity, sig, addrs, software, cert, List.of());
    }

    /** A payload without a certificate or features. */
    public IdentityPayload(byte[] identity, byte[] sig, List<String> addrs, String software) {
        this(identity, sig, addrs, software, null);
    }

    private static void requireFeatures(List<String> features) {
        if (features.size() > MAX_FEATURES) {
            throw new IllegalArgumentException("features has " + features.size() + " entries, at most " + MAX_FEATURES
                    + " allowed");
        }
        for (int i = 0; i < features.size(); i++) {
            int length = utf8Length(features.get(i));
            if (length == 0 || length > MAX_FEATURE_BYTES) {
                throw new IllegalArgumentException("features[" + i + "] has " + length + " bytes, 1 to "
                        + MAX_FEATURE_BYTES + " allowed");
            }
        }
    }

    /**
     * Throws IllegalArgumentException, naming the problem, unless {@code addrs} keeps to wire-v1 §3: at
     * most {@value #MAX_ADDRS} entries, each a {@code ws://} or {@code wss://} URL
     * ({@link MeshUrl#isWebSocketUrl}) of at most {@value #MAX_ADDR_BYTES} UTF-8 bytes.
     */
    public static void requireAddrs(List<String> addrs) {
        if (addrs.size() > MAX_ADDRS) {
            throw new IllegalArgumentException("addrs has " + addrs.size() + " entries, at most " + MAX_ADDRS + " allowed");
        }
        for (int i = 0; i < addrs.size(); i++) {
            String addr = addrs.get(i);
            if (utf8Length(addr) > MAX_ADDR_BYTES) {
                throw new IllegalArgumentException("addrs[" + i + "] has " + utf8Length(addr) + " bytes, at most "
                        + MAX_ADDR_BYTES + " allowed");
            }
            if (!MeshUrl.isWebSocketUrl(addr)) {
                throw new IllegalArgumentException("addrs[" + i + "] is not a ws:// or wss:// URL");
            }
        }
    }

    /** Throws IllegalArgumentException unless {@code software} (null: absent) has at most {@value #MAX_SOFTWARE_BYTES} UTF-8 bytes. */
    public static void requireSoftware(String software) {
        if (software != null && utf8Length(software) > MAX_SOFTWARE_BYTES) {
            throw new IllegalArgumentException("software has " + utf8Length(software) + " bytes, at most "
                    + MAX_SOFTWARE_BYTES + " allowed");
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Builds and signs the payload of this node for its X25519 static public key. */
    public static IdentityPayload create(NodeIdentity node, byte[] staticPublicKey, List<String> addrs, String software) {
        return create(node, staticPublicKey, addrs, software, null);
    }

    /** As {@link #create(NodeIdentity, byte[], List, String)}, carrying the certificate envelope {@code cert} (or null). */
    public static IdentityPayload create(NodeIdentity node, byte[] staticPublicKey, List<String> addrs, String software,
                                         JsonValue cert) {
        return create(node, staticPublicKey, addrs, software, cert, List.of());
    }

    /** As {@link #create(NodeIdentity, byte[], List, String, JsonValue)}, listing {@code features} (none: the member is left out). */
    public static IdentityPayload create(NodeIdentity node, byte[] staticPublicKey, List<String> addrs, String software,
                                         JsonValue cert, List<String> features) {
        return new IdentityPayload(node.publicKey(), node.sign(signedBytes(staticPublicKey)), addrs, software, cert,
                features);
    }

    /** The bytes {@code sig} covers: {@code agentmesh-noise-static:} || the X25519 static public key. */
    public static byte[] signedBytes(byte[] staticPublicKey) {
        if (staticPublicKey == null || staticPublicKey.length != 32) {
            throw new IllegalArgumentException("an X25519 public key has 32 bytes");
        }
        byte[] out = Arrays.copyOf(SIGNATURE_CONTEXT, SIGNATURE_CONTEXT.length + 32);
        System.arraycopy(staticPublicKey, 0, out, SIGNATURE_CONTEXT.length, 32);
        return out;
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    @Override
    public byte[] sig() {
        return sig.clone();
    }

    /** The sender's node id, derived from {@code identity} (wire-v1 §1). */
    public NodeId nodeId() {
        return NodeId.fromIdentityKey(identity);
    }

    /**
     * Checks {@code sig} against the remote static key the handshake delivered ({@code rs}); throws a
     * handshake failure (4001) when it does not verify.
     */
    public void verify(byte[] remoteStaticPublicKey) throws LinkProtocolException {
        if (remoteStaticPublicKey == null || remoteStaticPublicKey.length != 32
                || !Ed25519.verify(identity, signedBytes(remoteStaticPublicKey), sig)) {
            throw new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED, "identity payload: bad signature");
        }
    }

    /** The payload as UTF-8 JSON. */
    public byte[] toJson() {
        JsonArrayBuilder addrArray = Json.createArrayBuilder();
        addrs.forEach(addrArray::add);
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("v", VERSION)
                .add("identity", Base64Url.encode(identity))
                .add("sig", Base64Url.encode(sig))
                .add("addrs", addrArray);
        if (software != null) {
            b.add("software", software);
        }
        if (cert != null) {
            b.add("cert", cert);
        }
        if (!features.isEmpty()) {
            JsonArrayBuilder featureArray = Json.createArrayBuilder();
            features.forEach(featureArray::add);
            b.add("features", featureArray);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var writer = Json.createWriter(out)) {
            writer.writeObject(b.build());
        }
        return out.toByteArray();
    }

    /**
     * Parses a payload. Bad UTF-8, bad JSON, a non-object, a missing required member, {@code v} other
     * than 1, bad base64url, wrong key or signature lengths, a known member of the wrong type, or
     * {@code addrs}, {@code software}, {@code cert} or {@code features} over their limits: a handshake failure (4001). Unknown
     * members are ignored.
     */
    public static IdentityPayload parse(byte[] utf8Json) throws LinkProtocolException {
        JsonObject object = readObject(utf8Json);
        JsonValue v = object.get("v");
        if (!(v instanceof JsonNumber number) || !number.isIntegral() || !number.bigIntegerValue().equals(java.math.BigInteger.ONE)) {
            throw fail(v == null ? "missing v" : "v must be 1");
        }
        byte[] identity = base64Member(object, "identity", 32);
        byte[] sig = base64Member(object, "sig", 64);
        List<String> addrs = strings(object, "addrs");
        String software = null;
        JsonValue softwareValue = object.get("software");
        if (softwareValue != null && softwareValue != JsonValue.NULL) {
            if (!(softwareValue instanceof JsonString s)) {
                throw fail("software must be a string");
            }
            software = s.getString();
        }
        JsonValue cert = object.get("cert") == JsonValue.NULL ? null : object.get("cert");
        List<String> features = strings(object, "features");
        try {
            return new IdentityPayload(identity, sig, addrs, software, cert, features);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    /** An optional array of strings (absent or null: empty); the constructor checks its limits. */
    private static List<String> strings(JsonObject object, String name) throws LinkProtocolException {
        List<String> strings = new ArrayList<>();
        JsonValue value = object.get(name);
        if (value != null && value != JsonValue.NULL) {
            if (!(value instanceof JsonArray array)) {
                throw fail(name + " must be an array");
            }
            for (JsonValue entry : array) {
                if (!(entry instanceof JsonString s)) {
                    throw fail(name + " must hold strings");
                }
                strings.add(s.getString());
            }
        }
        return strings;
    }

    private static JsonObject readObject(byte[] utf8Json) throws LinkProtocolException {
        try {
            return Json.readStrictObject(utf8Json);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private static byte[] base64Member(JsonObject object, String name, int length) throws LinkProtocolException {
        JsonValue value = object.get(name);
        if (value == null) {
            throw fail("missing " + name);
        }
        if (!(value instanceof JsonString s)) {
            throw fail(name + " must be a string");
        }
        byte[] bytes;
        try {
            bytes = Base64Url.decode(s.getString());
        } catch (IllegalArgumentException e) {
            throw fail(name + " is not base64url");
        }
        if (bytes.length != length) {
            throw fail(name + " must have " + length + " bytes");
        }
        return bytes;
    }

    private static LinkProtocolException fail(String why) {
        return new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED, "identity payload: " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityPayload p && Arrays.equals(identity, p.identity) && Arrays.equals(sig, p.sig)
                && addrs.equals(p.addrs) && Objects.equals(software, p.software) && Objects.equals(cert, p.cert)
                && features.equals(p.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(identity), Arrays.hashCode(sig), addrs, software, cert, features);
    }

    @Override
    public String toString() {
        return "IdentityPayload[" + nodeId() + ", addrs=" + addrs + ", software=" + software + (cert == null ? "" : ", cert") + (features.isEmpty() ? "" : ", features=" + features) + "]";
    }
}
