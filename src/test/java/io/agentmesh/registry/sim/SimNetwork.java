package io.agentmesh.registry.sim;

import io.agentmesh.identity.NodeId;
import io.agentmesh.registry.GossipTransport;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * In-memory transport for the registry's node operations: requests wait in a queue and are delivered
 * in ticks. In one tick every queued request is served against its receiver's state at that moment,
 * then all answers are handed back (which may queue the next requests, for the next tick). So within
 * a gossip round nothing travels two hops that would need two round trips on a real network. Counts
 * messages (requests and responses) per sending node, and their compact JSON size when asked to;
 * remembers who talked to whom; can let a hostile node rewrite what it sends, and lose messages: with
 * {@link #lose}, each request and each response is lost with the given probability (a lost request is
 * never served; a lost response was served, and its sender's state changed, but never arrives). Either
 * way the caller's answer fails as on a timeout. Single-threaded and deterministic.
 */
public final class SimNetwork {

    /** Serves one request for a node (its GossipService, or something hostile). */
    @FunctionalInterface
    public interface Handler {
        JsonObject handle(String method, JsonObject params, NodeId from) throws JsonRpcException;
    }

    /** Rewrites what a node sends: its requests' params and its results. For hostile nodes. */
    @FunctionalInterface
    public interface Tamper {
        JsonObject rewrite(String method, JsonObject body, boolean isResult);
    }

    /** Sees the fate of every request, for diagnosis. */
    public interface Tap {
        /**
         * @param result the response, or null when the request was lost, its receiver was down or it
         *               answered an error
         * @param fate   what became of it
         */
        void seen(NodeId from, NodeId to, String method, JsonObject params, JsonObject result, Fate fate);
    }

    /** What became of one request. */
    public enum Fate { DELIVERED, REQUEST_LOST, RESPONSE_LOST, DOWN, ERROR }

    private record Pending(NodeId from, NodeId to, String method, JsonObject params,
                           CompletableFuture<JsonObject> answer) {
    }

    private final Map<NodeId, Handler> handlers = new HashMap<>();
    private final Map<NodeId, Tamper> tampers = new HashMap<>();
    private final Map<NodeId, Set<NodeId>> contacts = new HashMap<>();
    private final Map<NodeId, long[]> sent = new HashMap<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final boolean measureBytes;
    private final JsonSize sizes = new JsonSize();
    private Tap tap = (from, to, method, params, result, fate) -> { };
    private double lossProbability;
    private Random lossRandom;
    private long lost;
    private long messages;
    private long bytes;

    public SimNetwork(boolean measureBytes) {
        this.measureBytes = measureBytes;
    }

    public void attach(NodeId node, Handler handler) {
        handlers.put(node, handler);
    }

    /** From now on, each message is lost with {@code probability}, drawn from {@code random}. */
    public void lose(double probability, Random random) {
        this.lossProbability = probability;
        this.lossRandom = random;
    }

    private boolean lost() {
        if (lossProbability > 0 && lossRandom.nextDouble() < lossProbability) {
            lost++;
            return true;
        }
        return false;
    }

    /** Messages lost so far. */
    public long lostMessages() {
        return lost;
    }

    /** From now on, everything {@code node} sends passes through {@code tamper}. */
    public void tamper(NodeId node, Tamper tamper) {
        tampers.put(node, tamper);
    }

    /** The nodes that exchanged at least one request with {@code node}, either way. */
    public Set<NodeId> contactsOf(NodeId node) {
        return contacts.getOrDefault(node, Set.of());
    }

    /** From now on {@code tap} sees every request. */
    public void tap(Tap tap) {
        this.tap = tap;
    }

    /** The node stops: requests to it fail, as to a node that is gone. */
    public void detach(NodeId node) {
        handlers.remove(node);
    }

    public GossipTransport transportFor(NodeId from) {
        return (peer, method, params) -> send(from, peer, method, params);
    }

    private CompletionStage<JsonObject> send(NodeId from, NodeId to, String method, JsonObject params) {
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        Tamper t = tampers.get(from);
        JsonObject sent = t == null ? params : t.rewrite(method, params, false);
        queue.add(new Pending(from, to, method, sent, answer));
        count(from, sent);
        contacts.computeIfAbsent(from, k -> new HashSet<>()).add(to);
        contacts.computeIfAbsent(to, k -> new HashSet<>()).add(from);
        return answer;
    }

    /** Delivers ticks until no request is queued. Returns the number of ticks. */
    public int drain() {
        int ticks = 0;
        while (!queue.isEmpty()) {
            ticks++;
            List<Pending> tick = new ArrayList<>(queue);
            queue.clear();
            List<Runnable> answers = new ArrayList<>(tick.size());
            for (Pending p : tick) {
                Handler h = handlers.get(p.to());
                if (lost()) {
                    tap.seen(p.from(), p.to(), p.method(), p.params(), null, Fate.REQUEST_LOST);
                    answers.add(() -> p.answer().completeExceptionally(new TimeoutException("the request was lost")));
                    continue;
                }
                if (h == null) {
                    tap.seen(p.from(), p.to(), p.method(), p.params(), null, Fate.DOWN);
                    answers.add(() -> p.answer().completeExceptionally(new ConnectException("node " + p.to() + " is down")));
                    continue;
                }
                try {
                    JsonObject served = h.handle(p.method(), p.params(), p.from());
                    Tamper t = tampers.get(p.to());
                    JsonObject result = t == null ? served : t.rewrite(p.method(), served, true);
                    count(p.to(), result);
                    if (lost()) {
                        tap.seen(p.from(), p.to(), p.method(), p.params(), result, Fate.RESPONSE_LOST);
                        answers.add(() -> p.answer().completeExceptionally(new TimeoutException("the response was lost")));
                    } else {
                        tap.seen(p.from(), p.to(), p.method(), p.params(), result, Fate.DELIVERED);
                        answers.add(() -> p.answer().complete(result));
                    }
                } catch (JsonRpcException e) {
                    count(p.to(), null);
                    tap.seen(p.from(), p.to(), p.method(), p.params(), null, Fate.ERROR);
                    answers.add(() -> p.answer().completeExceptionally(e));
                }
            }
            answers.forEach(Runnable::run);
        }
        sizes.forget();
        return ticks;
    }

    private void count(NodeId node, JsonObject body) {
        messages++;
        sent.computeIfAbsent(node, k -> new long[1])[0]++;
        if (measureBytes && body != null) {
            bytes += sizes.of(body);
        }
    }

    /** Requests and responses sent so far, all nodes together. */
    public long messages() {
        return messages;
    }

    /** Requests and responses sent so far by one node. */
    public long messagesSentBy(NodeId node) {
        long[] n = sent.get(node);
        return n == null ? 0 : n[0];
    }

    /** Compact JSON bytes of params and results so far (0 unless measuring); JSON-RPC framing not counted. */
    public long bytes() {
        return bytes;
    }
}
