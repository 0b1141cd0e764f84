package io.agentmesh.web;

import io.agentmesh.routing.Caller;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may use {@code /mcp} (wire-v1 §7: "who may use it is the node's security configuration"):
 * <ol>
 *   <li>a client on loopback (127.0.0.0/8 or ::1), unless loopback clients are not allowed;</li>
 *   <li>a client that presents {@code Authorization: Bearer <mesh.mcp.token>} (compared in constant time);</li>
 *   <li>a user the application server has authenticated (Liberty application security);</li>
 *   <li>in JWT mode ({@link JwtAccess}), a client that presents a valid JWT access token for this
 *       resource, which is then checked first, even from loopback, so that its user is known.</li>
 * </ol>
 * Anything else is refused: 401 when it presented no credentials or a wrong bearer token (with a
 * {@code WWW-Authenticate: Bearer} challenge when a token or JWT mode is configured: RFC 6750 §3, with
 * {@code resource_metadata} of RFC 9728 §5.1 in JWT mode), 403 {@code insufficient_scope} for a valid
 * token without a required scope, 403 when no way of admitting a non-loopback client is configured,
 * 503 when the issuer's keys cannot be fetched. An admitted request carries the end user it was
 * admitted for, if any: the token's subject and roles, or the container's user.
 */
public final class AccessPolicy {

    /** The outcome of the check. */
    public enum Decision {
        ALLOWED(200, null),
        UNAUTHORIZED(401, "authentication required: send Authorization: Bearer <token>"),
        INVALID_TOKEN(401, "the bearer token is not valid"),
        INSUFFICIENT_SCOPE(403, "the access token lacks a scope this resource requires"),
        KEYS_UNAVAILABLE(503, "the authorization server's keys cannot be fetched; try later"),
        FORBIDDEN(403, "only loopback clients may use /mcp on this node (set mesh.mcp.token, mesh.oauth.issuer or Liberty security)");

        private final int status;
        private final String message;

        Decision(int status, String message) {
            this.status = status;
            this.message = message;
        }

        public int status() {
            return status;
        }

        public String message() {
            return message;
        }

        public boolean allowed() {
            return this == ALLOWED;
        }
    }

    /** A decision, with the end user an admitted request is made for, if any. */
    public record Admission(Decision decision, Optional<Caller.User> user) {
        public Admission {
            java.util.Objects.requireNonNull(decision, "decision");
            java.util.Objects.requireNonNull(user, "user");
        }

        static Admission of(Decision decision) {
            return new Admission(decision, Optional.empty());
        }

        public boolean allowed() {
            return decision.allowed();
        }
    }

    private static final String BEARER = "bearer ";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Optional<byte[]> token;
    private final boolean allowLoopback;
    private final Optional<JwtAccess> jwt;

    /**
     * @param token         the bearer token that admits clients beyond loopback, if any
     * @param allowLoopback whether loopback clients are admitted without a token
     * @param jwt           the JWT mode, if configured
     */
    public AccessPolicy(Optional<String> token, boolean allowLoopback, Optional<JwtAccess> jwt) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.US_ASCII));
        this.allowLoopback = allowLoopback;
        this.jwt = java.util.Objects.requireNonNull(jwt, "jwt");
    }

    /**
     * The {@code WWW-Authenticate} value of a refusal: for a 401 when a token or JWT mode is configured
     * ({@code realm} with a static token, {@code resource_metadata} in JWT mode, {@code error="invalid_token"}
     * for a bad token), and for 403 {@code insufficient_scope} (with the scopes required).
     */
    public Optional<String> challenge(Decision decision) {
        Optional<OAuthSettings> oauth = jwt.map(JwtAccess::settings);
        if (decision == Decision.INSUFFICIENT_SCOPE && oauth.isPresent()) {
            return Optional.of("Bearer error=\"insufficient_scope\", scope=\""
                    + String.join(" ", oauth.get().requiredScopes().stream().sorted().toList())
                    + "\", resource_metadata=\"" + oauth.get().metadataUrl() + "\"");
        }
        if (decision.status() != 401 || (token.isEmpty() && oauth.isEmpty())) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder("Bearer ");
        if (token.isPresent()) {
            b.append("realm=\"agentmesh\"");
        }
        oauth.ifPresent(o -> b.append(token.isPresent() ? ", " : "").append("resource_metadata=\"")
                .append(o.metadataUrl()).append('"'));
        if (decision == Decision.INVALID_TOKEN) {
            b.append(", error=\"invalid_token\"");
        }
        return Optional.of(b.toString());
    }

    /**
     * Decides on one request.
     *
     * @param remoteAddress the client's IP address as the container reports it (a literal)
     * @param authorization the {@code Authorization} header, when present
     * @param containerUser the user the container has authenticated the request for, if any
     */
    public Admission decide(String remoteAddress, Optional<String> authorization, Optional<Caller.User> containerUser) {
        Optional<String> bearer = authorization.filter(a -> a.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(a -> a.substring(BEARER.length()).trim());
        boolean staticToken = bearer.isPresent() && token.isPresent()
                && MessageDigest.isEqual(bearer.get().getBytes(StandardCharsets.US_ASCII), token.get());
        if (jwt.isPresent() && bearer.isPresent() && !staticToken) {
            return checkJwt(jwt.get(), bearer.get(), remoteAddress);
        }
        if (allowLoopback && isLoopback(remoteAddress)) {
            return new Admission(Decision.ALLOWED, containerUser);
        }
        if (containerUser.isPresent()) {
            return new Admission(Decision.ALLOWED, containerUser);
        }
        if (token.isEmpty() && jwt.isEmpty()) {
            return Admission.of(Decision.FORBIDDEN);
        }
        if (bearer.isEmpty()) {
            return Admission.of(Decision.UNAUTHORIZED);
        }
        return Admission.of(staticToken ? Decision.ALLOWED : Decision.INVALID_TOKEN);
    }

    private static Admission checkJwt(JwtAccess access, String bearer, String remoteAddress) {
        JwtVerifier.Result result = access.check(bearer, remoteAddress);
        if (result instanceof JwtVerifier.Accepted a) {
            return new Admission(Decision.ALLOWED, Optional.of(a.user()));
        }
        return Admission.of(switch (((JwtVerifier.Refused) result).failure()) {
            case MISSING_SCOPE -> Decision.INSUFFICIENT_SCOPE;
            case KEYS_UNAVAILABLE -> Decision.KEYS_UNAVAILABLE;
            default -> Decision.INVALID_TOKEN;
        });
    }

    /** True for an IP literal in 127.0.0.0/8 or ::1 (also as ::ffff:127.x.y.z); never resolves names. */
    public static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        String a = address;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (a.equals("127.0.0.1") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        if (!IP_LITERAL.matcher(a).matches()) {
            return false;   // not a literal: never look a name up
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
