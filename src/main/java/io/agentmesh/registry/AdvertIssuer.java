package io.agentmesh.registry;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeIdentity;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Issues this node's signed adverts (docs/registry.md §2.1–2.2). The sequence number is the issue time
 * in epoch milliseconds, or one more than the last one used or observed when that is greater, so it
 * grows across restarts as long as the clock does; when the clock went back, the node learns its
 * previous advert from its peers and {@link #observe(long)} lifts the floor above it. Every advert carries
 * the node's membership certificate, when it has one, as the body member {@code cert}.
 */
public final class AdvertIssuer {

    private final NodeIdentity identity;
    private final Clock clock;
    private final Duration ttl;
    private final JsonObject cert;
    private long lastSeq;

    public AdvertIssuer(NodeIdentity identity, Clock clock, Duration ttl) {
        this(identity, clock, ttl, null);
    }

    /** @param cert this node's membership certificate envelope, or null when it has none */
    public AdvertIssuer(NodeIdentity identity, Clock clock, Duration ttl, JsonObject cert) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.cert = cert;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
    }

    /** Signs a fresh advert of this node with the given addrs and agents. */
    public synchronized SignedAdvert issue(List<String> addrs, List<AgentInfo> agents) {
        Instant now = clock.instant();
        long seq = Math.max(now.toEpochMilli(), lastSeq + 1);
        lastSeq = seq;
        Advert advert = new Advert(identity.publicKeyBase64Url(), identity.nodeId(), addrs, agents, seq, now,
                now.plus(ttl), cert);
        return sign(identity, advert);
    }

    /** Makes the next advert's sequence number greater than {@code seq} (an advert of ours seen elsewhere). */
    public synchronized void observe(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public NodeIdentity identity() {
        return identity;
    }

    /**
     * Serialises {@code advert}'s body once and signs exactly those bytes. Public so that tests and
     * tools can build adverts with chosen fields; a node uses {@link #issue}.
     */
    public static SignedAdvert sign(NodeIdentity signer, Advert advert) {
        byte[] body = bodyBytes(advert.toJson());
        return new SignedAdvert(advert, envelope(body, signer.sign(AdvertVerifier.signedBytes(body))));
    }

    /** The envelope of already-serialised body bytes and a signature. */
    public static JsonObject envelope(byte[] body, byte[] sig) {
        return Jsons.PROVIDER.createObjectBuilder()
                .add("body", Base64Url.encode(body))
                .add("sig", Base64Url.encode(sig))
                .build();
    }

    static byte[] bodyBytes(JsonObject json) {
        StringWriter out = new StringWriter(512);
        try (JsonWriter w = Jsons.PROVIDER.createWriter(out)) {
            w.writeObject(json);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
