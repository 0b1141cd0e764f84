package io.agentmesh.node;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentListener;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.AdvertVerifier;
import io.agentmesh.registry.AdvertisedTool;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.registry.GossipOperations;
import io.agentmesh.registry.PeerBookStore;
import io.agentmesh.registry.PeerDialer;
import io.agentmesh.registry.RegistryAgentSource;
import io.agentmesh.registry.RegistryBalancer;
import io.agentmesh.registry.RegistryNode;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.registry.ReplicaBalancer;
import io.agentmesh.registry.RouterGossipTransport;
import io.agentmesh.registry.ToolAnnotations;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.routing.Router;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.MeshLinks;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the node's registry (docs/registry.md §1) over the real router and links: settings from
 * {@code mesh.registry.*}, the peer book in {@code <mesh.data-dir>/peers.json}, this node's advert built
 * from the {@link AgentHost} and reissued when its agents change, the gossip node operations, the
 * registry as a source of {@code node/find_agents} and as the router's balancer for {@code *:<agent>},
 * and a gossip round every {@code mesh.registry.round-interval}. Each round also records the open links
 * in the peer book and, unless {@code mesh.discovery.auto-dial=false}, dials peers of the book that
 * are due (docs/registry.md §4) while fewer than {@code mesh.max-links} links are open.
 */
@ApplicationScoped
public class RegistryWiring {

    private static final Logger LOG = Logger.getLogger(RegistryWiring.class.getName());

    @Inject
    MeshConfig config;

    @Inject
    NodeIdentity identity;

    @Inject
    SecureRandom secureRandom;

    @Inject
    MeshRouter meshRouter;

    @Inject
    MeshLinks links;

    @Inject
    AgentHost agents;

    private PeerDialer dialer;
    private ScheduledThreadPoolExecutor scheduler;
    private RegistryNode node;

    @Produces
    @Singleton
    RegistrySettings registrySettings() {
        try {
            return RegistrySettings.builder()
                    .fanout(config.registryFanout())
                    .roundInterval(config.registryRoundInterval())
                    .advertTtl(config.registryAdvertTtl())
                    .advertRefresh(config.registryAdvertRefresh())
                    .maxAdvertLifetime(max(config.registryAdvertTtl(), java.time.Duration.ofHours(1)))
                    .peerExpiry(config.registryPeerExpiry())
                    .peerBookSaveInterval(config.registryPeerBookSaveInterval())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("mesh.registry", e.getMessage());
        }
    }

    /** Wires the registry into the router, publishes this node's advert and starts the rounds; once. */
    public synchronized void start() {
        if (node != null) {
            return;
        }
        RegistrySettings settings = registrySettings();
        Router router = meshRouter.router();
        Random random = new Random(secureRandom.nextLong());
        Clock clock = Clock.systemUTC();
        node = new RegistryNode(identity, settings, clock, random, new RouterGossipTransport(router),
                new AdvertVerifier(settings), new PeerBookStore(config.dataDir(), clock));
        dialer = new PeerDialer(node.peers(),
                (url, peer) -> links.dial(url, peer).thenApply(Link::peerAddrs),
                peer -> links.link(peer).isPresent(),
                () -> (int) links.links().stream().filter(Link::isOpen).count(),
                config.discoveryAutoDial(), config.maxLinks());
        GossipOperations.register(router.nodeOperations(), node.service());
        router.nodeOperations().addAgentSource(new RegistryAgentSource(node.registry(), node.peers()));
        router.setBalancer(new RegistryBalancer(node.registry(),
                new ReplicaBalancer(identity.nodeId(), settings, System::nanoTime)));
        agents.addListener(new AgentListener() {
            @Override
            public void agentRegistered(AgentDefinition agent) {
                republish();
            }

            @Override
            public void agentUnregistered(String agentId) {
                republish();
            }
        });
        republish();
        int known = node.peers().size();
        scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "agentmesh-registry");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.execute(this::dialDue);
        long period = settings.roundInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
        LOG.info(() -> "registry started: " + known + " peers in the peer book, auto-dial "
                + config.discoveryAutoDial() + ", max links " + config.maxLinks());
    }

    /** The running registry, or null before {@link #start}. */
    public RegistryNode node() {
        return node;
    }

    @PreDestroy
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
    }

    private void republish() {
        RegistryNode n = node;
        if (n == null) {
            return;
        }
        List<AgentInfo> infos = new ArrayList<>();
        for (AgentDefinition agent : agents.agents()) {
            try {
                infos.add(advertised(agent));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "agent " + agent.id() + " left out of this node's advert: " + e.getMessage());
            }
        }
        try {
            n.publish(config.advertise(), infos);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "advert of this node not published: " + e.getMessage());
        }
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

    private void round() {
        try {
            for (Link link : links.links()) {
                // peers that accept no connections (clients, tools) take no part in gossip
                if (link.isOpen() && !link.peerAddrs().isEmpty()) {
                    try {
                        node.peers().markSeen(link.peer(), null, link.peerAddrs());
                    } catch (IllegalArgumentException e) {
                        LOG.log(Level.FINE, () -> "peer " + link.peer() + " advertises unusable addrs: " + e.getMessage());
                    }
                }
            }
            dialDue();
            node.tick().exceptionally(e -> {
                LOG.log(Level.FINE, () -> "gossip round failed: " + e);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "registry round failed: " + e);
        }
    }

    private void dialDue() {
        try {
            dialer.dialDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dialing learned peers failed: " + e);
        }
    }

    private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
