package io.agentmesh.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The defence of the admin API against cross-site request forgery (docs/admin-api.md, "Cross-site
 * requests"). A browser sends an administrator's Basic credentials with any request to the node, even
 * one a foreign page starts; so a request that changes state ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}) must show that it does not come from a foreign page:
 * <ol>
 *   <li>{@code Sec-Fetch-Site}, when present, is {@code same-origin} or {@code none} (else 403);</li>
 *   <li>{@code Origin}, when present, is the node's own origin: the scheme, host and port the request
 *       was addressed to (else 403);</li>
 *   <li>a {@code POST}, {@code PUT} or {@code PATCH} has {@code Content-Type: application/json}, which no
 *       HTML form can send and a foreign script cannot send without a CORS preflight (else 415).</li>
 * </ol>
 * {@code GET}, {@code HEAD} and {@code OPTIONS} change nothing and pass. Clients outside browsers (curl,
 * scripts) send neither header and pass with a JSON body; the dashboard, on the node's own origin,
 * passes too. Immutable.
 */
public final class StateChangeGuard {

    /** The outcome of the check. */
    public enum Decision {
        ALLOWED(200, null),
        CROSS_SITE(403, "a state-changing admin request must come from this node's own origin"),
        NOT_JSON(415, "a state-changing admin request must send Content-Type: application/json");

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

    /** One request as the check sees it; absent headers are empty. */
    public record Request(String method, String scheme, String host, int port, Optional<String> origin,
                          Optional<String> secFetchSite, Optional<String> contentType) {
    }

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final Set<String> SAME_ORIGIN_FETCH = Set.of("same-origin", "none");

    /** Decides on one request. */
    public Decision decide(Request request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        if (SAFE.contains(method)) {
            return Decision.ALLOWED;
        }
        boolean crossSite = request.secFetchSite().map(s -> !SAME_ORIGIN_FETCH.contains(s.trim().toLowerCase(Locale.ROOT)))
                .orElse(false);
        if (crossSite || !ownOrigin(request).allows(request.origin())) {
            return Decision.CROSS_SITE;
        }
        if (WITH_BODY.contains(method) && !request.contentType().map(StateChangeGuard::isJson).orElse(false)) {
            return Decision.NOT_JSON;
        }
        return Decision.ALLOWED;
    }

    private static OriginPolicy ownOrigin(Request request) {
        String scheme = request.scheme().toLowerCase(Locale.ROOT);
        String host = request.host().contains(":") && !request.host().startsWith("[")
                ? "[" + request.host() + "]" : request.host();
        int port = request.port() != -1 ? request.port() : scheme.equals("https") ? 443 : 80;
        try {
            return new OriginPolicy(List.of(scheme + "://" + host + ":" + port));
        } catch (IllegalArgumentException e) {
            return new OriginPolicy(List.of()); // an unusual Host: only requests without Origin pass
        }
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/json");
    }
}
