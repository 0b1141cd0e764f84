package io.agentmesh.web;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JWT mode of {@code /mcp} and {@code POST /api/v1/call}: an OAuth 2.1 resource server (MCP
 * 2025-11-25 "Authorization"; RFC 9068 JWT access tokens; RFC 8707 audience; RFC 9728 metadata). The
 * compact constructor refuses values that would leave the check open or unbounded.
 *
 * @param issuer               the authorization server's issuer identifier; a token's {@code iss} must equal it
 * @param jwksUrl              where the issuer publishes its signing keys (a JWK Set)
 * @param resource             this node's canonical MCP resource URI; a token's {@code aud} must hold it
 * @param requiredScopes       scopes every token must carry (empty: none beyond the audience)
 * @param authorizationServers the issuers named in the metadata ({@code authorization_servers})
 * @param rolesClaim           the claim whose strings become the user's roles ({@code groups}; {@code scope}
 *                             makes the scopes the roles)
 * @param maxTokenBytes        the longest token examined; a longer one is malformed
 * @param jwksMinInterval      the shortest time between two fetches of the key set (a token with an
 *                             unknown key fetches it anew at most this often)
 * @param jwksMaxAge           keys older than this are fetched anew before use
 * @param clockSkew            tolerance on {@code exp} and {@code nbf}
 */
public record OAuthSettings(URI issuer, URI jwksUrl, URI resource, Set<String> requiredScopes,
                            List<URI> authorizationServers, String rolesClaim, int maxTokenBytes,
                            Duration jwksMinInterval, Duration jwksMaxAge, Duration clockSkew) {

    public static final String DEFAULT_ROLES_CLAIM = "groups";
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;
    public static final Duration DEFAULT_JWKS_MIN_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** The well-known path of RFC 9728 §3. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    public OAuthSettings {
        requireHttpUrl(issuer, "mesh.oauth.issuer");
        requireHttpUrl(jwksUrl, "mesh.oauth.jwks-url");
        requireHttpUrl(resource, "mesh.oauth.resource");
        if (resource.getRawQuery() != null) {
            throw new IllegalArgumentException("mesh.oauth.resource must have no query: " + resource);
        }
        requiredScopes = Set.copyOf(requiredScopes);
        for (String s : requiredScopes) {
            if (!SCOPE.matcher(s).matches()) {
                throw new IllegalArgumentException("a scope is visible ASCII without space, \" or \\: " + s);
            }
        }
        authorizationServers = List.copyOf(authorizationServers.isEmpty() ? List.of(issuer) : authorizationServers);
        authorizationServers.forEach(s -> requireHttpUrl(s, "mesh.oauth.authorization-servers"));
        Objects.requireNonNull(rolesClaim, "rolesClaim");
        if (rolesClaim.isBlank()) {
            throw new IllegalArgumentException("mesh.oauth.roles-claim must name a claim");
        }
        if (maxTokenBytes < 512 || maxTokenBytes > 65536) {
            throw new IllegalArgumentException("mesh.oauth.max-token-bytes must be from 512 to 65536: " + maxTokenBytes);
        }
        requirePositive(jwksMinInterval, "jwksMinInterval");
        requirePositive(jwksMaxAge, "jwksMaxAge");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("mesh.oauth.clock-skew must be from 0 to 5m: " + clockSkew);
        }
    }

    /** Settings with the documented defaults for everything but the issuer, its keys and this resource. */
    public static OAuthSettings of(URI issuer, URI jwksUrl, URI resource, Set<String> requiredScopes) {
        return new OAuthSettings(issuer, jwksUrl, resource, requiredScopes, List.of(), DEFAULT_ROLES_CLAIM,
                DEFAULT_MAX_TOKEN_BYTES, DEFAULT_JWKS_MIN_INTERVAL, DEFAULT_JWKS_MAX_AGE, DEFAULT_CLOCK_SKEW);
    }

    /**
     * Where this resource's metadata is (RFC 9728 §3.1): the well-known path inserted between the host
     * and the resource's path, e.g. {@code https://node.example/mcp} → {@code https://node.example/.well-known/oauth-protected-resource/mcp}.
     */
    public URI metadataUrl() {
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        return URI.create(resource.getScheme().toLowerCase(Locale.ROOT) + "://" + resource.getRawAuthority() + WELL_KNOWN + path);
    }

    /** The protected-resource metadata document (RFC 9728 §2). */
    public JsonObject metadata() {
        var servers = Json.createArrayBuilder();
        authorizationServers.forEach(s -> servers.add(s.toString()));
        var scopes = Json.createArrayBuilder();
        requiredScopes.stream().sorted().forEach(scopes::add);
        return Json.createObjectBuilder()
                .add("resource", resource.toString())
                .add("authorization_servers", servers)
                .add("scopes_supported", scopes)
                .add("bearer_methods_supported", Json.createArrayBuilder().add("header"))
                .build();
    }

    /** Throws IllegalArgumentException unless {@code uri} is an absolute http(s) URL with a host, without fragment or user. */
    public static void requireHttpUrl(URI uri, String key) {
        Objects.requireNonNull(uri, key);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(key + " must be an absolute http(s) URL without fragment: " + uri);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
