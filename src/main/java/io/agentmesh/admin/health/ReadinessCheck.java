package io.agentmesh.admin.health;

import io.agentmesh.node.MeshConfig;
import io.agentmesh.node.NodeSettings;
import io.agentmesh.node.NodeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}): the node started and its HTTP endpoint, which carries
 * {@code /mesh}, listens and accepts connections. DOWN says why under {@code reason}: what the node
 * still waits for, why it failed to start (a configuration value, a corrupt key file, a port held by
 * another process), or that the endpoint stopped accepting connections.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    NodeStatus status;

    /** Looked up only once the node runs: a configuration that cannot be used makes none. */
    @Inject
    Provider<MeshConfig> config;

    @Override
    public HealthCheckResponse call() {
        NodeStatus.Phase phase = status.phase();
        boolean started = phase == NodeStatus.Phase.RUNNING;
        boolean bound = started && endpointAccepts(config.get().node());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agentmesh-node")
                .status(started && bound)
                .withData("identity", started)
                .withData("endpoint", bound)
                .withData("detail", status.detail());
        if (!started) {
            response.withData("reason", (phase == NodeStatus.Phase.FAILED ? "failed to start: " : "starting: ")
                    + status.detail());
        } else if (!bound) {
            response.withData("reason", "the HTTP endpoint does not accept connections");
        }
        return response.build();
    }

    private static boolean endpointAccepts(NodeSettings node) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(node.probeHost(), node.httpPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
