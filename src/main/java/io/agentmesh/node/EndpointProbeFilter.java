package io.agentmesh.node;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers the request {@link EndpointProbe} sends this application at start (204) and tells
 * {@link HttpEndpointWatch} on which port it arrived; only that one path, so other requests pay nothing.
 */
@WebFilter(urlPatterns = EndpointProbeFilter.PATH)
public class EndpointProbeFilter extends HttpFilter {

    /** The path the probe asks for, under this application's context path. */
    static final String PATH = "/.well-known/agentmesh-endpoint-probe";

    private static final long serialVersionUID = 1L;

    @Inject
    transient HttpEndpointWatch watch;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) {
        watch.probeArrived(request.getLocalPort());
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
