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
 * {@code mesh.rpc.timeout}, {@code mesh.discovery.auto-dial}; the other limits at their defaults) and
 * what this node says of itself in {@code node/get_info}.
 */
@ApplicationScoped
public class RoutingWiring {

    /** The software string of this node, as in the identity payload. */
    public static final String SOFTWARE = "agentmesh-java/0.1.0";

    @Inject
    MeshConfig config;

    @Produces
    @Singleton
    RoutingSettings routingSettings() {
        return RoutingSettings.defaults()
                .withTtl(config.routeTtl())
                .withForwardingDeadline(config.forwardTimeout())
                .withRequestDeadline(config.rpcTimeout())
                .withFailoverAttempts(config.routeFailoverAttempts())
                .withWorkers(config.routeWorkerThreads(), config.routeWorkQueue())
                .withRoutes(new RoutingSettings.Routes(config.routeAnnounceInterval(), config.routeHoldTime(),
                        RoutingSettings.Routes.DEFAULT_TRIGGER_DELAY, config.routeMaxHops(), config.routeMaxEntries(),
                        config.autoDial(), config.routeDialRetry()));
    }

    @Produces
    @Singleton
    NodeInfo nodeInfo(NodeIdentity identity, Clock clock) {
        return new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), config.advertise(), SOFTWARE,
                clock.instant());
    }
}
