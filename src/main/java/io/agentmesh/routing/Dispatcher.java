package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides where a request or notification goes, as wire-v1 §5.2 says: to another node named by id
 * (step 1: forwarded, §5.3, {@link Forwarder}); for {@code *:<agent>} (step 2) to the replicas the
 * {@link Balancer} names, one after another as {@link Failover} allows, a notification to the first
 * only; everything else to this node ({@link LocalDelivery}, steps 3–6). Thread-safe.
 */
final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final NodeId self;
    private final AgentDirectory agents;
    private final Forwarder forwarder;
    private final Failover failover;
    private final LocalDelivery local;
    private final RouteObserver observer;
    private final Clock clock;
    private final HopTraces traces;
    private volatile Balancer balancer;

    Dispatcher(NodeId self, AgentDirectory agents, Forwarder forwarder, Failover failover, LocalDelivery local,
               RouteObserver observer, Clock clock, HopTraces traces) {
        this.self = self;
        this.traces = traces;
        this.agents = agents;
        this.forwarder = forwarder;
        this.failover = failover;
        this.local = local;
        this.observer = observer;
        this.clock = clock;
        this.balancer = Balancer.localOnly(self, agents);
    }

    /** Replaces the policy that picks the nodes for {@code *} addresses and hears how requests to them end. */
    void setBalancer(Balancer newBalancer) {
        this.balancer = Objects.requireNonNull(newBalancer, "balancer");
    }

    /**
     * Whether serving {@code request} never blocks, so that it may be served on the reading thread of
     * the link it came in on: it goes on to another node named by id (§5.2 step 1: forwarding encrypts
     * and queues a write, and its answer is relayed the same way), or an agent of this node serves it
     * without blocking ({@link AgentDirectory#servesWithoutBlocking}). Requests for {@code *}, node
     * operations and everything else may block.
     */
    boolean servesWithoutBlocking(Address address, JsonRpc.Request request) {
        try {
            return switch (address.scope()) {
                case ID -> !address.nodeId().equals(self) || local.servesWithoutBlocking(address, request);
                case LOCAL, NONE -> local.servesWithoutBlocking(address, request);
                default -> false;
            };
        } catch (JsonRpcException | RuntimeException e) {
            return false;   // served like any request, which answers the error
        }
    }

    /**
     * Routes {@code request}, whose method is already parsed as {@code parsed} (or null: not yet). The
     * stage completes with the response, errors included; it never fails. A request of this node's own
     * callers opens the {@link HopTracing.Kind#ENTRY} span and carries its trace context on.
     */
    CompletionStage<JsonRpc.Response> dispatch(JsonRpc.Request request, Address parsed, Requester from) {
        Instant start = clock.instant();
        String method = parsed != null ? parsed.method() : request.method();
        HopTracing.HopSpan span = HopTracing.NO_SPAN;
        JsonRpc.Request routed = request;
        if (from.linkPeer().isEmpty() && (request.params() == null || request.params() instanceof JsonObject)) {
            HopTraces.Traced traced = traces.open(new HopTracing.Hop(HopTracing.Kind.ENTRY, method, false, null, null),
                    (JsonObject) request.params(), from.description());
            span = traced.span();
            if (traced.params() != request.params()) {
                routed = new JsonRpc.Request(request.id(), request.method(), traced.params());
            }
        }
        HopTracing.HopSpan entry = span;
        return routeRequest(routed, parsed, from).whenComplete((response, failure) -> {
            if (response != null) {
                observer.answered(method, from.description(), Duration.between(start, clock.instant()), response);
            }
            entry.end(response);
        }).exceptionally(failure -> LocalDelivery.internalError(request.id(), failure));
    }

    /** Routes {@code notification}; one that cannot be delivered is dropped (logged). */
    void dispatch(JsonRpc.Notification notification, Requester from) {
        try {
            dispatch(notification, Address.parse(notification.method()), from);
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "dropped notification " + notification.method() + " from " + from.description()
                    + ": " + e.getMessage());
        }
    }

    /** Routes {@code notification} to {@code address} (its method already parsed, or put together by an entry point). */
    void dispatch(JsonRpc.Notification notification, Address address, Requester from) {
        try {
            NodeId target = switch (address.scope()) {
                case ID -> address.nodeId();
                case ANY -> address.targetsNode() ? self : choose(address.agent());
                default -> self;
            };
            if (!target.equals(self)) {
                Address to = address.scope() == Address.Scope.ANY ? address.at(target) : address;
                forwarder.forward(notification, to.method(), target, from);
                return;
            }
            local.deliver(notification, address, from);
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "dropped notification " + notification.method() + " from " + from.description()
                    + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "notification " + notification.method() + " from " + from.description() + " failed", e);
        }
    }

    private CompletionStage<JsonRpc.Response> routeRequest(JsonRpc.Request request, Address parsed, Requester from) {
        try {
            if (from.cancellation().isCancelled()) {
                throw new JsonRpcException(JsonRpc.INTERNAL_ERROR, "request cancelled by the requester");
            }
            Address address = parsed != null ? parsed : Address.parse(request.method());
            switch (address.scope()) {
                case ID:
                    if (!address.nodeId().equals(self)) {
                        return forwarder.forward(request, address.method(), address.nodeId(), from);
                    }
                    return local.deliver(request, address, from);
                case ANY:
                    if (address.targetsNode()) {
                        return local.deliver(request, address, from);
                    }
                    Balancer current = balancer;
                    return failover.route(request, address, from, current, candidates(current, address.agent()));
                default:
                    return local.deliver(request, address, from);
            }
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "request " + request.id() + " (" + request.method() + ") from "
                    + from.description() + ": " + e.getMessage());
            return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(), e.error()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(LocalDelivery.internalError(request.id(), e));
        }
    }

    /** The first candidate for a notification to {@code *:<agent>}; notifications are not sent again. */
    private NodeId choose(String agent) throws JsonRpcException {
        List<NodeId> candidates = candidates(balancer, agent);
        if (candidates.isEmpty()) {
            throw new JsonRpcException(JsonRpc.AGENT_NOT_FOUND, "agent not found on any known node: " + agent,
                    JsonRpc.errorData(null, agent));
        }
        return candidates.get(0);
    }

    /** The balancer's candidates, with this node last when it hosts the agent and the balancer does not know yet. */
    private List<NodeId> candidates(Balancer from, String agent) {
        List<NodeId> candidates = from.candidates(agent);
        if (agents.hosts(agent) && !candidates.contains(self)) {
            List<NodeId> withSelf = new ArrayList<>(candidates);
            withSelf.add(self);
            return withSelf;
        }
        return candidates;
    }
}
