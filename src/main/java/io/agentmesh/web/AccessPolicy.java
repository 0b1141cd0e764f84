package io.agentmesh.web;

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
 *   <li>a user the application server has authenticated (Liberty application security).</li>
 * </ol>
 * Anything else is refused: 401 when it presented no credentials or a wrong bearer token (with a
 * {@code WWW-Authenticate: Bearer} challenge when a token is configured), 403 when no way of admitting
 * a non-loopback client is configured.
 */
public final class AccessPolicy {

    /** The outcome of the check. */
    public enum Decision {
        ALLOWED(200, null),
        UNAUTHORIZED(401, "authentication required: send Authorization: Bearer <mesh.mcp.token>"),
        INVALID_TOKEN(401, "the bearer token is not valid"),
        FORBIDDEN(403, "only loopback clients may use /mcp on this node (set mesh.mcp.token or Liberty security)");

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

    private static final String BEARER = "bearer ";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Optional<byte[]> token;
    private final boolean allowLoopback;

    /**
     * @param token         the bearer token that admits clients beyond loopback, if any
     * @param allowLoopback whether loopback clients are admitted without a token
     */
    public AccessPolicy(Optional<String> token, boolean allowLoopback) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.US_ASCII));
        this.allowLoopback = allowLoopback;
    }

    /** True when a token is configured, so that a refusal should carry a Bearer challenge. */
    public boolean challenges() {
        return token.isPresent();
    }

    /**
     * Decides on one request.
     *
     * @param remoteAddress the client's IP address as the container reports it (a literal)
     * @param authorization the {@code Authorization} header, when present
     * @param authenticatedUser true when the container has authenticated the request
     */
    public Decision decide(String remoteAddress, Optional<String> authorization, boolean authenticatedUser) {
        if (allowLoopback && isLoopback(remoteAddress)) {
            return Decision.ALLOWED;
        }
        if (authenticatedUser) {
            return Decision.ALLOWED;
        }
        Optional<String> bearer = authorization.filter(a -> a.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(a -> a.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            return Decision.FORBIDDEN;
        }
        if (bearer.isEmpty()) {
            return Decision.UNAUTHORIZED;
        }
        byte[] presented = bearer.get().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, token.get()) ? Decision.ALLOWED : Decision.INVALID_TOKEN;
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
