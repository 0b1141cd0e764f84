package io.agentmesh.routing;

import io.agentmesh.json.Json;
import io.agentmesh.transport.PeerInfo;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node operations of wire-v1 §5.4 ({@code node/get_info}, {@code node/list_agents},
 * {@code node/list_peers}, {@code node/ping}, {@code node/find_agents}), plus any a node adds with
 * {@link #add}. An unknown operation is {@code -32601}. Thread-safe.
 */
public final class NodeOperations {

    /** One node operation: its result for the given params (an object, empty when absent). */
    @FunctionalInterface
    public interface Operation {
        JsonValue apply(JsonObject params, CallContext context) throws JsonRpcException;
    }

    private final NodeInfo node;
    private final AgentDirectory agents;
    private final LinkDirectory links;
    private final Clock clock;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final List<AgentSource> sources = new CopyOnWriteArrayList<>();

    public NodeOperations(NodeInfo node, AgentDirectory agents, LinkDirectory links, Clock clock) {
        this.node = Objects.requireNonNull(node, "node");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.links = Objects.requireNonNull(links, "links");
        this.clock = Objects.requireNonNull(clock, "clock");
        sources.add(AgentSource.local(node.nodeId(), agents));
        operations.put("get_info", (p, c) -> getInfo());
        operations.put("list_agents", (p, c) -> listAgents());
        operations.put("list_peers", (p, c) -> listPeers());
        operations.put("ping", (p, c) -> JsonValue.EMPTY_JSON_OBJECT);
        operations.put("find_agents", (p, c) -> findAgents(p));
    }

    /** Adds an operation (e.g. registry gossip); refuses to replace one that exists. */
    public void add(String op, Operation operation) {
        Objects.requireNonNull(operation, "operation");
        if (operations.putIfAbsent(op, operation) != null) {
            throw new IllegalArgumentException("node operation already defined: " + op);
        }
    }

    /** Adds a source of agents for {@code node/find_agents}, after this node's own. */
    public void addAgentSource(AgentSource source) {
        sources.add(Objects.requireNonNull(source, "source"));
    }

    /** Runs {@code node/<op>}. */
    public JsonValue handle(String op, JsonObject params, CallContext context) throws JsonRpcException {
        Operation operation = operations.get(op);
        if (operation == null) {
            throw new JsonRpcException(JsonRpc.METHOD_NOT_FOUND, "method not found: unknown node operation node/" + op);
        }
        return operation.apply(params == null ? JsonValue.EMPTY_JSON_OBJECT : params, context);
    }

    private JsonObject getInfo() {
        return Json.createObjectBuilder()
                .add("node_id", node.nodeId().value())
                .add("identity", node.identityKey())
                .add("addrs", strings(node.addrs()))
                .add("agents", strings(agents.agentIds()))
                .add("software", node.software())
                .add("uptime_ms", Math.max(0, clock.millis() - node.startedAt().toEpochMilli()))
                .build();
    }

    private JsonObject listAgents() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        agents.describe().forEach(list::add);
        return Json.createObjectBuilder().add("agents", list).build();
    }

    private JsonObject listPeers() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (PeerInfo peer : links.peers()) {
            var entry = Json.createObjectBuilder();
            if (peer.nodeId() == null) {
                entry.addNull("node_id");
            } else {
                entry.add("node_id", peer.nodeId().value());
            }
            list.add(entry.add("addrs", strings(peer.addrs()))
                    .add("connected", peer.connected())
                    .add("last_seen_ms", peer.lastSeenMillis()));
        }
        return Json.createObjectBuilder().add("peers", list).build();
    }

    private JsonObject findAgents(JsonObject params) throws JsonRpcException {
        String agent = optionalString(params, "agent");
        String tool = optionalString(params, "tool");
        String text = optionalString(params, "text");
        String needle = text == null ? null : text.toLowerCase(Locale.ROOT);
        JsonArrayBuilder found = Json.createArrayBuilder();
        Set<String> seen = new HashSet<>();
        for (AgentSource source : sources) {
            for (AgentListing listing : source.agents()) {
                if ((agent == null || agent.equals(listing.agent()))
                        && (tool == null || listing.tools().contains(tool))
                        && (needle == null || mentions(listing, needle))
                        && seen.add(listing.address())) {
                    found.add(listing.toJson());
                }
            }
        }
        return Json.createObjectBuilder().add("agents", found).build();
    }

    private static boolean mentions(AgentListing listing, String needle) {
        List<String> words = new ArrayList<>(listing.tools());
        words.add(listing.agent());
        words.add(listing.title());
        words.add(listing.description());
        return words.stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).contains(needle));
    }

    private static String optionalString(JsonObject params, String name) throws JsonRpcException {
        JsonValue value = params.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString s)) {
            throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid params: " + name + " must be a string");
        }
        return s.getString();
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        values.forEach(b::add);
        return b;
    }
}
