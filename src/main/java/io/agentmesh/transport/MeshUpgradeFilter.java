package io.agentmesh.transport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * Answers a WebSocket upgrade at {@code /mesh} that does not offer the subprotocol
 * {@code agentmesh.v1} with HTTP 400, never 101 (wire-v1 §2): the container would otherwise complete it.
 */
@WebFilter(urlPatterns = MeshSubprotocol.PATH, asyncSupported = true)
public class MeshUpgradeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            boolean offered = Collections.list(request.getHeaders("Sec-WebSocket-Protocol")).stream()
                    .anyMatch(MeshSubprotocol::offered);
            if (!offered) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the subprotocol agentmesh.v1 is required");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
