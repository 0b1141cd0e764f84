package io.agentmesh.membership;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.Ed25519;
import io.agentmesh.identity.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The body of a membership certificate (docs/protocol.md, "Membership certificates"): UTF-8 JSON
 * {@code {"v":1,"serial","identity","groups","not_before","not_after","issuer"}}. An authority
 * ({@code issuer}) grants the node whose Ed25519 identity key is {@code identity} membership in
 * {@code groups} from {@code not_before} (inclusive) to {@code not_after} (exclusive), epoch seconds.
 * Immutable; every instance keeps the format's rules.
 *
 * @param serial    32 lowercase hex characters (16 random bytes)
 * @param identity  the node's 32-byte Ed25519 identity public key
 * @param groups    0 to {@value #MAX_GROUPS} unique names {@code [a-z0-9][a-z0-9._-]{0,63}}
 * @param notBefore epoch seconds, from 0 to 2^53-1
 * @param notAfter  epoch seconds, above {@code notBefore}, at most 2^53-1
 * @param issuer    the authority's 32-byte Ed25519 public key
 */
public record Certificate(String serial, byte[] identity, List<String> groups, long notBefore, long notAfter,
                          byte[] issuer) {

    /** The domain separation of a certificate signature: the 15 ASCII bytes {@code agentmesh-cert:}. */
    public static final String SIGNATURE_PREFIX = "agentmesh-cert:";
    /** The largest body, in bytes. */
    public static final int MAX_BODY_BYTES = 4096;
    /** The most groups a certificate names. */
    public static final int MAX_GROUPS = 32;

    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Certificate {
        Objects.requireNonNull(serial, "serial");
        groups = List.copyOf(groups);
        requireKey(identity, "identity");
        requireKey(issuer, "issuer");
        identity = identity.clone();
        issuer = issuer.clone();
        if (!SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("serial must be 32 lowercase hex characters");
        }
        if (groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("at most " + MAX_GROUPS + " groups allowed, not " + groups.size());
        }
        for (String group : groups) {
            requireGroup(group);
        }
        if (new HashSet<>(groups).size() != groups.size()) {
            throw new IllegalArgumentException("groups must be unique");
        }
        if (notBefore < 0 || notAfter > BodyReader.MAX_INTEGER || notAfter <= notBefore) {
            throw new IllegalArgumentException("not_before must be below not_after, both from 0 to 2^53-1");
        }
    }

    /** Throws IllegalArgumentException unless {@code group} is a group name ({@code [a-z0-9][a-z0-9._-]{0,63}}). */
    public static void requireGroup(String group) {
        if (group == null || !GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("bad group name '" + group + "': expected [a-z0-9][a-z0-9._-]{0,63}");
        }
    }

    private static void requireKey(byte[] key, String name) {
        if (key == null || key.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException(name + " is a 32-byte Ed25519 public key");
        }
    }

    /** The body bytes: compact JSON, members in the order of the format, no spaces. */
    public byte[] toBody() {
        StringBuilder json = new StringBuilder(256)
                .append("{\"v\":1,\"serial\":\"").append(serial)
                .append("\",\"identity\":\"").append(Base64Url.encode(identity))
                .append("\",\"groups\":[");
        for (int i = 0; i < groups.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(groups.get(i)).append('"');
        }
        json.append("],\"not_before\":").append(notBefore)
                .append(",\"not_after\":").append(notAfter)
                .append(",\"issuer\":\"").append(Base64Url.encode(issuer)).append("\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a body (at most {@value #MAX_BODY_BYTES} bytes); unknown members are ignored.
     *
     * @throws MembershipException {@link Refusal#MALFORMED}, naming the defect
     */
    public static Certificate parse(byte[] body) throws MembershipException {
        if (body.length > MAX_BODY_BYTES) {
            throw SignedEnvelope.malformed("certificate body over " + MAX_BODY_BYTES + " bytes");
        }
        BodyReader r = BodyReader.of(body, "certificate");
        try {
            return new Certificate(r.string("serial"), r.bytes("identity", 32), r.strings("groups", MAX_GROUPS),
                    r.integer("not_before"), r.integer("not_after"), r.bytes("issuer", 32));
        } catch (IllegalArgumentException e) {
            throw r.fail(e.getMessage());
        }
    }

    /** The node id of {@code identity} (wire-v1 §1). */
    public NodeId nodeId() {
        return NodeId.fromIdentityKey(identity);
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    @Override
    public byte[] issuer() {
        return issuer.clone();
    }

    /** True when {@code key} is this certificate's identity key. */
    public boolean isFor(byte[] key) {
        return Arrays.equals(identity, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Certificate c && serial.equals(c.serial) && Arrays.equals(identity, c.identity)
                && groups.equals(c.groups) && notBefore == c.notBefore && notAfter == c.notAfter
                && Arrays.equals(issuer, c.issuer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serial, Arrays.hashCode(identity), groups, notBefore, notAfter, Arrays.hashCode(issuer));
    }

    @Override
    public String toString() {
        return "Certificate[serial=" + serial + ", node=" + nodeId() + ", groups=" + groups + ", not_before="
                + notBefore + ", not_after=" + notAfter + ", issuer=" + Base64Url.encode(issuer) + "]";
    }
}
