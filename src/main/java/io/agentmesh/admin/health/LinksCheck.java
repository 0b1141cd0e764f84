package io.agentmesh.admin.health;

import io.agentmesh.node.NodeStatus;
import io.agentmesh.transport.MeshLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}, check {@code agentmesh-links}): the links open and whether the node
 * lost every link it had ({@link LinkHealth}). Always UP: it reports, the bootstrap check decides. A node
 * that failed to start has no links.
 */
@Readiness
@ApplicationScoped
public class LinksCheck implements HealthCheck {

    /** Looked up when called: a deployment without the transport (no WebSocket feature) still validates. */
    @Inject
    Provider<MeshLinks> links;

    @Inject
    NodeStatus status;

    @Override
    public HealthCheckResponse call() {
        LinkHealth health = status.phase() == NodeStatus.Phase.FAILED ? LinkHealth.of(List.of(), List.of())
                : LinkHealth.of(links.get().links(), links.get().peers());
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
