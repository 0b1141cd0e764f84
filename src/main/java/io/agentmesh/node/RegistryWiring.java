package io.agentmesh.node;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentListener;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.membership.SignedCertificate;
import io.agentmesh.registry.AdvertVerifier;
import io.agentmesh.registry.AdvertisedTool;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.registry.GossipOperations;
import io.agentmesh.registry.PeerBookStore;
import io.agentmesh.registry.PeerDialer;
import io.agentmesh.registry.PolicyAdvertTrust;
import io.agentmesh.registry.RegistryAgentSource;
import io.agentmesh.registry.RegistryBalancer;
import io.agentmesh.registry.RegistryNode;
import io.agentmesh.registry.RegistryService;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.registry.ReplicaBalancer;
import io.agentmesh.registry.RevocationGossip;
import io.agentmesh.registry.RouterGossipTransport;
import io.agentmesh.registry.ToolAnnotations;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.routing.Router;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.MeshLinks;
import io.agentmesh.transport.TrustPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the node's registry (docs/registry.md §1) over the real router and links and starts it: the
 * settings ({@code mesh.registry.*}), the peer book in {@code <mesh.data-dir>/peers.json}, the gossip
 * node operations, the registry as a source of {@code node/find_agents} and as the router's balancer for
 * {@code *:<agent>}, and the {@link RegistryService} that runs the rounds, with this node's advert built
 * from the {@link AgentHost} and reissued when its agents change, carrying this node's membership
 * certificate when it has one. The registry holds only the adverts the {@link TrustPolicy} accepts
 * ({@link PolicyAdvertTrust}: in allowlist mode of admitted nodes, in certified mode of members), and
 * drops the others when the policy or the revocation lists change, or (once a round) a certificate
 * expired. Unless {@code mesh.discovery.auto-dial=false}, due peers are dialed while fewer than
 * {@code mesh.max-links} links are open.
 */
@ApplicationScoped
public class RegistryWiring {

    private static final Logger LOG = Logger.getLogger(RegistryWiring.class.getName());

    @Inject
    MeshConfig config;

    @Inject
    NodeIdentity identity;

    @Inject
    SecureRandom random;

    @Inject
    Clock clock;

    @Inject
    NodeThreads threads;

    @Inject
    MeshRouter meshRouter;

    @Inject
    MeshLinks links;

    @Inject
    AgentHost agents;

    @Inject
    TrustPolicy trust;

    private volatile RegistryService service;

    @Produces
    @Singleton
    RegistrySettings registrySettings() {
        return config.registry();
    }

    /** Wires the registry into the router and starts its service; once. */
    public synchronized void start() {
        if (service != null) {
            return;
        }
        RegistrySettings settings = config.registry();
        Router router = meshRouter.router();
        RegistryNode node = new RegistryNode(identity, settings, clock, random, new RouterGossipTransport(router),
                new AdvertVerifier(settings), new PeerBookStore(config.node().dataDir(), clock),
                new PolicyAdvertTrust(trust), trust.membership().own().map(SignedCertificate::toJson).orElse(null));
        trust.addChangeListener(node.registry()::dropUntrusted);
        PeerDialer dialer = new PeerDialer(node.peers(),
                (url, peer) -> links.dial(url, peer).thenApply(Link::peerAddrs),
                peer -> links.link(peer).isPresent(),
                () -> (int) links.links().stream().filter(Link::isOpen).count(),
                config.autoDial(), config.maxLinks());
        GossipOperations.register(router.nodeOperations(), node.service());
        router.nodeOperations().addAgentSource(new RegistryAgentSource(node.registry(), node.peers()));
        router.setBalancer(new RegistryBalancer(node.registry(),
                new ReplicaBalancer(identity.nodeId(), settings, System::nanoTime, node.peers()::standing, random)));
        service = new RegistryService(node, dialer, this::linkedPeers, config.node().advertise(), this::advertisedAgents,
                threads.timer("agentmesh-registry"), settings.roundInterval());
        agents.addListener(new AgentListener() {
            @Override
            public void agentRegistered(AgentDefinition agent) {
                service.republish();
            }

            @Override
            public void agentUnregistered(String agentId) {
                service.republish();
            }
        });
        service.start();
        trust.membership().verifier().ifPresent(verifier -> spreadRevocations(router, verifier, settings));
        LOG.info(() -> "registry started: " + node.peers().size() + " peers in the peer book, auto-dial "
                + config.autoDial() + ", max links " + config.maxLinks());
    }

    /**
     * Serves and spreads the authorities' revocation lists ({@code node/revocations}) and, once a round,
     * sends them to links that have not had them and judges the links' certificates again (expiry).
     */
    private void spreadRevocations(Router router, MembershipVerifier verifier, RegistrySettings settings) {
        RevocationGossip gossip = new RevocationGossip(verifier.revocations(), links::links,
                (link, params) -> router.request(link, RevocationGossip.METHOD, params));
        gossip.register(router.nodeOperations());
        long period = settings.roundInterval().toMillis();
        threads.timer("agentmesh-revocations").scheduleWithFixedDelay(() -> {
            try {
                gossip.round();
                trust.recheck();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "revocation round failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** The running registry, once {@link #start} ran. */
    public Optional<RegistryService> service() {
        return Optional.ofNullable(service);
    }

    @PreDestroy
    synchronized void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** The open links to peers that accept connections (clients and tools take no part in gossip). */
    private Map<NodeId, List<String>> linkedPeers() {
        Map<NodeId, List<String>> peers = new LinkedHashMap<>();
        for (Link link : links.links()) {
            if (link.isOpen() && !link.peerAddrs().isEmpty()) {
                peers.put(link.peer(), link.peerAddrs());
            }
        }
        return peers;
    }

    private List<AgentInfo> advertisedAgents() {
        List<AgentInfo> infos = new ArrayList<>();
        for (AgentDefinition agent : agents.agents()) {
            try {
                infos.add(advertised(agent));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "agent " + agent.id() + " left out of this node's advert: " + e.getMessage());
            }
        }
        return infos;
    }

    /**
     * The advert entry of a hosted agent (docs/registry.md §2.2): its tools with the annotations that
     * decide whether a call may go to another replica after a failure (§5.2).
     *
     * @throws IllegalArgumentException when the agent does not fit an advert
     */
    static AgentInfo advertised(AgentDefinition agent) {
        List<AdvertisedTool> tools = new ArrayList<>();
        for (ToolDefinition tool : agent.tools()) {
            tools.add(new AdvertisedTool(tool.name(), ToolAnnotations.fromJson(tool.annotations())));
        }
        return new AgentInfo(agent.id(), agent.title(), tools,
                agent.resources().size() + agent.templates().size(), agent.prompts().size());
    }
}
