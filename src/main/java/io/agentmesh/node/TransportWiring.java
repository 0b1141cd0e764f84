package io.agentmesh.node;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.LinkDirectory;
import io.agentmesh.transport.AdmissionLimits;
import io.agentmesh.transport.Bootstrap;
import io.agentmesh.transport.DialSettings;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkObserver;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.transport.Membership;
import io.agentmesh.transport.MemoryBudget;
import io.agentmesh.transport.MeshLinks;
import io.agentmesh.transport.MeshUpgradeGate;
import io.agentmesh.transport.PeerInfo;
import io.agentmesh.transport.TrustPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Hands the transport its settings from {@link MeshConfig} ({@code mesh.link.*}, {@code mesh.trust.*},
 * {@code mesh.bootstrap*}, {@code mesh.advertise}) and adapts the link manager to the router's
 * {@link LinkDirectory}.
 */
@ApplicationScoped
public class TransportWiring {

    @Inject
    MeshConfig config;

    @Produces
    @Singleton
    LinkSettings linkSettings() {
        return config.link();
    }

    /**
     * The memory budget of the links ({@code mesh.link.memory-budget}), its refusals counted by the
     * {@link LinkObserver} (metrics) and logged at most once a minute.
     */
    @Produces
    @Singleton
    MemoryBudget memoryBudget(Instance<LinkObserver> observers) {
        return new MemoryBudget(config.link().memoryBudget(),
                observers.isResolvable() ? observers.get() : LinkObserver.NONE,
                new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime));
    }

    /** The limits of the dial governor ({@code mesh.dial.*}). */
    @Produces
    @Singleton
    DialSettings dialSettings() {
        return config.dial();
    }

    /** The caps on sockets and links at {@code /mesh} ({@code mesh.link.max-pending*}, {@code max-handshakes}, {@code max-links-*}). */
    @Produces
    @Singleton
    AdmissionLimits admissionLimits() {
        return config.admission();
    }

    /** The check of upgrade requests to {@code /mesh} ({@code mesh.link.allowed-origins}). */
    @Produces
    @Singleton
    MeshUpgradeGate meshUpgradeGate() {
        return new MeshUpgradeGate(config.link().allowedOrigins());
    }

    /** The trust policy the node starts with ({@code mesh.trust.*}); the admin API changes it at run time. */
    @Produces
    @Singleton
    TrustPolicy trustPolicy(Membership membership) {
        return new TrustPolicy(config.trustMode(), config.trustAllow(), membership);
    }

    @Produces
    @Singleton
    Bootstrap bootstrap() {
        return config.bootstrap();
    }

    /** The links the router forwards on and the peers it reports, from the link manager. */
    @Produces
    @ApplicationScoped
    LinkDirectory linkDirectory(MeshLinks links) {
        return new LinkDirectory() {
            @Override
            public Optional<Link> link(NodeId node) {
                return links.link(node);
            }

            @Override
            public List<Link> links() {
                return links.links();
            }

            @Override
            public List<PeerInfo> peers() {
                return links.peers();
            }

            @Override
            public CompletionStage<Link> dial(NodeId node, List<String> addrs) {
                return links.dialAny(node, addrs);
            }
        };
    }
}
