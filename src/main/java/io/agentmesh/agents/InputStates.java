package io.agentmesh.agents;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the {@code requestState} of multi round-trip requests (MCP 2026-07-28
 * basic/patterns/mrtr, Server Requirements 4–5): HMAC-SHA-256 under a 32-byte key held in memory, random
 * at each start of the node, over a JSON payload that binds the agent, the authenticated principal
 * ({@code CallContext.caller()}), an expiry, and the request (its method and a digest of its salient
 * params). Everything else the next round needs (the questions asked, the answers verified) is inside.
 * <p>
 * Format: {@code v1.<kid>.<payload>.<mac>}, each part base64url without padding: {@code kid} the first
 * 8 bytes of SHA-256(key), {@code payload} the UTF-8 JSON, {@code mac} HMAC-SHA-256(key, ASCII
 * {@code "v1.<kid>.<payload>"}). The payload is readable by whoever carries it (the client, relays): it
 * holds only what the client sent or was sent; integrity, not secrecy, is what the spec asks. A state is
 * not single-use: it may be replayed by the same principal for the same request until it expires.
 * <p>
 * A key per node start means that a state verifies only on the node (and start) that issued it: a retry
 * that reaches another replica of the agent, or the same node after a restart, is refused with −32602.
 */
public final class InputStates {

    static final String VERSION = "v1";
    static final int KEY_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;
    private final String keyId;
    private final Clock clock;
    private final Duration ttl;

    /** States under {@code key} (32 bytes) that expire {@code ttl} after they are issued. */
    public InputStates(byte[] key, Clock clock, Duration ttl) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the state key has " + KEY_BYTES + " bytes");
        }
        this.key = key.clone();
        this.keyId = Base64Url.encode(Arrays.copyOf(sha256(this.key), 8));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the state lifetime must be positive: " + ttl);
        }
    }

    /** States under a fresh random key. */
    public static InputStates random(SecureRandom random, Clock clock, Duration ttl) {
        byte[] k = new byte[KEY_BYTES];
        random.nextBytes(k);
        try {
            return new InputStates(k, clock, ttl);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** What a state binds and carries. {@code expires} in epoch seconds. */
    record State(String agent, String principal, String request, long expires, JsonObject pending,
                 JsonObject answered) {
    }

    /** A state for this round, expiring {@code ttl} from now. */
    String seal(String agent, String principal, String request, JsonObject pending, Map<String, JsonObject> answered) {
        JsonObject payload = Json.createObjectBuilder()
                .add("agent", agent).add("sub", principal).add("req", request)
                .add("exp", clock.instant().plus(ttl).getEpochSecond())
                .add("pending", pending).add("answered", Json.createObjectBuilder(Map.copyOf(answered))).build();
        String signed = VERSION + "." + keyId + "." + Base64Url.encode(payload.toString().getBytes(StandardCharsets.UTF_8));
        return signed + "." + Base64Url.encode(mac(signed));
    }

    /**
     * Verifies a state presented for {@code request} by {@code principal} to {@code agent}; −32602 naming
     * the reason when it is malformed, was issued under another key, fails verification, has expired, or
     * was issued to another principal, agent or request.
     */
    State open(String token, String agent, String principal, String request) throws JsonRpcException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw invalid("malformed");
        }
        if (!parts[1].equals(keyId)) {
            throw invalid("issued by another node or before a restart");
        }
        byte[] mac;
        byte[] payloadBytes;
        try {
            mac = Base64Url.decode(parts[3]);
            payloadBytes = Base64Url.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw invalid("malformed");
        }
        if (!MessageDigest.isEqual(mac, mac(parts[0] + "." + parts[1] + "." + parts[2]))) {
            throw invalid("fails verification");
        }
        JsonObject p;
        try {
            p = Json.readStrictObject(payloadBytes);
        } catch (RuntimeException e) {
            throw invalid("malformed");
        }
        State s = new State(p.getString("agent"), p.getString("sub"), p.getString("req"),
                p.getJsonNumber("exp").longValueExact(), p.getJsonObject("pending"), p.getJsonObject("answered"));
        if (clock.instant().getEpochSecond() >= s.expires()) {
            throw invalid("has expired");
        }
        if (!s.principal().equals(principal)) {
            throw invalid("was issued to another principal");
        }
        if (!s.agent().equals(agent) || !s.request().equals(request)) {
            throw invalid("was issued for another request");
        }
        return s;
    }

    /** The request a state is bound to: its method and the SHA-256 of its canonical params without {@code _meta}, {@code inputResponses} and {@code requestState}. */
    static String requestId(String method, JsonObject params) {
        var salient = Json.createObjectBuilder(params);
        salient.remove("_meta");
        salient.remove("inputResponses");
        salient.remove("requestState");
        return method + " " + Base64Url.encode(sha256(canonical(salient.build()).getBytes(StandardCharsets.UTF_8)));
    }

    /** JSON text with the members of every object sorted by name, so that equal values have one form. */
    static String canonical(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonValue value, StringBuilder out) {
        switch (value.getValueType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (var e : new TreeMap<>((JsonObject) value).entrySet()) {
                    out.append(first ? "" : ",").append(Json.createValue(e.getKey())).append(':');
                    write(e.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonValue v : (JsonArray) value) {
                    out.append(first ? "" : ",");
                    write(v, out);
                    first = false;
                }
                out.append(']');
            }
            case NUMBER -> out.append(((JsonNumber) value).bigDecimalValue().stripTrailingZeros().toString());
            case STRING -> out.append(Json.createValue(((JsonString) value).getString()));
            default -> out.append(value);
        }
    }

    private static JsonRpcException invalid(String why) {
        return new JsonRpcException(JsonRpc.INVALID_PARAMS, "requestState " + why);
    }

    private byte[] mac(String signed) {
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(new SecretKeySpec(key, HMAC));
            return m.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
