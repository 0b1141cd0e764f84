package io.agentmesh.bench.server;

import io.agentmesh.node.MeshConfig;
import io.agentmesh.web.AccessPolicy;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Hides {@link BenchSocket}: 404 unless {@code mesh.bench.enabled=true} and the client is on loopback. */
@WebFilter(urlPatterns = BenchSocket.PATH, asyncSupported = true)
public class BenchFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient MeshConfig config;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!config.benchEnabled() || !AccessPolicy.isLoopback(request.getRemoteAddr())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(request, response);
    }
}
