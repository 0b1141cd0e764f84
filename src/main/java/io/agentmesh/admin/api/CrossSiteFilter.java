package io.agentmesh.admin.api;

import io.agentmesh.web.StateChangeGuard;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refuses an admin API request that changes state and may come from a foreign web page
 * ({@link StateChangeGuard}): 403 or 415 with an {@link ErrorBody}, logged at FINE (a page can repeat it
 * at will). Applies to {@code /api/v1/admin/...} only.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class CrossSiteFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(CrossSiteFilter.class.getName());
    private static final StateChangeGuard GUARD = new StateChangeGuard();

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("admin/") || path.startsWith("/admin/"))) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        StateChangeGuard.Decision decision = GUARD.decide(new StateChangeGuard.Request(request.getMethod(),
                uri.getScheme(), uri.getHost(), uri.getPort(), header(request, "Origin"),
                header(request, "Sec-Fetch-Site"), header(request, "Content-Type")));
        if (!decision.allowed()) {
            LOG.log(Level.FINE, "admin API: {0} {1} refused ({2}), Origin {3}",
                    new Object[] {request.getMethod(), uri.getPath(), decision, header(request, "Origin").orElse("-")});
            request.abortWith(AdminExceptionMapper.error(decision.status(), decision.message()));
        }
    }

    private static Optional<String> header(ContainerRequestContext request, String name) {
        return Optional.ofNullable(request.getHeaderString(name));
    }
}
