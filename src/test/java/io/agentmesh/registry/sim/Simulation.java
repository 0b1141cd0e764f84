package io.agentmesh.registry.sim;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.AdvertVerifier;
import io.agentmesh.registry.AdvertisedTool;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.registry.Registry;
import io.agentmesh.registry.RegistryNode;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.registry.RoundStats;
import io.agentmesh.registry.ToolAnnotations;
import io.agentmesh.testsupport.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * N registry nodes in one JVM (docs/registry.md §7): identities, agents and a sparse random topology
 * drawn from one seed; gossip over a {@link SimNetwork}; synchronous rounds on a shared simulated
 * clock. Each node starts knowing only a few peers: the next one on a random cycle (so the graph is
 * connected) and {@code extraPeers} more at random. It learns the others from adverts and peer
 * exchange. Nodes can leave and new ones join between rounds ({@link #churn}); a new node knows only a
 * few live nodes, as a bootstrap list.
 */
public final class Simulation {

    /** One simulated node. */
    public static final class Node {
        private final NodeIdentity identity;
        /** Null once stopped: a stopped process's state is gone, and 5,000 nodes' worth of it is gigabytes. */
        private RegistryNode registry;
        private final int index;
        private final int joined;
        /** What its last gossip round did. */
        private RoundStats last = RoundStats.NONE;

        Node(NodeIdentity identity, RegistryNode registry, int index, int joined) {
            this.identity = identity;
            this.registry = registry;
            this.index = index;
            this.joined = joined;
        }

        /** The round after which it joined: 0 for the nodes there from the start. */
        public int joined() {
            return joined;
        }

        public NodeId id() {
            return identity.nodeId();
        }

        public NodeIdentity identity() {
            return identity;
        }

        /** Its registry; a stopped node has none. */
        public RegistryNode registry() {
            if (registry == null) {
                throw new IllegalStateException("node " + id() + " was stopped");
            }
            return registry;
        }

        public boolean alive() {
            return registry != null;
        }

        /** What its last gossip round did ({@link RoundStats#NONE} before its first). */
        public RoundStats lastRound() {
            return last;
        }
    }

    private final RegistrySettings settings;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final SimNetwork network;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<NodeId, Node> byId = new HashMap<>();
    private final SharedVerificationCache cache;
    private final Random random;
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
        this.random = new Random(seed);
        this.cache = sharedCache ? new SharedVerificationCache(new AdvertVerifier(settings)) : null;
        for (int i = 0; i < n; i++) {
            newNode();
        }
        // a random cycle keeps the graph connected; a few random links more make it a sparse random graph
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
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

    /** A node with a fresh identity, its advert published, attached to the network, knowing no one. */
    private Node newNode() {
        int i = nodes.size();
        byte[] seedBytes = new byte[32];
        random.nextBytes(seedBytes);
        NodeIdentity id = NodeIdentity.fromPrivateKey(seedBytes);
        RegistryNode registry = new RegistryNode(id, settings, clock, new Random(random.nextLong()),
                network.transportFor(id.nodeId()), cache != null ? cache : new AdvertVerifier(settings), null);
        network.attach(id.nodeId(), registry.service()::handle);
        registry.publish(List.of(addr(i)), agentsOf(i));
        Node node = new Node(id, registry, i, rounds);
        nodes.add(node);
        byId.put(node.id(), node);
        return node;
    }

    /**
     * Between two rounds, {@code leaving} live nodes chosen at random stop (without a word, as a killed
     * process) and {@code joining} new nodes start, each knowing {@code bootstrap} live nodes at random.
     * Returns the new nodes.
     */
    public List<Node> churn(int leaving, int joining, int bootstrap) {
        List<Node> live = new ArrayList<>(alive());
        Collections.shuffle(live, random);
        for (Node n : live.subList(0, Math.min(leaving, live.size() - 1))) {
            stop(n);
        }
        List<Node> stayed = alive();
        List<Node> joined = new ArrayList<>(joining);
        for (int k = 0; k < joining; k++) {
            Node fresh = newNode();
            for (int b = 0; b < bootstrap; b++) {
                Node known = stayed.get(random.nextInt(stayed.size()));
                fresh.registry().addPeer(known.id(), null, List.of(addr(known.index)));
            }
            joined.add(fresh);
        }
        return joined;
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

    /** The node with this id (alive or stopped), or null. */
    public Node byId(NodeId id) {
        return byId.get(id);
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

    /** Stops a node: it neither gossips nor answers any more, and what it held is released. */
    public void stop(Node node) {
        node.registry = null;
        network.detach(node.id());
    }

    /** Advances the clock by one round interval, then every live node runs one gossip round. */
    public RoundStats round() {
        clock.advance(settings.roundInterval());
        Map<Node, CompletableFuture<RoundStats>> all = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.alive()) {
                all.put(n, n.registry().tick().toCompletableFuture());
            }
        }
        network.drain();
        RoundStats sum = RoundStats.NONE;
        for (var e : all.entrySet()) {
            if (!e.getValue().isDone()) {
                throw new IllegalStateException("a gossip round did not finish after the network drained");
            }
            e.getKey().last = e.getValue().join();
            sum = sum.plus(e.getKey().last);
        }
        rounds++;
        totals = totals.plus(sum);
        return sum;
    }

    /**
     * True when every live node that joined at or before round {@code since} holds an advert of every
     * other such node (any, not necessarily its newest).
     */
    public boolean knowEachOther(int since) {
        List<Node> old = alive().stream().filter(n -> n.joined <= since).toList();
        for (Node holder : old) {
            Registry held = holder.registry().registry();
            for (Node n : old) {
                if (held.get(n.id()).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * True when {@code node} holds an advert of every live node that joined at or before its own join, and
     * each of those holds one of {@code node}'s: the mesh it joined knows it, and it knows that mesh.
     */
    public boolean settledIn(Node node) {
        for (Node other : alive()) {
            if (other != node && other.joined <= node.joined
                    && (node.registry().registry().get(other.id()).isEmpty()
                    || other.registry().registry().get(node.id()).isEmpty())) {
                return false;
            }
        }
        return true;
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

    /**
     * These settings with the caps that a mesh's size calls for scaled by {@code scale} (at least 1): adverts
     * per message, new nodes per push, peers kept, adverts held in all, per agent and per relaying peer,
     * peers placed per source. With {@code N / 5000} a mesh of N nodes meets its caps as 5,000 nodes meet
     * the defaults, in a fraction of the time and memory.
     */
    public static RegistrySettings scaledCaps(RegistrySettings s, double scale) {
        return s.toBuilder()
                .maxAdvertsPerMessage(atLeastOne(s.maxAdvertsPerMessage() * scale))
                .maxNewAdvertsPerPush(atLeastOne(s.maxNewAdvertsPerPush() * scale))
                .maxPeers(atLeastOne(s.maxPeers() * scale))
                .maxAdverts(atLeastOne(s.maxAdverts() * scale))
                .maxAdvertsPerPeer(atLeastOne(s.maxAdvertsPerPeer() * scale))
                .maxAdvertsPerAgent(atLeastOne(s.maxAdvertsPerAgent() * scale))
                .maxPeersPerSource(atLeastOne(s.maxPeersPerSource() * scale))
                .build();
    }

    private static int atLeastOne(double v) {
        return Math.max(1, (int) Math.round(v));
    }
}
