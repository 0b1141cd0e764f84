package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The params of a {@code node/routes} notification (docs/protocol.md, "Additions to wire-v1"): the
 * nodes the sender reaches and in how many hops, itself at 0, as a full snapshot that replaces every
 * earlier announcement of the same link.
 * <pre>
 * {"seq": 17, "hold_ms": 90000,
 *  "routes": [{"node": "&lt;node id&gt;", "hops": 0, "addrs": ["ws://127.0.0.1:9101/mesh"]}, ...]}
 * </pre>
 *
 * @param seq    increases with every announcement the sender makes on the link, 0 to 2^53 − 1
 * @param hold   how long the receiver keeps these routes without a newer announcement, 1 s to 1 h
 * @param routes at most one entry per node
 */
public record RouteAnnouncement(long seq, Duration hold, List<Entry> routes) {

    /** The method of the notification; it is never forwarded. */
    public static final String METHOD = "node/routes";
    /** Largest hop count on the wire; any count above the receiver's hop limit means unreachable. */
    public static final int MAX_WIRE_HOPS = 255;
    /** Most addresses per entry. */
    public static final int MAX_ADDRS = 8;
    /** Longest address. */
    public static final int MAX_ADDR_LENGTH = 512;
    /** Largest {@code seq}: the largest integer a JSON number carries exactly in every language. */
    public static final long MAX_SEQ = (1L << 53) - 1;

    /**
     * One reachable node.
     *
     * @param node  its id
     * @param hops  links between the sender and it: 0 for the sender itself, 1 for the sender's direct peers
     * @param addrs where it accepts links, as known to the sender (may be empty)
     */
    public record Entry(NodeId node, int hops, List<String> addrs) {
        public Entry {
            Objects.requireNonNull(node, "node");
            if (hops < 0 || hops > MAX_WIRE_HOPS) {
                throw new IllegalArgumentException("hops must be 0 to " + MAX_WIRE_HOPS + ": " + hops);
            }
            addrs = List.copyOf(addrs);
        }

        /** {@code {"node", "hops", "addrs"}}, as in an announcement's {@code routes}. */
        public JsonObject toJson() {
            JsonArrayBuilder list = Json.createArrayBuilder();
            addrs.forEach(list::add);
            return Json.createObjectBuilder().add("node", node.value()).add("hops", hops).add("addrs", list).build();
        }
    }

    public RouteAnnouncement {
        if (seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("seq must be 0 to 2^53 - 1: " + seq);
        }
        Objects.requireNonNull(hold, "hold");
        if (hold.compareTo(RoutingSettings.Routes.MIN_HOLD) < 0
                || hold.compareTo(RoutingSettings.Routes.MAX_HOLD) > 0) {
            throw new IllegalArgumentException("hold must be 1 s to 1 h: " + hold);
        }
        routes = List.copyOf(routes);
    }

    public JsonObject toJson() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Entry e : routes) {
            list.add(e.toJson());
        }
        return Json.createObjectBuilder().add("seq", seq).add("hold_ms", hold.toMillis()).add("routes", list).build();
    }

    /**
     * Reads and checks an announcement; one bad member rejects the whole of it.
     *
     * @param maxEntries the most entries accepted
     * @throws JsonRpcException {@code -32602} naming what is wrong
     */
    public static RouteAnnouncement read(JsonValue params, int maxEntries) throws JsonRpcException {
        if (!(params instanceof JsonObject object)) {
            throw invalid("params must be an object");
        }
        long seq = longIn(object.get("seq"), "seq", 0, MAX_SEQ);
        long holdMs = longIn(object.get("hold_ms"), "hold_ms", RoutingSettings.Routes.MIN_HOLD.toMillis(),
                RoutingSettings.Routes.MAX_HOLD.toMillis());
        if (!(object.get("routes") instanceof JsonArray routes)) {
            throw invalid("routes must be an array");
        }
        if (routes.size() > maxEntries) {
            throw invalid("routes has " + routes.size() + " entries, more than " + maxEntries);
        }
        List<Entry> entries = new ArrayList<>(routes.size());
        Set<NodeId> seen = new HashSet<>();
        for (JsonValue value : routes) {
            Entry entry = entry(value);
            if (!seen.add(entry.node())) {
                throw invalid("node " + entry.node() + " appears twice");
            }
            entries.add(entry);
        }
        return new RouteAnnouncement(seq, Duration.ofMillis(holdMs), entries);
    }

    private static Entry entry(JsonValue value) throws JsonRpcException {
        if (!(value instanceof JsonObject e)) {
            throw invalid("each route must be an object");
        }
        if (!(e.get("node") instanceof JsonString node) || !NodeId.isNodeId(node.getString())) {
            throw invalid("node must be a node id");
        }
        int hops = (int) longIn(e.get("hops"), "hops", 0, MAX_WIRE_HOPS);
        List<String> addrs = new ArrayList<>();
        JsonValue list = e.get("addrs");
        if (list != null && list != JsonValue.NULL) {
            if (!(list instanceof JsonArray array) || array.size() > MAX_ADDRS) {
                throw invalid("addrs must be an array of at most " + MAX_ADDRS + " URLs");
            }
            for (JsonValue addr : array) {
                if (!(addr instanceof JsonString s) || !isMeshUrl(s.getString())) {
                    throw invalid("addrs must hold ws:// or wss:// URLs of at most " + MAX_ADDR_LENGTH + " characters");
                }
                addrs.add(s.getString());
            }
        }
        return new Entry(NodeId.of(node.getString()), hops, addrs);
    }

    /** The mesh URLs of {@code addrs}, each once, at most {@value #MAX_ADDRS}. */
    static List<String> limitAddrs(List<String> addrs) {
        List<String> kept = new ArrayList<>();
        for (String a : addrs) {
            if (kept.size() < RouteAnnouncement.MAX_ADDRS && RouteAnnouncement.isMeshUrl(a) && !kept.contains(a)) {
                kept.add(a);
            }
        }
        return List.copyOf(kept);
    }

    /** True for a {@code ws://} or {@code wss://} URL with a host, of at most {@value #MAX_ADDR_LENGTH} characters. */
    public static boolean isMeshUrl(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_ADDR_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static long longIn(JsonValue value, String name, long min, long max) throws JsonRpcException {
        if (!(value instanceof JsonNumber n) || !n.isIntegral()) {
            throw invalid(name + " must be an integer");
        }
        long v;
        try {
            v = n.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(name + " is out of range");
        }
        if (v < min || v > max) {
            throw invalid(name + " must be " + min + " to " + max);
        }
        return v;
    }

    private static JsonRpcException invalid(String why) {
        return new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid params: bad " + METHOD + ": " + why);
    }
}
