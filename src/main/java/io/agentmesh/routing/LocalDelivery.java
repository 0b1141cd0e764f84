package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves a request or notification on this node, as wire-v1 §5.2 steps 3–6 say: removes the route
 * metadata (§5.3), runs a node operation (step 3, §5.4, {@link NodeOperations}), else hands it to the
 * agent hosted here that it names (step 4) or, for a plain MCP method, to the default agent (step 5),
 * else answers {@code -32061} (step 6); end-to-end session operations go to {@link SealedDelivery}. The
 * delivery to an agent is a {@link HopTracing.Kind#DELIVERY} span, whose trace context the agent gets (a
 * sealed request's, with tracing on, is the one its {@code node/sealed} carried here). A
 * request's cancellation reaches its agent as
 * {@code notifications/cancelled}; the agent's value or failure becomes the response. A sealed request is
 * opened where it arrives (on a link's reading thread: opening never blocks) and the request inside is served
 * there too when its agent serves it without blocking, else on the router's workers.
 */
final class LocalDelivery {

    private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());

    private final NodeId self;
    private final AgentDirectory agents;
    private final NodeOperations nodeOperations;
    /** Null when this node takes no end-to-end sessions. */
    private final SealedDelivery sealed;
    private final RouteObserver observer;
    private final Clock clock;
    private final Executor workers;
    private final HopTraces traces;

    LocalDelivery(NodeId self, AgentDirectory agents, NodeOperations nodeOperations, SealedDelivery sealed,
                  RouteObserver observer, Clock clock, Executor workers, HopTraces traces) {
        this.self = self;
        this.workers = workers;
        this.traces = traces;
        this.sealed = sealed;
        this.agents = agents;
        this.nodeOperations = nodeOperations;
        this.observer = observer;
        this.clock = clock;
    }

    /**
     * Serves {@code request}, addressed to this node as {@code address}. The stage never fails.
     *
     * @throws JsonRpcException {@code -32602} for params that are not an object, {@code -32061} for an
     *                          agent not hosted here, errors of a node operation
     */
    CompletionStage<JsonRpc.Response> deliver(JsonRpc.Request request, Address address, Requester from)
            throws JsonRpcException {
        if (sealed != null && SealedDelivery.serves(address)) {
            TraceContext outer = traces.enabled() ? traces.read(request.paramsObject(), from.description()).context() : null;
            return sealed.deliver(request, address, from, outer == null ? this::deliverOpened
                    : (inner, innerAddress, innerFrom) -> deliverOpened(new JsonRpc.Request(inner.id(), inner.method(),
                            TraceContext.write(inner.paramsObject(), outer)), innerAddress, innerFrom));
        }
        JsonObject received = request.paramsObject();
        RequestContext context = contextOf(request.id(), received, from);
        if (address.targetsNode()) {
            return CompletableFuture.completedFuture(JsonRpc.Response.result(request.id(),
                    nodeOperations.handle(address.op(), handedOn(received), context)));
        }
        String agent = agentFor(address);
        HopTraces.Traced traced = traces.open(new HopTracing.Hop(HopTracing.Kind.DELIVERY, address.method(),
                from.linkPeer().isPresent(), null, null), received, from.description());
        JsonObject params = handedOn(traced.params());
        Runnable forgetCancel = from.cancellation().onCancel(() -> agents.notify(agent, Forwarder.CANCELLED,
                Forwarder.cancelledParams(request.id(), from.cancellation().reason()), context));
        CompletionStage<JsonValue> result;
        Instant start = clock.instant();
        try {
            result = agents.request(agent, address.op(), params, context);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, failure) -> {
            forgetCancel.run();
            JsonRpc.Response response = agentResponse(request.id(), agent, address.op(), value, failure);
            observer.served(agent, address.op(), Duration.between(start, clock.instant()), response);
            traced.span().end(response);
            return response;
        });
    }

    /**
     * Serves a request opened from a sealed one: here when its agent serves it without blocking, as the
     * request in clear would have been, else on a worker ({@code -32065} when none takes it).
     */
    private CompletionStage<JsonRpc.Response> deliverOpened(JsonRpc.Request request, Address address, Requester from)
            throws JsonRpcException {
        if (servesWithoutBlocking(address, request)) {
            return deliver(request, address, from);
        }
        CompletableFuture<JsonRpc.Response> answer = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    deliver(request, address, from).whenComplete((response, failure) ->
                            answer.complete(failure == null ? response : internalError(request.id(), failure)));
                } catch (JsonRpcException e) {
                    answer.complete(JsonRpc.Response.error(request.id(), e.error()));
                } catch (RuntimeException e) {
                    answer.complete(internalError(request.id(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            throw new JsonRpcException(JsonRpc.OVERLOADED, "overloaded: try later", JsonRpc.errorData(self.value(), null));
        }
        return answer;
    }

    /** Hands {@code notification} to its agent; nodes take none (ignored, logged). */
    void deliver(JsonRpc.Notification notification, Address address, Requester from) throws JsonRpcException {
        JsonObject received = notification.paramsObject();
        JsonObject params = handedOn(received);
        if (address.targetsNode()) {
            LOG.log(Level.FINE, () -> "ignored notification " + notification.method() + ": nodes take no notifications");
            return;
        }
        String agent = agentFor(address);
        agents.notify(agent, address.op(), params, contextOf(JsonValue.NULL, received, from));
    }

    /**
     * Whether serving {@code request} here never blocks: the agent that {@code address} names serves it
     * without blocking, or it is a sealed request (opening it never blocks; the request inside goes on as
     * {@link #deliverOpened} says). No other node operation.
     */
    boolean servesWithoutBlocking(Address address, JsonRpc.Request request) throws JsonRpcException {
        if (address.targetsNode()) {
            return sealed != null && SealedDelivery.opensWithoutBlocking(address);
        }
        return agents.servesWithoutBlocking(agentFor(address), address.op(), request.paramsObject());
    }

    /**
     * The response to request {@code id} that failed with {@code failure}: the error of the
     * {@link JsonRpcException} under it, else {@code -32603} (logged).
     */
    static JsonRpc.Response internalError(JsonValue id, Throwable failure) {
        Throwable cause = Completions.unwrap(failure);
        if (cause instanceof JsonRpcException e) {
            return JsonRpc.Response.error(id, e.error());
        }
        LOG.log(Level.WARNING, "request " + id + " failed", cause);
        return JsonRpc.Response.error(id, JsonRpc.INTERNAL_ERROR, "internal error");
    }

    /** Step 4 (an agent hosted here), step 5 (the default agent for a plain MCP method), else step 6. */
    private String agentFor(Address address) throws JsonRpcException {
        if (address.isMcpForm()) {
            return agents.defaultAgent().orElseThrow(() -> new JsonRpcException(JsonRpc.AGENT_NOT_FOUND,
                    "agent not found: this node hosts no agent for " + address.op(),
                    JsonRpc.errorData(self.value(), null)));
        }
        if (!agents.hosts(address.agent())) {
            throw new JsonRpcException(JsonRpc.AGENT_NOT_FOUND, "agent not found on this node: " + address.agent(),
                    JsonRpc.errorData(self.value(), address.agent()));
        }
        return address.agent();
    }

    private static JsonRpc.Response agentResponse(JsonValue id, String agent, String op, JsonValue value,
                                                  Throwable failure) {
        if (failure == null && value != null) {
            return JsonRpc.Response.result(id, value);
        }
        return internalError(id, failure != null ? failure
                : new IllegalStateException("agent " + agent + " returned no result for " + op));
    }

    /**
     * The context of a request as received: its claimed origin, and its caller, which is the requester's
     * unless the route metadata names another origin than the link's peer (a request a relay forwarded
     * in clear, whose origin nothing proves). A requester that came over a link (or a session) vouches for
     * the end user its {@link UserClaim} names; a local entry point's user is its own.
     */
    private static RequestContext contextOf(JsonValue id, JsonObject params, Requester from) {
        String origin = RouteMetadata.readQuietly(params).map(RouteMetadata::origin).orElse(from.originNode());
        boolean forwarded = from.linkPeer().isPresent() && !origin.equals(from.originNode());
        Caller caller = forwarded ? Caller.UNAUTHENTICATED : from.caller();
        if (!forwarded && from.linkPeer().isPresent()) {
            caller = caller.withUser(UserClaim.read(params));
        }
        return new RequestContext(id, origin, caller, from);
    }

    /** The params an agent or node operation sees: without route metadata, user claim and long-lived mark. */
    private static JsonObject handedOn(JsonObject received) {
        return orEmpty(RequestScoped.unmarked(UserClaim.strip(RouteMetadata.strip(received))));
    }

    private static JsonObject orEmpty(JsonObject params) {
        return params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
    }
}
