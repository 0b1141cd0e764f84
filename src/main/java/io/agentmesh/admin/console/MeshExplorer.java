package io.agentmesh.admin.console;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Builds the {@link MeshView}: asks every known node, through the mesh entry, for {@code node/get_info},
 * {@code node/list_agents} and {@code node/list_peers} (wire-v1 §5.4), all at once with a deadline.
 * Nodes that a peer reports but that were not known are asked in a next round, up to a limit, so the
 * picture reaches beyond this node's own links. A view is reused for a short while, so that several
 * dashboards polling at once cost the mesh one round of requests.
 */
public final class MeshExplorer {

    /** Most nodes asked for one view. */
    public static final int MAX_NODES = 128;

    private final ConsoleRequests client;
    private final Supplier<Collection<NodeId>> knownNodes;
    private final Clock clock;
    private final Duration deadline;
    private final Duration reuseFor;
    private final Object lock = new Object();
    private CompletableFuture<MeshView> current;
    private Instant currentAt = Instant.MIN;

    /**
     * @param knownNodes the nodes to start from (peers, registry), besides this one
     * @param deadline   how long to wait for each node's answers
     * @param reuseFor   how long a view is served again before the nodes are asked anew
     */
    public MeshExplorer(ConsoleRequests client, Supplier<Collection<NodeId>> knownNodes, Clock clock, Duration deadline,
                        Duration reuseFor) {
        this.client = Objects.requireNonNull(client, "client");
        this.knownNodes = Objects.requireNonNull(knownNodes, "knownNodes");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.reuseFor = Objects.requireNonNull(reuseFor, "reuseFor");
    }

    /** The current view: a recent one, or a new one once the nodes have answered. */
    public CompletableFuture<MeshView> view() {
        synchronized (lock) {
            Instant now = clock.instant();
            if (current != null && (!current.isDone() || now.isBefore(currentAt.plus(reuseFor)))) {
                return current;
            }
            currentAt = now;
            current = explore();
            return current;
        }
    }

    private CompletableFuture<MeshView> explore() {
        Set<NodeId> start = new LinkedHashSet<>();
        start.add(client.self());
        start.addAll(knownNodes.get());
        Map<NodeId, MeshView.Node> nodes = new HashMap<>();
        Set<List<String>> edges = new java.util.HashSet<>();
        return round(start, nodes, edges).thenApply(done -> {
            List<MeshView.Node> ordered = new ArrayList<>();
            ordered.add(nodes.get(client.self()));
            nodes.values().stream().filter(n -> !n.self())
                    .sorted(java.util.Comparator.comparing(MeshView.Node::nodeId)).forEach(ordered::add);
            List<MeshView.Edge> edgeList = edges.stream().map(e -> new MeshView.Edge(e.get(0), e.get(1)))
                    .sorted(java.util.Comparator.comparing(MeshView.Edge::a).thenComparing(MeshView.Edge::b))
                    .toList();
            return new MeshView(client.self().value(), clock.millis(), ordered, edgeList);
        });
    }

    /** Asks {@code batch}; then the nodes their peers named that are not asked yet. */
    private CompletableFuture<Void> round(Set<NodeId> batch, Map<NodeId, MeshView.Node> nodes, Set<List<String>> edges) {
        List<CompletableFuture<Probe>> probes = new ArrayList<>();
        for (NodeId node : batch) {
            if (nodes.size() + probes.size() >= MAX_NODES) {
                break;
            }
            probes.add(probe(node));
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            Set<NodeId> next = new TreeSet<>();
            synchronized (nodes) {
                for (CompletableFuture<Probe> f : probes) {
                    Probe p = f.join();
                    nodes.put(p.id, p.node);
                    for (NodeId peer : p.linkedPeers) {
                        String a = p.id.value();
                        String b = peer.value();
                        edges.add(a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a));
                        next.add(peer);
                    }
                }
                next.removeAll(nodes.keySet());
            }
            if (next.isEmpty() || nodes.size() >= MAX_NODES) {
                return CompletableFuture.completedFuture(null);
            }
            return round(next, nodes, edges);
        });
    }

    private record Probe(NodeId id, MeshView.Node node, List<NodeId> linkedPeers) {
    }

    private CompletableFuture<Probe> probe(NodeId node) {
        Instant sent = clock.instant();
        CompletableFuture<JsonRpc.Response> info = client.request(node, "node", "get_info", null, deadline);
        CompletableFuture<Duration> rtt = info.thenApply(r -> Duration.between(sent, clock.instant()));
        CompletableFuture<JsonRpc.Response> agents = client.request(node, "node", "list_agents", null, deadline);
        CompletableFuture<JsonRpc.Response> peers = client.request(node, "node", "list_peers", null, deadline);
        return CompletableFuture.allOf(rtt, agents, peers).thenApply(v -> {
            boolean self = node.equals(client.self());
            JsonRpc.Response i = info.join();
            if (i.isError() || !(i.result() instanceof JsonObject infoResult)) {
                String error = i.isError() ? i.error().code() + " " + i.error().message() : "bad node/get_info result";
                return new Probe(node, new MeshView.Node(node.value(), self, MeshView.Health.UNREACHABLE, error, null,
                        List.of(), null, null, List.of()), List.of());
            }
            MeshView.Node n = new MeshView.Node(node.value(), self, MeshView.Health.UP, null,
                    rtt.join().toNanos() / 1e6, strings(infoResult.get("addrs")),
                    infoResult.getString("software", null), longOrNull(infoResult.get("uptime_ms")),
                    agentSummaries(agents.join()));
            return new Probe(node, n, linkedPeers(peers.join()));
        });
    }

    /** The agents of a {@code node/list_agents} answer (none when it is an error). */
    public static List<MeshView.AgentSummary> agentSummaries(JsonRpc.Response response) {
        List<MeshView.AgentSummary> out = new ArrayList<>();
        if (response.isError() || !(response.result() instanceof JsonObject result)
                || !(result.get("agents") instanceof JsonArray list)) {
            return out;
        }
        for (JsonValue v : list) {
            if (v instanceof JsonObject a && a.get("id") instanceof JsonString id) {
                out.add(new MeshView.AgentSummary(id.getString(), a.getString("title", ""),
                        a.getString("description", ""), strings(a.get("tools")), a.getInt("resources", 0),
                        a.getInt("prompts", 0)));
            }
        }
        return out;
    }

    private static List<NodeId> linkedPeers(JsonRpc.Response response) {
        List<NodeId> out = new ArrayList<>();
        if (response.isError() || !(response.result() instanceof JsonObject result)
                || !(result.get("peers") instanceof JsonArray list)) {
            return out;
        }
        for (JsonValue v : list) {
            if (v instanceof JsonObject p && p.getBoolean("connected", false)
                    && p.get("node_id") instanceof JsonString id && NodeId.isNodeId(id.getString())) {
                out.add(NodeId.of(id.getString()));
            }
        }
        return out;
    }

    static List<String> strings(JsonValue value) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    private static Long longOrNull(JsonValue value) {
        return value instanceof JsonNumber n ? n.longValue() : null;
    }
}
