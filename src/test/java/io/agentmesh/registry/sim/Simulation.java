package io.agentmesh.registry.sim;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.AdvertOpener;
import io.agentmesh.registry.AdvertVerifier;
import io.agentmesh.registry.AdvertisedTool;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.registry.RegistryNode;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.registry.RoundStats;
import io.agentmesh.registry.ToolAnnotations;
import io.agentmesh.testsupport.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * N registry nodes in one JVM (docs/registry.md §7): identities, agents and a sparse random topology
 * drawn from one seed; gossip over a {@link SimNetwork}; synchronous rounds on a shared simulated
 * clock. Each node starts knowing only a few peers: the next one on a random cycle (so the graph is
 * connected) and {@code extraPeers} more at random. It learns the others from adverts and peer
 * exchange.
 */
public final class Simulation {

    /** One simulated node. */
    public static final class Node {
        private final NodeIdentity identity;
        private final RegistryNode registry;
        private boolean alive = true;

        Node(NodeIdentity identity, RegistryNode registry) {
            this.identity = identity;
            this.registry = registry;
        }

        public NodeId id() {
            return identity.nodeId();
        }

        public NodeIdentity identity() {
            return identity;
        }

        public RegistryNode registry() {
            return registry;
        }

        public boolean alive() {
            return alive;
        }
    }

    private final RegistrySettings settings;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final SimNetwork network;
    private final List<Node> nodes = new ArrayList<>();
    private final SharedVerificationCache cache;
    private RoundStats totals = RoundStats.NONE;
    private int rounds;

    /**
     * @param sharedCache share one {@link SharedVerificationCache} among the nodes (else each verifies
     *                    every envelope itself)
     */
    public Simulation(int n, long seed, RegistrySettings settings, int extraPeers, boolean sharedCache,
                      boolean measureBytes) {
        this.settings = settings;
        this.network = new SimNetwork(measureBytes);
        Random random = new Random(seed);
        AdvertOpener verifier = new AdvertVerifier(settings);
        this.cache = sharedCache ? new SharedVerificationCache(verifier) : null;
        for (int i = 0; i < n; i++) {
            byte[] seedBytes = new byte[32];
            random.nextBytes(seedBytes);
            NodeIdentity id = NodeIdentity.fromPrivateKey(seedBytes);
            RegistryNode node = new RegistryNode(id, settings, clock, new Random(random.nextLong()),
                    network.transportFor(id.nodeId()), cache != null ? cache : new AdvertVerifier(settings), null);
            network.attach(id.nodeId(), node.service()::handle);
            nodes.add(new Node(id, node));
        }
        for (int i = 0; i < n; i++) {
            nodes.get(i).registry().publish(List.of(addr(i)), agentsOf(i));
        }
        // a random cycle keeps the graph connected; a few random links more make it a sparse random graph
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        for (int k = 0; k < n && n > 1; k++) {
            Node a = nodes.get(order.get(k));
            Node b = nodes.get(order.get((k + 1) % n));
            a.registry().addPeer(b.id(), null, List.of(addr(nodes.indexOf(b))));
            Set<Integer> extra = new LinkedHashSet<>();
            while (extra.size() < Math.min(extraPeers, n - 2)) {
                int j = random.nextInt(n);
                if (j != order.get(k) && j != order.get((k + 1) % n)) {
                    extra.add(j);
                }
            }
            for (int j : extra) {
                a.registry().addPeer(nodes.get(j).id(), null, List.of(addr(j)));
            }
        }
    }

    private static String addr(int i) {
        return "ws://127.0.0.1:" + (20000 + i) + "/mesh";
    }

    /** Node i hosts one of 50 agent kinds, so most agents have several replicas. */
    private static List<AgentInfo> agentsOf(int i) {
        String id = "agent-" + (i % 50);
        return List.of(new AgentInfo(id, "Agent kind " + (i % 50), List.of(
                new AdvertisedTool("lookup", new ToolAnnotations(true, false, true, false)),
                new AdvertisedTool("update", new ToolAnnotations(false, true, false, false))), 1, 1));
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public ManualClock clock() {
        return clock;
    }

    public SimNetwork network() {
        return network;
    }

    public RegistrySettings settings() {
        return settings;
    }

    /** The shared cache, or null. */
    public SharedVerificationCache cache() {
        return cache;
    }

    public int rounds() {
        return rounds;
    }

    public RoundStats totals() {
        return totals;
    }

    public List<Node> alive() {
        return nodes.stream().filter(Node::alive).toList();
    }

    /** Stops a node: it neither gossips nor answers any more. */
    public void stop(Node node) {
        node.alive = false;
        network.detach(node.id());
    }

    /** Advances the clock by one round interval, then every live node runs one gossip round. */
    public RoundStats round() {
        clock.advance(settings.roundInterval());
        List<CompletableFuture<RoundStats>> all = new ArrayList<>();
        for (Node n : nodes) {
            if (n.alive) {
                all.add(n.registry().tick().toCompletableFuture());
            }
        }
        network.drain();
        RoundStats sum = RoundStats.NONE;
        for (CompletableFuture<RoundStats> f : all) {
            if (!f.isDone()) {
                throw new IllegalStateException("a gossip round did not finish after the network drained");
            }
            sum = sum.plus(f.join());
        }
        rounds++;
        totals = totals.plus(sum);
        return sum;
    }

    /** True when every live node holds every live node's current advert. */
    public boolean converged() {
        List<Node> live = alive();
        for (Node holder : live) {
            if (holder.registry().registry().size() < live.size()) {
                return false; // cheap first look: someone still lacks adverts
            }
        }
        for (Node holder : live) {
            var digest = holder.registry().registry().digest();
            for (Node n : live) {
                if (digest.seq(n.id().value()) != n.registry().ownAdvert().advert().seq()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Runs rounds until converged or {@code maxRounds} have run; returns the rounds run (-1 if not converged). */
    public int runUntilConverged(int maxRounds) {
        for (int r = 1; r <= maxRounds; r++) {
            round();
            if (converged()) {
                return r;
            }
        }
        return -1;
    }

    /** How many live nodes still hold an advert of {@code node}. */
    public long holdersOf(Node node) {
        return alive().stream().filter(n -> n.registry().registry().get(node.id()).isPresent()).count();
    }
}
