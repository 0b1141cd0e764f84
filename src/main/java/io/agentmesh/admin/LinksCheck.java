package io.agentmesh.admin;

import io.agentmesh.transport.MeshLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}, check {@code agentmesh-links}): the links open and whether the node
 * lost every link it had ({@link LinkHealth}). Always UP: it reports, the bootstrap check decides.
 */
@Readiness
@ApplicationScoped
public class LinksCheck implements HealthCheck {

    @Inject
    MeshLinks links;

    @Override
    public HealthCheckResponse call() {
        LinkHealth health = LinkHealth.of(links.links(), links.peers());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agentmesh-links")
                .up()
                .withData("open", health.open())
                .withData("lost-every-link", health.lostEveryLink());
        if (health.lastLinkSeen() != null) {
            response.withData("last-link-seen", health.lastLinkSeen().toString());
        }
        return response.build();
    }
}
