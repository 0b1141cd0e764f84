package io.agentmesh.admin;

import io.agentmesh.node.MeshConfig;
import io.agentmesh.admin.console.AgentCatalog;
import io.agentmesh.admin.console.ConsoleRequests;
import io.agentmesh.node.ConsoleSettings;
import io.agentmesh.admin.console.LinkAdmin;
import io.agentmesh.admin.console.MeshExplorer;
import io.agentmesh.admin.console.RevocationAdmin;
import io.agentmesh.admin.console.RouteObservers;
import io.agentmesh.admin.console.ToolCaller;
import io.agentmesh.admin.console.TrafficRecorder;
import io.agentmesh.admin.metrics.MeshMetrics;
import io.agentmesh.admin.metrics.PeerSeriesPolicy;
import io.agentmesh.agents.AccessObserver;
import io.agentmesh.agents.InputObserver;
import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.routing.RouteObserver;
import io.agentmesh.transport.LinkObserver;
import io.agentmesh.transport.Membership;
import io.agentmesh.transport.MeshLinks;
import io.agentmesh.transport.TrustPolicy;
import io.agentmesh.agents.http.McpHttpObserver;
import io.agentmesh.web.JwtObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Hands the admin console its parts ({@code mesh.console.*}) and connects the observers: the router
 * and the links report to the metrics and to the traffic history, the access rules to the metrics.
 */
@ApplicationScoped
public class ConsoleWiring {

    @Inject
    MeshConfig config;

    @Inject
    Clock clock;

    ConsoleSettings settings() {
        return config.console();
    }

    @Produces
    @Singleton
    @Typed(TrafficRecorder.class)
    TrafficRecorder trafficRecorder() {
        return new TrafficRecorder(settings().traffic(), clock);
    }

    /** What the router tells: metrics and the traffic history. */
    @Produces
    @Singleton
    RouteObserver routeObserver(MeshMetrics metrics, TrafficRecorder traffic) {
        return new RouteObservers(List.of(metrics, traffic));
    }

    /**
     * Which peers have metric series of their own ({@code mesh.metrics.max-peer-series}): configured are
     * the nodes of the bootstrap entries (pinned or learned) and the trust policy's allowed nodes.
     */
    @Produces
    @Singleton
    PeerSeriesPolicy peerSeriesPolicy(MeshLinks links, TrustPolicy trust) {
        return new PeerSeriesPolicy(settings().maxPeerSeries(), peer -> trust.allowed().contains(peer)
                || links.bootstrapStatus().stream().anyMatch(entry -> peer.equals(entry.nodeId())));
    }

    /** Which access tokens the JWT mode refused: metrics. */
    @Produces
    @Singleton
    JwtObserver jwtObserver(MeshMetrics metrics) {
        return metrics;
    }

    /** Which modern requests /mcp refused: metrics. */
    @Produces
    @Singleton
    McpHttpObserver mcpHttpObserver(MeshMetrics metrics) {
        return metrics;
    }

    /** What the links tell: metrics. */
    @Produces
    @Singleton
    LinkObserver linkObserver(MeshMetrics metrics) {
        return metrics;
    }

    /** What the access rules tell: metrics. */
    @Produces
    @Singleton
    AccessObserver accessObserver(MeshMetrics metrics) {
        return metrics;
    }

    /** What the agents' multi round-trip requests tell: metrics. */
    @Produces
    @Singleton
    InputObserver inputObserver(MeshMetrics metrics) {
        return metrics;
    }

    @Produces
    @Singleton
    ConsoleRequests consoleRequests(MeshRouter router) {
        return new ConsoleRequests(router.entry());
    }

    /** The mesh view starts from the peers this node knows by id (linked now or before, pinned). */
    @Produces
    @Singleton
    MeshExplorer meshExplorer(ConsoleRequests client, MeshLinks links) {
        return new MeshExplorer(client, () -> links.peers().stream()
                .map(p -> p.nodeId()).filter(Objects::nonNull).map(NodeId.class::cast).toList(),
                clock, settings().requestTimeout(), settings().viewReuse());
    }

    @Produces
    @Singleton
    AgentCatalog agentCatalog(ConsoleRequests client) {
        return new AgentCatalog(client, settings().requestTimeout());
    }

    @Produces
    @Singleton
    ToolCaller toolCaller(ConsoleRequests client) {
        return new ToolCaller(client, clock, settings().callTimeout());
    }

    @Produces
    @Singleton
    LinkAdmin linkAdmin(MeshLinks links, TrustPolicy trust) {
        return new LinkAdmin(links.manager(), trust, clock, settings().callTimeout());
    }

    @Produces
    @Singleton
    RevocationAdmin revocationAdmin(Membership membership) {
        return new RevocationAdmin(membership);
    }
}
