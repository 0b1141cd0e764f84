package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a request addressed to {@code *:<agent>} (wire-v1 §5.2 step 2) from the replicas a
 * {@link Balancer} names, best first, each at most once and at most
 * {@link RoutingSettings#failoverAttempts()} in all (docs/registry.md §5.2):
 * <ul>
 *   <li>a replica that answers, with a result or an error of its own, ends the request;</li>
 *   <li>a replica that did not get the request (no link or route to it, the send failed) or refused it
 *       unrun ({@code -32061} agent not found, {@code -32063} hop limit, {@code -32065} overloaded):
 *       the next replica is tried, whatever the request;</li>
 *   <li>a replica that may have got it ({@code -32060} or {@code -32062} after the request was sent):
 *       the next replica is tried only when {@link Balancer#safeToRepeat} says the request is safe to
 *       run twice; otherwise the caller gets that error. A non-idempotent tool never runs twice.</li>
 * </ul>
 * The balancer hears how each attempt ended ({@link Balancer.Attempt#unreachable()} for one that never
 * left this node). A cancelled request is not sent again.
 */
final class Failover {

    private static final Logger LOG = Logger.getLogger(Failover.class.getName());

    /** Serves a request on this node (§5.2 steps 3–6). */
    @FunctionalInterface
    interface Local {
        CompletionStage<JsonRpc.Response> deliver(JsonRpc.Request request, Address address, Requester from)
                throws JsonRpcException;
    }

    private final NodeId self;
    private final Forwarder forwarder;
    private final Local local;
    private final int maxAttempts;
    private final Executor retries;

    /**
     * A failover that tries up to {@code maxAttempts} replicas; second and later attempts start on
     * {@code retries}, since the answer that ends an attempt may come on a link's reading thread, which
     * must not run this node's agents.
     */
    Failover(NodeId self, Forwarder forwarder, Local local, int maxAttempts, Executor retries) {
        this.self = self;
        this.forwarder = forwarder;
        this.local = local;
        this.maxAttempts = maxAttempts;
        this.retries = retries;
    }

    /**
     * Sends {@code request} ({@code *:<agent>/<op>}) to the first of {@code candidates}, then to the next
     * ones as the rules above allow. The stage never fails.
     *
     * @throws JsonRpcException {@code -32061} when there is no candidate; errors of the request itself
     *                          (bad params, ttl 0) from the first attempt
     */
    CompletionStage<JsonRpc.Response> route(JsonRpc.Request request, Address address, Requester from,
                                            Balancer balancer, List<NodeId> candidates) throws JsonRpcException {
        if (candidates.isEmpty()) {
            throw new JsonRpcException(JsonRpc.AGENT_NOT_FOUND, "agent not found on any known node: " + address.agent(),
                    JsonRpc.errorData(null, address.agent()));
        }
        return new Call(request, address, from, balancer, candidates).attempt(0);
    }

    /** Why an attempt failed, as far as this node can tell. */
    private enum Failure {
        /** The replica answered (a result or its own error): not a failure. */
        NONE,
        /** The replica refused the request unrun (agent not found, hop limit, overloaded). */
        NOT_RUN,
        /** The request never left this node toward the replica (no link or route, the send failed). */
        UNDELIVERED,
        /** The replica may have run it. */
        MAYBE_RUN
    }

    private final class Call {
        private final JsonRpc.Request request;
        private final Address address;
        private final Requester from;
        private final Balancer balancer;
        private final List<NodeId> candidates;
        private final int attempts;

        Call(JsonRpc.Request request, Address address, Requester from, Balancer balancer, List<NodeId> candidates) {
            this.request = request;
            this.address = address;
            this.from = from;
            this.balancer = balancer;
            this.candidates = candidates;
            this.attempts = Math.min(maxAttempts, candidates.size());
        }

        CompletionStage<JsonRpc.Response> attempt(int index) throws JsonRpcException {
            NodeId node = candidates.get(index);
            Balancer.Attempt tracked = balancer.start(node, address.agent());
            CompletionStage<Forwarder.Forwarded> outcome;
            try {
                outcome = node.equals(self)
                        ? local.deliver(request, address, from).thenApply(r -> new Forwarder.Forwarded(r, true))
                        : forwarder.attempt(request, address.at(node).method(), node, from);
            } catch (JsonRpcException e) {
                if (e.error().code() != JsonRpc.AGENT_NOT_FOUND) {
                    tracked.cancelled();       // a fault of the request, the same on every replica
                    throw e;
                }
                outcome = CompletableFuture.completedFuture(
                        new Forwarder.Forwarded(JsonRpc.Response.error(request.id(), e.error()), false));
            }
            return outcome.thenCompose(f -> next(index, node, tracked, f));
        }

        private CompletionStage<JsonRpc.Response> next(int index, NodeId node, Balancer.Attempt tracked,
                                                       Forwarder.Forwarded outcome) {
            JsonRpc.Response response = outcome.response();
            if (from.cancellation().isCancelled()) {
                tracked.cancelled();
                return CompletableFuture.completedFuture(response);
            }
            Failure failure = classify(outcome);
            if (failure == Failure.NONE) {
                tracked.succeeded();
                return CompletableFuture.completedFuture(response);
            }
            if (failure == Failure.UNDELIVERED) {
                tracked.unreachable();
            } else {
                tracked.failed();
            }
            boolean again = index + 1 < attempts
                    && (failure != Failure.MAYBE_RUN || safeToRepeat(node));
            LOG.log(Level.FINE, () -> "request " + request.id() + " (" + request.method() + ") on replica " + node
                    + " failed (" + response.error().code() + ", " + failure + ")"
                    + (again ? "; trying " + candidates.get(index + 1) : "; not sent again"));
            if (!again) {
                return CompletableFuture.completedFuture(response);
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return attempt(index + 1);
                } catch (JsonRpcException e) {
                    return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(), e.error()));
                }
            }, retries).thenCompose(next -> next);
        }

        private boolean safeToRepeat(NodeId node) {
            JsonObject params = request.params() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            return balancer.safeToRepeat(node, address.agent(), address.op(), params);
        }
    }

    private static Failure classify(Forwarder.Forwarded outcome) {
        JsonRpc.Error error = outcome.response().error();
        if (error == null) {
            return Failure.NONE;
        }
        return switch (error.code()) {
            case JsonRpc.AGENT_NOT_FOUND, JsonRpc.HOP_LIMIT_EXCEEDED, JsonRpc.OVERLOADED -> Failure.NOT_RUN;
            case JsonRpc.NODE_UNREACHABLE, JsonRpc.TIMEOUT -> outcome.sent() ? Failure.MAYBE_RUN : Failure.UNDELIVERED;
            default -> Failure.NONE;
        };
    }
}
