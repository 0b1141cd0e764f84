package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.RouteMetadata;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hostile relay played by a test between two real nodes that have no link to each other. It is a mesh
 * peer with a fresh identity of its own that links to both as a client (wire-v1 §1: no {@code addrs}), tells
 * each that it reaches the other in one hop ({@code node/routes}, docs/protocol.md "Routes between nodes"),
 * and forwards what arrives for the other node as a forwarder does (wire-v1 §5.3): a request goes on with a
 * link-local id of the outgoing link and its ttl decremented, and its response comes back with the original
 * id; a notification for the other node goes on with its ttl decremented; {@code notifications/progress}
 * goes back by its token. ({@code notifications/cancelled} is not mapped to the outgoing link's ids.)
 * <p>
 * It records every application message it is given to forward, as the text it received (its {@link #log()}),
 * and can be told to tamper with sealed boxes, or drop what it would forward ({@link #mode(Mode)}), and to
 * send a sealed request it forwarded once more ({@link #replayLastSealed()}). It answers the nodes' own
 * requests to it as a node would: {@code node/ping}, {@code node/get_info} (wire-v1 §5.4), −32601 for any
 * other operation, −32060 for another node; it ignores their route announcements.
 */
public final class LoggingRelay implements AutoCloseable {

    /** What the relay does with what it forwards. */
    public enum Mode {
        /** Passes everything on. */
        FORWARD,
        /** Flips one character inside the {@code box} of every {@code node/sealed} request. */
        TAMPER_REQUESTS,
        /** Flips one character inside the {@code box} of every sealed result. */
        TAMPER_RESPONSES,
        /** Passes nothing on (requests, responses, notifications). */
        DROP
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(60);
    private static final int HOLD_MS = 3_600_000;
    private static final String SEALED = ":node/sealed";

    private final NodeIdentity identity;
    private final long startedMillis = System.currentTimeMillis();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> faults = new CopyOnWriteArrayList<>();
    private final AtomicInteger tampered = new AtomicInteger();
    private final Map<String, Side> progress = new ConcurrentHashMap<>();
    private final AtomicReference<Recorded> lastSealed = new AtomicReference<>();
    private volatile List<Side> sides = List.of();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;

    /** One of the two links, and what is waiting for an answer on it. */
    private final class Side {
        private final RawLink link;
        private final NodeId node;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
        private Side other;

        Side(RawLink link, NodeId node) {
            this.link = link;
            this.node = node;
        }

        /** Sends one application message (encrypting and sending in one step: the link's nonces go in order). */
        synchronized void send(String json) throws Exception {
            link.send(json);
        }

        void read() {
            while (!closed) {
                try {
                    Optional<String> message = link.poll(POLL);
                    if (message.isPresent()) {
                        handle(this, message.get());
                    } else if (link.socket().isClosed()) {
                        return;
                    }
                } catch (Exception | AssertionError e) {
                    if (!closed) {
                        faults.add("link to " + node + ": " + e);
                    }
                    return;
                }
            }
        }
    }

    /** A request forwarded (answer to {@code back} with {@code id}) or sent by the relay itself ({@code own}). */
    private record Pending(Side back, JsonValue id, String progressToken, CompletableFuture<JsonObject> own) { }

    /** A sealed request as it was forwarded (without its id), and the side it went to. */
    private record Recorded(Side to, JsonObject request) { }

    private LoggingRelay(NodeIdentity identity) {
        this.identity = identity;
    }

    /**
     * Links to the node {@code nodeA} at {@code urlA} and to {@code nodeB} at {@code urlB}, starts forwarding,
     * and announces to each a route to the other through itself.
     */
    public static LoggingRelay between(String urlA, NodeId nodeA, String urlB, NodeId nodeB) throws Exception {
        LoggingRelay relay = new LoggingRelay(NodeIdentity.generate(new SecureRandom()));
        RawLink linkA = RawLink.open(urlA, nodeA, relay.identity);
        RawLink linkB;
        try {
            linkB = RawLink.open(urlB, nodeB, relay.identity);
        } catch (Exception | AssertionError e) {
            linkA.close();
            throw e;
        }
        Side a = relay.new Side(linkA, nodeA);
        Side b = relay.new Side(linkB, nodeB);
        a.other = b;
        b.other = a;
        relay.sides = List.of(a, b);
        for (Side side : List.of(a, b)) {
            Thread reader = new Thread(side::read, "logging-relay-" + side.node.value().substring(0, 8));
            reader.setDaemon(true);
            reader.start();
        }
        relay.announce(a);
        relay.announce(b);
        return relay;
    }

    public NodeId nodeId() {
        return identity.nodeId();
    }

    /** From now on, does {@code mode} with what it forwards. */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Every application message given to the relay to forward so far, as the text it received. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** How many boxes the relay has tampered with. */
    public int tampered() {
        return tampered.get();
    }

    /** What went wrong in the relay itself (a link that failed under it), for the test to assert none. */
    public List<String> faults() {
        return List.copyOf(faults);
    }

    /**
     * Sends the last {@code node/sealed} request it forwarded (untampered) once more to the same node, with a
     * new id, and returns the node's answer.
     */
    public JsonObject replayLastSealed() throws Exception {
        Recorded recorded = lastSealed.get();
        if (recorded == null) {
            throw new IllegalStateException("no sealed request forwarded yet");
        }
        int id = recorded.to.ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        recorded.to.pending.put(id, new Pending(null, null, null, answer));
        recorded.to.send(Json.createObjectBuilder(recorded.request).add("id", id).build().toString());
        return answer.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void announce(Side to) throws Exception {
        to.send("{\"jsonrpc\":\"2.0\",\"method\":\"node/routes\",\"params\":{\"seq\":1,\"hold_ms\":" + HOLD_MS
                + ",\"routes\":[{\"node\":\"" + nodeId().value() + "\",\"hops\":0,\"addrs\":[]},"
                + "{\"node\":\"" + to.other.node.value() + "\",\"hops\":1,\"addrs\":[]}]}}");
    }

    private void handle(Side from, String text) throws Exception {
        JsonObject message;
        try (var reader = Json.createReader(new StringReader(text))) {
            message = reader.readObject();
        } catch (RuntimeException e) {
            return;     // not an object: a node sends none
        }
        String method = message.get("method") instanceof JsonString s ? s.getString() : null;
        if (method == null) {
            answered(from, message, text);
        } else if (from.other.node.equals(nodePart(method))) {
            forward(from, message, method, text);
        } else if (message.containsKey("id")) {
            serve(from, message, method);
        } else if ("notifications/progress".equals(method)) {
            progressBack(from, message, text);
        }
        // else: a route announcement, or another notification to the relay: ignored
    }

    private void forward(Side from, JsonObject message, String method, String text) throws Exception {
        log.add(text);
        Mode now = mode;
        if (now == Mode.DROP) {
            return;
        }
        boolean request = message.containsKey("id");
        JsonObject params = message.get("params") instanceof JsonObject p ? p : null;
        Optional<RouteMetadata> route = RouteMetadata.readQuietly(params);
        if (route.isPresent() && route.get().ttl() == 0) {
            if (request) {
                from.send(error(message.get("id"), -32063, "ttl exceeded", from.other.node));
            }
            return;
        }
        RouteMetadata next = route.orElseGet(() -> new RouteMetadata(8, from.node.value(), "relay-" + startedMillis))
                .decremented();
        JsonObject outParams = RouteMetadata.write(params, next);
        boolean sealed = request && method.endsWith(SEALED);
        if (sealed && now == Mode.TAMPER_REQUESTS && outParams.containsKey("box")) {
            outParams = flipBox(outParams);
        }
        JsonObject out = Json.createObjectBuilder(message).add("params", outParams).build();
        Side to = from.other;
        if (request) {
            String token = progressToken(params);
            if (token != null) {
                progress.put(token, from);
            }
            if (sealed && now != Mode.TAMPER_REQUESTS) {
                lastSealed.set(new Recorded(to, out));
            }
            int id = to.ids.incrementAndGet();
            to.pending.put(id, new Pending(from, message.get("id"), token, null));
            out = Json.createObjectBuilder(out).add("id", id).build();
        }
        to.send(out.toString());
    }

    /** A response on {@code from}'s link: to a request forwarded there, or to the relay's own. */
    private void answered(Side from, JsonObject message, String text) throws Exception {
        if (!(message.get("id") instanceof JsonNumber number) || !number.isIntegral()) {
            return;
        }
        Pending pending = from.pending.remove(number.intValue());
        if (pending == null) {
            return;
        }
        if (pending.own != null) {
            pending.own.complete(message);
            return;
        }
        if (pending.progressToken != null) {
            progress.remove(pending.progressToken);
        }
        log.add(text);
        Mode now = mode;
        if (now == Mode.DROP) {
            return;
        }
        JsonObject out = message;
        if (now == Mode.TAMPER_RESPONSES && message.get("result") instanceof JsonObject result
                && result.containsKey("box")) {
            out = Json.createObjectBuilder(message).add("result", flipBox(result)).build();
        }
        pending.back.send(Json.createObjectBuilder(out).add("id", pending.id).build().toString());
    }

    private void progressBack(Side from, JsonObject message, String text) throws Exception {
        String token = message.get("params") instanceof JsonObject p ? progressToken(p.get("progressToken")) : null;
        Side back = token == null ? null : progress.get(token);
        if (back != null && back != from) {
            log.add(text);
            if (mode != Mode.DROP) {
                back.send(text);
            }
        }
    }

    /** Serves a node's own request to the relay. */
    private void serve(Side from, JsonObject message, String method) throws Exception {
        JsonValue id = message.get("id");
        NodeId target = nodePart(method);
        if (target != null && !target.equals(nodeId())) {
            from.send(error(id, -32060, "no route to " + target, target));
            return;
        }
        String op = method.substring(method.indexOf(':') + 1);
        JsonObject result = switch (op) {
            case "node/ping" -> JsonValue.EMPTY_JSON_OBJECT;
            case "node/get_info" -> Json.createObjectBuilder().add("node_id", nodeId().value())
                    .add("identity", identity.publicKeyBase64Url()).add("addrs", JsonValue.EMPTY_JSON_ARRAY)
                    .add("agents", JsonValue.EMPTY_JSON_ARRAY).add("software", "logging-relay/1")
                    .add("uptime_ms", System.currentTimeMillis() - startedMillis).build();
            default -> null;
        };
        from.send(result != null
                ? Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("result", result).build().toString()
                : error(id, -32601, "method not found: " + method, null));
    }

    /** {@code holder} with one character in the middle of its {@code box} changed (still base64url). */
    private JsonObject flipBox(JsonObject holder) {
        String box = holder.getString("box");
        int at = box.length() / 2;
        char flipped = box.charAt(at) == 'A' ? 'B' : 'A';
        tampered.incrementAndGet();
        return Json.createObjectBuilder(holder).add("box", box.substring(0, at) + flipped + box.substring(at + 1)).build();
    }

    private static NodeId nodePart(String method) {
        int colon = method.indexOf(':');
        String node = colon < 0 ? null : method.substring(0, colon);
        return node != null && NodeId.isNodeId(node) ? NodeId.of(node) : null;
    }

    private static String progressToken(JsonObject params) {
        return params != null && params.get("_meta") instanceof JsonObject meta ? progressToken(meta.get("progressToken")) : null;
    }

    private static String progressToken(JsonValue token) {
        return token == null ? null : token.toString();
    }

    private static String error(JsonValue id, int code, String message, NodeId node) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message);
        if (node != null) {
            error.add("data", Json.createObjectBuilder().add("node", node.value()));
        }
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("error", error).build().toString();
    }

    @Override
    public void close() {
        closed = true;
        for (Side side : sides) {
            side.link.close();
        }
    }
}
