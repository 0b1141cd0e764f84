package io.agentmesh.node;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.RoutingSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Hands the router its parts from {@link MeshConfig}: the routing settings ({@code mesh.route.*},
 * {@code mesh.rpc.timeout}, {@code mesh.discovery.auto-dial}) and what this node says of itself in
 * {@code node/get_info}.
 */
@ApplicationScoped
public class RoutingWiring {

    @Inject
    MeshConfig config;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    RoutingSettings routingSettings() {
        return config.routing();
    }

    @Produces
    @Singleton
    NodeInfo nodeInfo(NodeIdentity identity) {
        return new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), config.node().advertise(),
                config.link().software(), clock.instant());
    }
}
