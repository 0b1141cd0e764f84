package io.agentmesh.admin.health;

import io.agentmesh.node.NodeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/** Liveness ({@code /health/live}): down only when the node failed to start and needs a restart. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Inject
    NodeStatus status;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agentmesh-node")
                .status(status.phase() != NodeStatus.Phase.FAILED)
                .withData("phase", status.phase().name());
        if (status.phase() == NodeStatus.Phase.FAILED) {
            response.withData("reason", status.detail());
        }
        return response.build();
    }
}
