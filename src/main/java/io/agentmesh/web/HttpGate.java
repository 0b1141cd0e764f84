package io.agentmesh.web;

import io.agentmesh.routing.Caller;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The checks one HTTP entry point of the node ({@code /mcp}, {@code POST /api/v1/call}) makes before it
 * reads a request (docs/mcp-endpoint.md, "Who may connect"): the {@code Origin} check
 * ({@link OriginPolicy}), the access decision ({@link AccessPolicy}) with the {@code WWW-Authenticate}
 * challenge of a 401, and reading the body up to a limit. Refusals are logged at FINE, prefixed with the
 * entry point's name, without the text the client sent: any web page or client can repeat them at will,
 * and the client learns of each from its status. Immutable.
 */
public final class HttpGate {

    private static final Logger LOG = Logger.getLogger(HttpGate.class.getName());

    private final String entry;
    private final OriginPolicy origins;
    private final AccessPolicy access;
    private final int maxBodyBytes;

    /**
     * @param entry        the entry point as the log lines name it, e.g. {@code /mcp}
     * @param maxBodyBytes the largest body {@link #readBody} accepts
     */
    public HttpGate(String entry, OriginPolicy origins, AccessPolicy access, int maxBodyBytes) {
        this.entry = Objects.requireNonNull(entry, "entry");
        this.origins = Objects.requireNonNull(origins, "origins");
        this.access = Objects.requireNonNull(access, "access");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** True when a request with this {@code Origin} header (empty when absent) may go on; a refusal is logged. */
    public boolean allowsOrigin(Optional<String> origin, String remoteAddress) {
        if (origins.allows(origin)) {
            return true;
        }
        LOG.log(Level.FINE, entry + ": refused a request from {0} whose Origin is not allowed", remoteAddress);
        return false;
    }

    /** Whether the client may call, and for which user (see {@link AccessPolicy#decide}); a refusal is logged. */
    public AccessPolicy.Admission decide(String remoteAddress, Optional<String> authorization,
                                         Optional<Caller.User> containerUser) {
        AccessPolicy.Admission admission = access.decide(remoteAddress, authorization, containerUser);
        if (!admission.allowed()) {
            LOG.log(Level.FINE, entry + ": {0} for {1}", new Object[] {admission.decision(), remoteAddress});
        }
        return admission;
    }

    /** The roles of the application (server.xml, {@code application-bnd}) a container user may hold. */
    public static final java.util.Set<String> CONTAINER_ROLES = java.util.Set.of("mesh-admin");

    /**
     * The user the application server authenticated a request for (Liberty application security): its
     * principal's name ({@code name}, empty when none) with those of {@link #CONTAINER_ROLES} it holds
     * ({@code inRole}: the servlet API tells roles one by one, so only the declared ones can be listed).
     */
    public static Optional<Caller.User> containerUser(Optional<String> name, java.util.function.Predicate<String> inRole) {
        return name.map(n -> new Caller.User(n, CONTAINER_ROLES.stream().filter(inRole)
                .collect(java.util.stream.Collectors.toSet())));
    }

    /** The {@code WWW-Authenticate} value a refusal carries ({@link AccessPolicy#challenge}). */
    public Optional<String> challenge(AccessPolicy.Decision decision) {
        return access.challenge(decision);
    }

    /**
     * The body, or null when it is larger than {@link #maxBodyBytes()}, as declared ({@code declaredLength},
     * -1 when unknown) or as counted while reading. A body of the declared length is read into an array of
     * that length and nothing else (the common case: one request, one allocation of its size).
     */
    public byte[] readBody(InputStream body, long declaredLength) throws IOException {
        if (declaredLength > maxBodyBytes) {
            return null;
        }
        try (InputStream in = body) {
            byte[] declared = declaredLength >= 0 ? in.readNBytes((int) declaredLength) : new byte[0];
            int next = declared.length < declaredLength ? -1 : in.read();
            if (next == -1) {
                return declared;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, declared.length + 1));
            out.write(declared);
            out.write(next);
            byte[] buffer = new byte[8192];
            int n;
            while (out.size() <= maxBodyBytes && (n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
            return out.size() > maxBodyBytes ? null : out.toByteArray();
        }
    }

    /** Decodes a body as strict UTF-8. */
    public static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body)).toString();
    }
}
