package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.transport.Link;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forwarding (wire-v1 §5.3): sends a request or notification to another node on the link
 * {@link NextHops} picks (a direct link, a neighbour's route, or a link dialed for it),
 * with route metadata added by the first forwarder and otherwise kept as received but for a ttl above
 * this node's own, which is lowered to it; ttl 0 answered {@code -32063}, ttl decremented on every forward, a link-local id, and the answer relayed back with
 * the original id ({@code -32062} at the forwarding deadline, {@code -32060} when the next hop goes
 * down). While a forwarded request is pending, {@code notifications/progress} for its progress token
 * coming back on the next-hop link, and every other notification marked as the request's
 * ({@link RequestScoped}), is relayed to the requester, and a cancellation by the requester is passed on
 * to the next hop. A {@code subscriptions/listen} request of this node's own entry points is marked
 * long-lived: it has no forwarding deadline here nor on the hops after.
 */
final class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());

    static final String PROGRESS = "notifications/progress";
    static final String CANCELLED = "notifications/cancelled";

    private final NextHops nextHops;
    private final PendingRequests pending;
    private final RoutingSettings settings;
    private final JsonRpcCodec codec;
    private final Supplier<String> traceIds;
    private final Clock clock;
    private final RouteObserver observer;
    private final HopTraces traces;
    /** Null when this node sends nothing sealed. */
    private final SealedForwarding sealing;
    /** Next-hop link id → progress token → the forwarded request it belongs to. */
    private final ConcurrentHashMap<String, Map<String, Forward>> progress = new ConcurrentHashMap<>();
    /** Next-hop link id → link-local id (JSON text) → the forwarded request it belongs to. */
    private final ConcurrentHashMap<String, Map<String, Forward>> byLocalId = new ConcurrentHashMap<>();

    private record Forward(Link nextHop, JsonValue localId, JsonValue originalId, Requester from) {
    }

    Forwarder(NextHops nextHops, PendingRequests pending, RoutingSettings settings, JsonRpcCodec codec,
              Supplier<String> traceIds, Clock clock, RouteObserver observer, HopTraces traces,
              SealedForwarding sealing) {
        this.nextHops = nextHops;
        this.traces = traces;
        this.sealing = sealing;
        this.pending = pending;
        this.settings = settings;
        this.codec = codec;
        this.traceIds = traceIds;
        this.clock = clock;
        this.observer = observer;
    }

    /**
     * The answer to a forwarded request, with whether the request left this node: when it did, the
     * target may have run it even if the answer is {@code -32060} or {@code -32062}.
     */
    record Forwarded(JsonRpc.Response response, boolean sent) {
    }

    /**
     * Forwards {@code request} to {@code target} under {@code method} (the request's own, or with
     * {@code *} replaced). The stage completes with the answer carrying the request's original id; it
     * never fails.
     *
     * @throws JsonRpcException {@code -32602} for params that are not an object or bad route metadata,
     *                          {@code -32063} when the ttl is 0
     */
    CompletionStage<JsonRpc.Response> forward(JsonRpc.Request request, String method, NodeId target, Requester from)
            throws JsonRpcException {
        return attempt(request, method, target, from).thenApply(Forwarded::response);
    }

    /** As {@link #forward(JsonRpc.Request, String, NodeId, Requester)}, telling whether the request was sent. */
    CompletionStage<Forwarded> attempt(JsonRpc.Request request, String method, NodeId target, Requester from)
            throws JsonRpcException {
        JsonObject received = vouched(meshParams(request.params()), from);
        TraceContext.Reading trace = traces.read(received, from.description());
        JsonObject sanitized = Objects.requireNonNullElse(HopTraces.sanitized(received, trace), JsonValue.EMPTY_JSON_OBJECT);
        JsonObject params = from.linkPeer().isEmpty() && isListen(method) ? RequestScoped.longLived(sanitized) : sanitized;
        RouteMetadata route = routeOf(params, from, target, trace.context());
        return nextHops.toward(target).thenCompose(link -> {
            try {
                boolean ownToRelay = from.linkPeer().isEmpty() && !link.peer().equals(target);
                SealedForwarding.Hop hop = (out, outMethod, outFrom, outParams) -> send(out, outMethod, target, outFrom,
                        link, ownToRelay ? withoutUserClaim(outParams) : outParams, route, trace.context());
                if (sealing != null && sealing.applies(link, target, from)) {
                    return sealing.forward(request, method, target, from, params, hop);
                }
                return hop.send(request, method, from, params);
            } catch (JsonRpcException e) {
                return CompletableFuture.completedFuture(
                        new Forwarded(JsonRpc.Response.error(request.id(), e.error()), false));
            }
        }).exceptionally(failure -> new Forwarded(JsonRpc.Response.error(request.id(), errorOf(failure, target)), false));
    }

    /**
     * Sends one request on {@code link}, in the {@link HopTracing.Kind#FORWARD} span that is the child of
     * {@code trace} (the context the request carried here), whose own context the request carries on.
     */
    private CompletionStage<Forwarded> send(JsonRpc.Request request, String method, NodeId target,
                                            Requester from, Link link, JsonObject params, RouteMetadata route,
                                            TraceContext trace)
            throws JsonRpcException {
        if (from.cancellation().isCancelled()) {
            throw new JsonRpcException(JsonRpc.INTERNAL_ERROR, "request cancelled by the requester");
        }
        PendingRequests.Pending call = pending.open(link,
                RequestScoped.isLongLived(params) ? null : settings.forwardingDeadline());
        HopTracing.HopSpan span = traces.span(new HopTracing.Hop(HopTracing.Kind.FORWARD, method,
                from.linkPeer().isPresent(), link.peer().value(), route.trace()), trace);
        Forward forward = new Forward(link, call.id(), request.id(), from);
        String token = progressToken(params);
        if (token != null) {
            progress.computeIfAbsent(link.id(), k -> new ConcurrentHashMap<>()).put(token, forward);
        }
        byLocalId.computeIfAbsent(link.id(), k -> new ConcurrentHashMap<>()).put(call.id().toString(), forward);
        JsonRpc.Request out = new JsonRpc.Request(call.id(), method,
                RouteMetadata.write(HopTraces.handedOn(params, trace, span), route.decremented()));
        Instant start = clock.instant();
        boolean sent = link.send(codec.encode(out, link.binaryBoxes()));
        if (sent) {
            LOG.log(Level.FINE, () -> "forwarded request " + request.id() + " (" + method + ") from "
                    + from.description() + " to " + target + " via " + link.peer() + " as " + call.id()
                    + ", ttl " + (route.ttl() - 1));
        } else {
            pending.fail(link, call.id(), unreachable(target, "the link to it closed").error());
        }
        Runnable forgetCancel = from.cancellation().onCancel(() -> cancel(forward));
        return call.response().whenComplete((response, failure) -> forgetCancel.run()).thenApply(response -> {
            if (token != null) {
                Map<String, Forward> byToken = progress.get(link.id());
                if (byToken != null) {
                    byToken.remove(token, forward);
                }
            }
            Map<String, Forward> byId = byLocalId.get(link.id());
            if (byId != null) {
                byId.remove(call.id().toString(), forward);
            }
            observer.sent(link, method, true, Duration.between(start, clock.instant()), response);
            span.end(response);
            return new Forwarded(originalSubscription(response, forward).withId(request.id()), sent);
        });
    }

    /** Forwards a notification; one that cannot go on is dropped (logged). */
    void forward(JsonRpc.Notification notification, String method, NodeId target, Requester from) {
        try {
            JsonObject params = meshParams(notification.params());
            RouteMetadata route = routeOf(params, from, target, null);
            JsonRpc.Notification out = new JsonRpc.Notification(method, RouteMetadata.write(params, route.decremented()));
            nextHops.toward(target).whenComplete((link, failure) -> {
                if (failure != null || !link.send(codec.encode(out, link.binaryBoxes()))) {
                    LOG.log(Level.FINE, () -> "dropped notification " + method + " from " + from.description() + ": "
                            + errorOf(failure, target).message());
                } else {
                    LOG.log(Level.FINE, () -> "forwarded notification " + method + " from " + from.description()
                            + " to " + target + " via " + link.peer());
                }
            });
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "dropped notification " + method + " from " + from.description() + ": " + e.getMessage());
        }
    }

    /**
     * Relays {@code notifications/progress} that arrived on {@code link} for a request forwarded on it,
     * and any other notification marked as such a request's ({@link RequestScoped}), to that request's
     * requester; false when it belongs to none.
     */
    boolean relay(Link link, JsonRpc.Notification notification) {
        if (!(notification.params() instanceof JsonObject params)) {
            return false;
        }
        if (!PROGRESS.equals(notification.method())) {
            String local = RequestScoped.requestOf(params);
            Map<String, Forward> byId = local == null ? null : byLocalId.get(link.id());
            Forward forward = byId == null ? null : byId.get(local);
            if (forward == null) {
                return false;
            }
            forward.from().notifications().send(notification.method(),
                    RequestScoped.relayed(params, forward.localId(), forward.originalId()));
            return true;
        }
        Map<String, Forward> byToken = progress.get(link.id());
        JsonValue token = params.get("progressToken");
        Forward forward = byToken == null || token == null ? null : byToken.get(token.toString());
        if (forward == null) {
            return false;
        }
        forward.from().notifications().send(PROGRESS, params);
        return true;
    }

    /** Forgets the progress tokens of requests forwarded on a link that went down. */
    void linkDown(Link link) {
        progress.remove(link.id());
        byLocalId.remove(link.id());
    }

    /** {@code response} with the subscription id in its result turned from the link-local id into the original one. */
    private static JsonRpc.Response originalSubscription(JsonRpc.Response response, Forward forward) {
        if (response.isError()) {
            return response;
        }
        JsonValue result = RequestScoped.rewritten(response.result(), forward.localId(), forward.originalId());
        return result == response.result() ? response : JsonRpc.Response.result(response.id(), result);
    }

    /** Whether an address's op is {@code subscriptions/listen}. */
    private static boolean isListen(String method) {
        return method.endsWith("/" + RequestScoped.LISTEN) || method.equals(RequestScoped.LISTEN);
    }

    /** The params of {@code notifications/cancelled} for request {@code requestId}, with the reason when given. */
    static JsonObject cancelledParams(JsonValue requestId, String reason) {
        var params = Json.createObjectBuilder().add("requestId", requestId);
        if (reason != null) {
            params.add("reason", reason);
        }
        return params.build();
    }

    private void cancel(Forward forward) {
        boolean pendingEnded = pending.fail(forward.nextHop(), forward.localId(),
                new JsonRpc.Error(JsonRpc.INTERNAL_ERROR, "request cancelled by the requester"));
        if (pendingEnded) {
            JsonObject params = cancelledParams(forward.localId(), forward.from().cancellation().reason());
            forward.nextHop().send(codec.encode(new JsonRpc.Notification(CANCELLED, params)));
            LOG.log(Level.FINE, () -> "passed on the cancellation of forwarded request " + forward.localId()
                    + " to " + forward.nextHop().peer());
        }
    }

    /** The JSON-RPC error a failed next-hop lookup or send stands for; -32060 when it carries none. */
    private static JsonRpc.Error errorOf(Throwable failure, NodeId target) {
        Throwable cause = Completions.unwrap(failure);
        if (cause instanceof JsonRpcException e) {
            return e.error();
        }
        return unreachable(target, cause == null ? "the link to it closed" : cause.getMessage()).error();
    }

    /**
     * The params of a request of this node's own entry points with the end user they authenticated as
     * its {@link UserClaim} (one a client wrote is replaced); a request forwarded for a peer is kept as is.
     */
    private static JsonObject vouched(JsonObject params, Requester from) {
        if (from.linkPeer().isPresent()) {
            return params;
        }
        JsonObject written = UserClaim.write(params, from.caller().user());
        return written == null ? JsonValue.EMPTY_JSON_OBJECT : written;
    }

    /** {@code params} without a user claim: a relay is not to read the one this node wrote. */
    private static JsonObject withoutUserClaim(JsonObject params) {
        return Objects.requireNonNullElse(UserClaim.strip(params), JsonValue.EMPTY_JSON_OBJECT);
    }

    /** Mesh requests carry object params or none (wire-v1 §5.3). */
    private static JsonObject meshParams(JsonValue params) throws JsonRpcException {
        if (params == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (params instanceof JsonObject object) {
            return object;
        }
        throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid params: mesh requests carry object params or none");
    }

    /**
     * The route metadata as received, its ttl lowered to this node's when above it, or new from this node,
     * the first forwarder, its trace the W3C trace id of the request's trace context when it carries one and
     * this node traces (docs/protocol.md, "Trace context"), else a random one; ttl 0 refused.
     */
    private RouteMetadata routeOf(JsonObject params, Requester from, NodeId target, TraceContext trace)
            throws JsonRpcException {
        Optional<RouteMetadata> received = RouteMetadata.read(params);
        RouteMetadata route = received.isPresent() ? received.get().capped(settings.ttl())
                : new RouteMetadata(settings.ttl(), from.originNode(),
                        trace != null && traces.enabled() ? trace.traceId() : traceIds.get());
        if (route.ttl() == 0) {
            throw new JsonRpcException(JsonRpc.HOP_LIMIT_EXCEEDED, "hop limit exceeded on the way to " + target
                    + " (trace " + route.trace() + ")", JsonRpc.errorData(target.value(), null));
        }
        return route;
    }

    private static String progressToken(JsonObject params) {
        if (params.get("_meta") instanceof JsonObject meta) {
            JsonValue token = meta.get("progressToken");
            if (token instanceof JsonString || token instanceof JsonNumber) {
                return token.toString();
            }
        }
        return null;
    }

    private static JsonRpcException unreachable(NodeId target, String why) {
        return new JsonRpcException(JsonRpc.NODE_UNREACHABLE, "node unreachable: " + target + ": " + why,
                JsonRpc.errorData(target.value(), null));
    }
}
