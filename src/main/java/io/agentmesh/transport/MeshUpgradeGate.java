package io.agentmesh.transport;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a WebSocket upgrade request to {@code /mesh} may go on to the WebSocket container or is
 * refused with an HTTP status, never 101 (wire-v1 §2): 400 when it does not offer the subprotocol
 * {@value MeshSubprotocol#NAME}; 403 when it carries an {@code Origin} header that is not one of the
 * allowed origins, compared exactly (none by default: mesh peers send no {@code Origin}, and a web page
 * must not open a link to a node on its user's machine). Immutable.
 */
public final class MeshUpgradeGate {

    /** Why an upgrade request is refused: the rule it broke and a short reason. */
    public record Refusal(AdmissionRefusal rule, String reason) {
        /** The HTTP status to answer with. */
        public int status() {
            return rule.httpStatus();
        }
    }

    /** An origin as a browser serialises it: lowercase {@code scheme://host[:port]}, nothing after. */
    private static final Pattern ORIGIN =
            Pattern.compile("[a-z][a-z0-9+.-]*://(\\[[0-9a-f:.]+\\]|[a-z0-9.-]+)(:[0-9]{1,5})?");

    private final Set<String> allowedOrigins;

    /** @param allowedOrigins the {@code Origin} values allowed, each as {@link #requireOrigin} accepts */
    public MeshUpgradeGate(Collection<String> allowedOrigins) {
        allowedOrigins.forEach(MeshUpgradeGate::requireOrigin);
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /**
     * Throws IllegalArgumentException unless {@code origin} is an origin as a browser sends it in an
     * {@code Origin} header: lowercase {@code scheme://host[:port]}, without path or trailing slash.
     */
    public static void requireOrigin(String origin) {
        if (origin == null || !ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("an allowed origin is lowercase scheme://host[:port]: " + origin);
        }
    }

    /**
     * The refusal of a WebSocket upgrade request, or empty when it may go on.
     *
     * @param protocolHeaders the values of its {@code Sec-WebSocket-Protocol} headers
     * @param origin          its {@code Origin} header, when present
     */
    public Optional<Refusal> check(List<String> protocolHeaders, Optional<String> origin) {
        if (protocolHeaders.stream().noneMatch(MeshSubprotocol::offered)) {
            return Optional.of(new Refusal(AdmissionRefusal.SUBPROTOCOL, "the subprotocol " + MeshSubprotocol.NAME + " is required"));
        }
        if (origin.isPresent() && !allowedOrigins.contains(origin.get())) {
            return Optional.of(new Refusal(AdmissionRefusal.ORIGIN, "this Origin may not open links"));
        }
        return Optional.empty();
    }
}
