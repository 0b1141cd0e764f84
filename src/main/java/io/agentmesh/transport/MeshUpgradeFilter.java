package io.agentmesh.transport;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a WebSocket upgrade at {@code /mesh} that {@link MeshUpgradeGate} refuses (no subprotocol
 * {@code agentmesh.v1}: 400; an {@code Origin} not allowed by {@code mesh.link.allowed-origins}: 403) with
 * that HTTP status, never 101 (wire-v1 §2): the container would otherwise complete it, Origin or not.
 * A refusal is logged at INFO, at most one line a minute per status (the links' {@link LogLimiter}).
 */
@WebFilter(urlPatterns = MeshSubprotocol.PATH, asyncSupported = true)
public class MeshUpgradeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(MeshUpgradeFilter.class.getName());

    @Inject
    transient Provider<MeshUpgradeGate> gate;

    @Inject
    transient Provider<MeshLinks> links;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            Optional<String> origin = Optional.ofNullable(request.getHeader("Origin"));
            Optional<MeshUpgradeGate.Refusal> refusal = gate.get().check(
                    Collections.list(request.getHeaders("Sec-WebSocket-Protocol")), origin);
            if (refusal.isPresent()) {
                links.get().logs().log(LOG, Level.INFO, "upgrade refused " + refusal.get().status(),
                        "/mesh: refused an upgrade from {0} (with an Origin: {1}): {2}",
                        request.getRemoteAddr(), origin.isPresent(), refusal.get().reason());
                response.sendError(refusal.get().status(), refusal.get().reason());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
