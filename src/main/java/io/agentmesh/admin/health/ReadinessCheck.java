package io.agentmesh.admin.health;

import io.agentmesh.node.MeshConfig;
import io.agentmesh.node.NodeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}): the identity is loaded and the node started, and the HTTP
 * endpoint that carries {@code /mesh} accepts connections.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    NodeStatus status;

    @Inject
    MeshConfig config;

    @Override
    public HealthCheckResponse call() {
        boolean started = status.phase() == NodeStatus.Phase.RUNNING;
        boolean bound = endpointAccepts();
        return HealthCheckResponse.named("agentmesh-node")
                .status(started && bound)
                .withData("identity", started)
                .withData("endpoint", bound)
                .withData("detail", status.detail())
                .build();
    }

    private boolean endpointAccepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(config.probeHost(), config.httpPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
