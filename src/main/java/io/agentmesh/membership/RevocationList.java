package io.agentmesh.membership;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.Ed25519;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of a revocation list (docs/protocol.md, "Revocation lists"): UTF-8 JSON
 * {@code {"v":1,"issuer","seq","issued_at","serials"}}. The authority {@code issuer} withdraws the
 * certificates it issued with these serials; of one issuer's lists the highest {@code seq} holds.
 * Immutable.
 *
 * @param issuer   the authority's 32-byte Ed25519 public key
 * @param seq      from 0 to 2^53-1
 * @param issuedAt epoch seconds
 * @param serials  at most {@value #MAX_SERIALS} unique certificate serials
 */
public record RevocationList(byte[] issuer, long seq, long issuedAt, Set<String> serials) {

    /** The domain separation of a revocation list signature: the 22 ASCII bytes {@code agentmesh-revocations:}. */
    public static final String SIGNATURE_PREFIX = "agentmesh-revocations:";
    /** The most serials one list holds. */
    public static final int MAX_SERIALS = 4096;
    /** The largest body, in bytes. */
    public static final int MAX_BODY_BYTES = 192 * 1024;

    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{32}");

    public RevocationList {
        if (issuer == null || issuer.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("issuer is a 32-byte Ed25519 public key");
        }
        issuer = issuer.clone();
        serials = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(serials));
        if (seq < 0 || seq > BodyReader.MAX_INTEGER || issuedAt < 0 || issuedAt > BodyReader.MAX_INTEGER) {
            throw new IllegalArgumentException("seq and issued_at must be from 0 to 2^53-1");
        }
        if (serials.size() > MAX_SERIALS) {
            throw new IllegalArgumentException("at most " + MAX_SERIALS + " serials allowed");
        }
        for (String serial : serials) {
            if (serial == null || !SERIAL.matcher(serial).matches()) {
                throw new IllegalArgumentException("a serial is 32 lowercase hex characters");
            }
        }
    }

    /** The body bytes: compact JSON, members in the order of the format. */
    public byte[] toBody() {
        StringBuilder json = new StringBuilder(64 + 35 * serials.size())
                .append("{\"v\":1,\"issuer\":\"").append(Base64Url.encode(issuer))
                .append("\",\"seq\":").append(seq)
                .append(",\"issued_at\":").append(issuedAt)
                .append(",\"serials\":[");
        String separator = "\"";
        for (String serial : serials) {
            json.append(separator).append(serial).append('"');
            separator = ",\"";
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a body (at most {@value #MAX_BODY_BYTES} bytes); unknown members are ignored, a serial named
     * twice counts once.
     *
     * @throws MembershipException {@link Refusal#MALFORMED}, naming the defect
     */
    public static RevocationList parse(byte[] body) throws MembershipException {
        if (body.length > MAX_BODY_BYTES) {
            throw SignedEnvelope.malformed("revocation list body over " + MAX_BODY_BYTES + " bytes");
        }
        BodyReader r = BodyReader.of(body, "revocation list");
        try {
            List<String> serials = r.strings("serials", MAX_SERIALS);
            return new RevocationList(r.bytes("issuer", 32), r.integer("seq"), r.integer("issued_at"),
                    new LinkedHashSet<>(serials));
        } catch (IllegalArgumentException e) {
            throw r.fail(e.getMessage());
        }
    }

    @Override
    public byte[] issuer() {
        return issuer.clone();
    }

    /** The issuer key as base64url. */
    public String issuerText() {
        return Base64Url.encode(issuer);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RevocationList l && Arrays.equals(issuer, l.issuer) && seq == l.seq
                && issuedAt == l.issuedAt && serials.equals(l.serials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(issuer), seq, issuedAt, serials);
    }

    @Override
    public String toString() {
        return "RevocationList[issuer=" + issuerText() + ", seq=" + seq + ", " + serials.size() + " serials]";
    }
}
