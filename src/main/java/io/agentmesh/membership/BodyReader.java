package io.agentmesh.membership;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the members of a signed body (a certificate or a revocation list): each defect a
 * {@link Refusal#MALFORMED} naming the member. Unknown members are ignored.
 */
final class BodyReader {

    /** The largest integer a body may hold: 2^53 - 1, exact in every JSON implementation. */
    static final long MAX_INTEGER = (1L << 53) - 1;

    private final JsonObject object;
    private final String what;

    private BodyReader(JsonObject object, String what) {
        this.object = object;
        this.what = what;
    }

    /** Reads {@code body} as a JSON object of version 1. */
    static BodyReader of(byte[] body, String what) throws MembershipException {
        JsonObject object;
        try {
            object = Json.readStrictObject(body);
        } catch (IllegalArgumentException e) {
            throw SignedEnvelope.malformed(what + " body: " + e.getMessage());
        }
        BodyReader reader = new BodyReader(object, what);
        if (reader.integer("v") != 1) {
            throw reader.fail("v must be 1");
        }
        return reader;
    }

    /** An integer member from 0 to 2^53 - 1. */
    long integer(String name) throws MembershipException {
        if (!(object.get(name) instanceof JsonNumber n) || !n.isIntegral()) {
            throw fail(name + " must be an integer");
        }
        BigInteger value = n.bigIntegerValue();
        if (value.signum() < 0 || value.bitLength() > 53) {
            throw fail(name + " must be from 0 to 2^53-1");
        }
        return value.longValueExact();
    }

    String string(String name) throws MembershipException {
        if (!(object.get(name) instanceof JsonString s)) {
            throw fail(name + " must be a string");
        }
        return s.getString();
    }

    /** A base64url member of exactly {@code length} bytes. */
    byte[] bytes(String name, int length) throws MembershipException {
        byte[] bytes;
        try {
            bytes = Base64Url.decode(string(name));
        } catch (IllegalArgumentException e) {
            throw fail(name + " is not base64url");
        }
        if (bytes.length != length) {
            throw fail(name + " must have " + length + " bytes");
        }
        return bytes;
    }

    /** An array of strings of at most {@code max} entries. */
    List<String> strings(String name, int max) throws MembershipException {
        if (!(object.get(name) instanceof JsonArray array)) {
            throw fail(name + " must be an array");
        }
        if (array.size() > max) {
            throw fail(name + " has " + array.size() + " entries, at most " + max + " allowed");
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw fail(name + " must hold strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    MembershipException fail(String detail) {
        return SignedEnvelope.malformed(what + " body: " + detail);
    }
}
