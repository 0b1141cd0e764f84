package io.agentmesh.web;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An issuer's signing keys, fetched over HTTP from its JWK Set URL (RFC 7517 §5) and kept: fetched
 * anew when older than {@link OAuthSettings#jwksMaxAge()}, or when a token names a key id the set
 * lacks (key rotation), but never more often than {@link OAuthSettings#jwksMinInterval()}, failed
 * attempts included (so tokens cannot make the node fetch at will). Reads RSA keys
 * ({@code n}, {@code e}) and EC keys on P-256 ({@code x}, {@code y}); skips keys of other types or
 * curves and keys whose {@code use} is not {@code sig}. A key set larger than {@link #MAX_BYTES} or not
 * such JSON is unavailable (the keys fetched before stay in use). Thread-safe.
 */
public final class Jwks implements KeySource {

    /** The largest key set read. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One key of the set. */
    private record Jwk(Optional<String> kid, String type, PublicKey key) {
    }

    private final URI url;
    private final OAuthSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private List<Jwk> keys = List.of();
    private Instant fetched;
    private Instant attempted;

    public Jwks(OAuthSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.url = settings.jwksUrl();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public synchronized Optional<PublicKey> key(Optional<String> kid, String type) {
        Instant now = clock.instant();
        boolean stale = fetched == null || !now.isBefore(fetched.plus(settings.jwksMaxAge()));
        boolean mayFetch = attempted == null || !now.isBefore(attempted.plus(settings.jwksMinInterval()));
        Optional<PublicKey> found = find(kid, type);
        if ((stale || found.isEmpty()) && mayFetch) {
            attempted = now;
            try {
                keys = fetch();
                fetched = now;
            } catch (KeysUnavailableException e) {
                if (fetched == null) {
                    throw e;
                }
            }
            found = find(kid, type);
        } else if (fetched == null) {
            throw new KeysUnavailableException("the key set " + url + " could not be fetched; next attempt after "
                    + attempted.plus(settings.jwksMinInterval()), null);
        }
        return found;
    }

    private Optional<PublicKey> find(Optional<String> kid, String type) {
        List<Jwk> ofType = keys.stream().filter(k -> k.type().equals(type)).toList();
        if (kid.isEmpty()) {
            return ofType.size() == 1 ? Optional.of(ofType.get(0).key()) : Optional.empty();
        }
        return ofType.stream().filter(k -> k.kid().equals(kid)).map(Jwk::key).findFirst();
    }

    private List<Jwk> fetch() {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                throw new KeysUnavailableException("the key set " + url + " answered " + response.statusCode(), null);
            }
            if (body.length > MAX_BYTES) {
                throw new KeysUnavailableException("the key set " + url + " is larger than " + MAX_BYTES + " bytes", null);
            }
            return parse(body);
        } catch (IOException e) {
            throw new KeysUnavailableException("cannot fetch the key set " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeysUnavailableException("interrupted fetching the key set " + url, e);
        }
    }

    /** The usable keys of a JWK Set document. */
    static List<Jwk> parse(byte[] body) {
        JsonObject set;
        try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
            set = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new KeysUnavailableException("the key set is not a JSON object", e);
        }
        List<Jwk> out = new ArrayList<>();
        if (!(set.get("keys") instanceof jakarta.json.JsonArray array)) {
            throw new KeysUnavailableException("the key set has no keys array", null);
        }
        for (JsonValue v : array) {
            if (v instanceof JsonObject jwk && text(jwk, "use").map("sig"::equals).orElse(true)) {
                toKey(jwk).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static Optional<Jwk> toKey(JsonObject jwk) {
        Optional<String> kid = text(jwk, "kid");
        try {
            String kty = text(jwk, "kty").orElse("");
            if (kty.equals("RSA")) {
                RSAPublicKeySpec spec = new RSAPublicKeySpec(integer(jwk, "n"), integer(jwk, "e"));
                return Optional.of(new Jwk(kid, "RSA", KeyFactory.getInstance("RSA").generatePublic(spec)));
            }
            if (kty.equals("EC") && text(jwk, "crv").map("P-256"::equals).orElse(false)) {
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec("secp256r1"));
                ECParameterSpec curve = p.getParameterSpec(ECParameterSpec.class);
                ECPoint point = new ECPoint(integer(jwk, "x"), integer(jwk, "y"));
                PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
                return Optional.of(new Jwk(kid, "EC", key));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();   // a key that cannot be read is skipped; the others still count
        }
        return Optional.empty();
    }

    private static BigInteger integer(JsonObject jwk, String name) {
        return new BigInteger(1, Base64Url.decode(text(jwk, name).orElseThrow(
                () -> new IllegalArgumentException("no " + name))));
    }

    private static Optional<String> text(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
