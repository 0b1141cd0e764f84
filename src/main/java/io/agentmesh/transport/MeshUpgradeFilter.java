package io.agentmesh.transport;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a WebSocket upgrade at {@code /mesh} that {@link MeshUpgradeGate} refuses (no subprotocol
 * {@code agentmesh.v1}: 400; an {@code Origin} not allowed by {@code mesh.link.allowed-origins}: 403) with
 * that HTTP status, never 101 (wire-v1 §2): the container would otherwise complete it, Origin or not.
 * A refusal is counted ({@link LinkObserver#linkRefused}) and logged at INFO, at most one line a minute per
 * status (the links' {@link LogLimiter}).
 * Then it reserves the socket's admission ticket for the remote address ({@link LinkAdmission#reserve}):
 * an upgrade over a cap gets 429 (a cap per address) or 503 (a cap in all), counted and logged by the
 * admission; an admitted one goes on carrying the ticket's token to the session (see
 * {@link MeshEndpointConfigurator}), and gives the ticket back when it does not end in 101.
 */
@WebFilter(urlPatterns = MeshSubprotocol.PATH, asyncSupported = true)
public class MeshUpgradeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(MeshUpgradeFilter.class.getName());
    /** Seconds a refused peer is told to wait (Retry-After): about a handshake's time. */
    private static final String RETRY_AFTER = "10";

    @Inject
    transient Provider<MeshUpgradeGate> gate;

    @Inject
    transient Provider<MeshLinks> links;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> origin = Optional.ofNullable(request.getHeader("Origin"));
        Optional<MeshUpgradeGate.Refusal> refusal = gate.get().check(
                Collections.list(request.getHeaders("Sec-WebSocket-Protocol")), origin);
        if (refusal.isPresent()) {
            links.get().refused(refusal.get().rule());
            links.get().logs().log(LOG, Level.INFO, "upgrade refused " + refusal.get().status(),
                    "/mesh: refused an upgrade from {0} (with an Origin: {1}): {2}",
                    request.getRemoteAddr(), origin.isPresent(), refusal.get().reason());
            response.sendError(refusal.get().status(), refusal.get().reason());
            return;
        }
        MeshLinks mesh = links.get();
        LinkAdmission.Reservation reservation = mesh.reserve(request.getRemoteAddr());
        if (reservation.isRefused()) {
            response.setHeader("Retry-After", RETRY_AFTER);
            response.setHeader("Connection", "close");   // the container need not keep the connection for a next request
            response.sendError(reservation.refused().httpStatus(), "too many connections");
            return;
        }
        boolean upgraded = false;
        try {
            chain.doFilter(new Admitted(request, reservation.ticket().token()), response);
            upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        } finally {
            if (!upgraded) {
                mesh.cancel(reservation.ticket());
            }
        }
    }

    /** The request with the ticket's token as the only value of {@link MeshEndpointConfigurator#HEADER}. */
    private static final class Admitted extends HttpServletRequestWrapper {
        private final String token;

        Admitted(HttpServletRequest request, String token) {
            super(request);
            this.token = token;
        }

        private static boolean isTokenHeader(String name) {
            return MeshEndpointConfigurator.HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isTokenHeader(name) ? token : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isTokenHeader(name) ? Collections.enumeration(List.of(token)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (!isTokenHeader(name)) {
                    names.add(name);
                }
            }
            names.add(MeshEndpointConfigurator.HEADER);
            return Collections.enumeration(names);
        }
    }
}
