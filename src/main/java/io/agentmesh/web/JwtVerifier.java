package io.agentmesh.web;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import io.agentmesh.routing.Caller;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a JWT access token (RFC 9068, a compact JWS of RFC 7515) as an OAuth 2.1 resource server must
 * (MCP 2025-11-25 "Authorization", Token Validation), in this order: the form (three base64url parts,
 * JSON header and claims, at most {@link OAuthSettings#maxTokenBytes()}); the algorithm ({@code RS256}
 * with a key of at least 2048 bits, or {@code ES256}; no {@code crit}); the signature, with the issuer's
 * key that the header's {@code kid} names; {@code iss} equal to the issuer; {@code aud} (a string or an
 * array) holding this resource (RFC 8707); {@code exp} (required) and {@code nbf} with the clock skew;
 * {@code sub} (required); every required scope in {@code scope} (space-separated) or {@code scp} (an
 * array). Claims are read only once the signature holds. Immutable, thread-safe when its key source is.
 */
public final class JwtVerifier {

    /** The outcome of one check. */
    public sealed interface Result permits Accepted, Refused {
    }

    /** A valid token, for its user: {@code sub}, and the roles of the roles claim. */
    public record Accepted(Caller.User user, Set<String> scopes) implements Result {
    }

    /** A refused token; {@code detail} is for the log, never what the client sent. */
    public record Refused(JwtFailure failure, String detail) implements Result {
    }

    private final OAuthSettings settings;
    private final KeySource keys;
    private final Clock clock;

    public JwtVerifier(OAuthSettings settings, KeySource keys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public OAuthSettings settings() {
        return settings;
    }

    /** Checks {@code token} (the credentials of an {@code Authorization: Bearer} header). */
    public Result verify(String token) {
        if (token.length() > settings.maxTokenBytes()) {
            return refused(JwtFailure.MALFORMED, "longer than " + settings.maxTokenBytes() + " bytes");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return refused(JwtFailure.MALFORMED, "not three dot-separated parts");
        }
        JsonObject header;
        byte[] signature;
        try {
            header = object(parts[0]);
            signature = Base64Url.decode(parts[2]);
        } catch (IllegalArgumentException | JsonException e) {
            return refused(JwtFailure.MALFORMED, "header or signature not base64url JSON");
        }
        if (header.containsKey("crit")) {
            return refused(JwtFailure.MALFORMED, "crit header not supported");
        }
        String alg = string(header, "alg").orElse("");
        String type = switch (alg) {
            case "RS256" -> "RSA";
            case "ES256" -> "EC";
            default -> null;
        };
        if (type == null) {
            return refused(JwtFailure.MALFORMED, "algorithm not RS256 or ES256");
        }
        Optional<PublicKey> key;
        try {
            key = keys.key(string(header, "kid"), type);
        } catch (KeySource.KeysUnavailableException e) {
            return refused(JwtFailure.KEYS_UNAVAILABLE, e.getMessage());
        }
        if (key.isEmpty()) {
            return refused(JwtFailure.BAD_SIGNATURE, "no key of the issuer matches the token's kid");
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!verifies(alg, key.get(), signed, signature)) {
            return refused(JwtFailure.BAD_SIGNATURE, "signature does not verify");
        }
        JsonObject claims;
        try {
            claims = object(parts[1]);
        } catch (IllegalArgumentException | JsonException e) {
            return refused(JwtFailure.MALFORMED, "claims not base64url JSON");
        }
        return claims(claims);
    }

    private Result claims(JsonObject claims) {
        if (!string(claims, "iss").filter(settings.issuer().toString()::equals).isPresent()) {
            return refused(JwtFailure.WRONG_ISSUER, "iss is not " + settings.issuer());
        }
        if (!strings(claims.get("aud")).contains(settings.resource().toString())) {
            return refused(JwtFailure.WRONG_AUDIENCE, "aud does not hold " + settings.resource());
        }
        if (!(claims.get("exp") instanceof JsonNumber exp)) {
            return refused(JwtFailure.MALFORMED, "no exp");
        }
        Instant now = clock.instant();
        long skew = settings.clockSkew().toSeconds();
        if (now.getEpochSecond() >= exp.longValue() + skew) {
            return refused(JwtFailure.EXPIRED, "expired");
        }
        if (claims.get("nbf") instanceof JsonNumber nbf && now.getEpochSecond() + skew < nbf.longValue()) {
            return refused(JwtFailure.NOT_YET_VALID, "not yet valid");
        }
        Optional<String> subject = string(claims, "sub").filter(s -> !s.isEmpty());
        if (subject.isEmpty()) {
            return refused(JwtFailure.MALFORMED, "no sub");
        }
        Set<String> scopes = scopes(claims);
        if (!scopes.containsAll(settings.requiredScopes())) {
            return refused(JwtFailure.MISSING_SCOPE, "a required scope is missing");
        }
        Set<String> roles = settings.rolesClaim().equals("scope") ? scopes : strings(claims.get(settings.rolesClaim()));
        if (!Caller.User.valid(subject.get(), roles)) {
            return refused(JwtFailure.MALFORMED, "sub or roles beyond what the mesh carries (sub at most "
                    + Caller.User.MAX_SUBJECT + " characters, at most " + Caller.User.MAX_ROLES + " roles of at most "
                    + Caller.User.MAX_ROLE + ")");
        }
        return new Accepted(new Caller.User(subject.get(), roles), scopes);
    }

    /** {@code scope} (space-separated, RFC 9068 §2.2.3) or else {@code scp} (an array or a string). */
    private static Set<String> scopes(JsonObject claims) {
        JsonValue v = claims.containsKey("scope") ? claims.get("scope") : claims.get("scp");
        return strings(v);
    }

    /** A string's space-separated words, or an array's strings; nothing for anything else. */
    private static Set<String> strings(JsonValue v) {
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof JsonString s) {
            Arrays.stream(s.getString().split(" ")).filter(w -> !w.isEmpty()).forEach(out::add);
        } else if (v instanceof JsonArray a) {
            a.stream().filter(JsonString.class::isInstance).map(e -> ((JsonString) e).getString()).forEach(out::add);
        }
        return out;
    }

    private static boolean verifies(String alg, PublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature s;
            if (alg.equals("RS256")) {
                if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
                    return false;
                }
                s = Signature.getInstance("SHA256withRSA");
            } else {
                if (signature.length != 64) {
                    return false;
                }
                s = Signature.getInstance("SHA256withECDSAinP1363Format");
            }
            s.initVerify(key);
            s.update(signed);
            return s.verify(signature);
        } catch (GeneralSecurityException | ClassCastException e) {
            return false;
        }
    }

    private static JsonObject object(String part) {
        String text = new String(Base64Url.decode(part), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (!(v instanceof JsonObject o)) {
                throw new IllegalArgumentException("not an object");
            }
            return o;
        }
    }

    private static Optional<String> string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    private static Refused refused(JwtFailure failure, String detail) {
        return new Refused(failure, detail);
    }
}
