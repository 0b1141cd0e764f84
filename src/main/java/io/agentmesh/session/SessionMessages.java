package io.agentmesh.session;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The members that end-to-end session messages add to their JSON-RPC params and results
 * (docs/protocol.md, "End-to-end sessions"): {@code sid} and {@code msg} in the handshake operations,
 * {@code sid}, {@code n} and {@code box} in sealed requests, their responses and their progress.
 * Reading is strict: a member of the wrong type, bad base64url or a nonce out of range is
 * {@link SessionException#INVALID_PARAMS}.
 */
public final class SessionMessages {

    /** The node operation that carries message 1 and answers message 2. */
    public static final String OPEN = "session_open";
    /** The node operation that carries message 3. */
    public static final String FINISH = "session_finish";
    /** The node operation that carries a sealed request and answers its sealed response. */
    public static final String SEALED = "sealed";

    /** A handshake message of session {@code sid}. */
    public record Handshake(String sid, byte[] msg) {
    }

    /** A sealed message: of session {@code sid} (null in a response, whose session is the request's), first nonce {@code n}. */
    public record Sealed(String sid, long n, byte[] box) {
    }

    private SessionMessages() {
    }

    public static JsonObject handshake(String sid, byte[] msg) {
        return Json.createObjectBuilder().add("sid", sid).add("msg", Base64Url.encode(msg)).build();
    }

    public static JsonObject handshakeResult(byte[] msg) {
        return Json.createObjectBuilder().add("msg", Base64Url.encode(msg)).build();
    }

    /** The params of a sealed request, or the members of sealed progress, without {@code _meta}. */
    public static JsonObject sealed(String sid, Session.Sealed sealed) {
        return Json.createObjectBuilder().add("sid", sid).add("n", sealed.n())
                .add("box", new Base64UrlString(sealed.box())).build();
    }

    /** The result of a sealed request. */
    public static JsonObject sealedResult(Session.Sealed sealed) {
        return Json.createObjectBuilder().add("n", sealed.n()).add("box", new Base64UrlString(sealed.box())).build();
    }

    public static Handshake readHandshake(JsonObject params) throws SessionException {
        return new Handshake(sid(params), bytes(params, "msg"));
    }

    /** The handshake message of a handshake result. */
    public static byte[] readHandshakeResult(JsonValue result) throws SessionException {
        return bytes(object(result), "msg");
    }

    /** A sealed request's params, or sealed progress. */
    public static Sealed readSealed(JsonObject params) throws SessionException {
        return new Sealed(sid(params), nonce(params), bytes(params, "box"));
    }

    /** A sealed request's result. */
    public static Sealed readSealedResult(JsonValue result) throws SessionException {
        JsonObject object = object(result);
        return new Sealed(null, nonce(object), bytes(object, "box"));
    }

    private static JsonObject object(JsonValue value) throws SessionException {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new SessionException(SessionException.INVALID_PARAMS, "expected an object");
    }

    private static String sid(JsonObject params) throws SessionException {
        if (params.get("sid") instanceof JsonString s) {
            InboundSessions.sidBytes(s.getString());
            return s.getString();
        }
        throw new SessionException(SessionException.INVALID_PARAMS, "sid: a session id is required");
    }

    private static long nonce(JsonObject params) throws SessionException {
        if (params.get("n") instanceof JsonNumber n && n.isIntegral()) {
            try {
                long value = n.longValueExact();
                if (value >= 0 && value <= Session.MAX_NONCE) {
                    return value;
                }
            } catch (ArithmeticException e) {
                // out of range: refused below
            }
        }
        throw new SessionException(SessionException.INVALID_PARAMS, "n: an integer from 0 to 2^53 - 1 is required");
    }

    private static byte[] bytes(JsonObject params, String name) throws SessionException {
        if (params.get(name) instanceof Base64UrlString binary) {
            return binary.bytes();   // arrived in binary, or sealed here: never text
        }
        if (params.get(name) instanceof JsonString s) {
            try {
                return Base64Url.decode(s.getString());
            } catch (IllegalArgumentException e) {
                throw new SessionException(SessionException.INVALID_PARAMS, name + ": " + e.getMessage());
            }
        }
        throw new SessionException(SessionException.INVALID_PARAMS, name + ": base64url text is required");
    }
}
