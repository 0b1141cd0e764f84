package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkListener;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes JSON-RPC on links and from local entry points (wire-v1 §4 last bullets, §5): decides per
 * §5.2 whether a request is forwarded (§5.3, {@link Forwarder}), answered by a node operation (§5.4,
 * {@link NodeOperations}) or handed to an agent of this node ({@link AgentDirectory}), and sends each
 * response back on the link the request came in on. Messages arrive on the link's reading thread:
 * requests for another node are forwarded there (forwarding never blocks), answers to forwarded
 * requests are relayed there, requests an agent serves without blocking are served there, and every
 * other request is served on the injected executor. State lives in concurrent maps; one instance per
 * node.
 */
public final class Router implements LinkListener {

    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final NodeId self;
    private final AgentDirectory agents;
    private final RoutingSettings settings;
    private final Executor executor;
    private final Executor relay;
    private final JsonRpcCodec codec;
    private final PendingRequests pending;
    private final Forwarder forwarder;
    private final Failover failover;
    private final NodeOperations nodeOperations;
    private final RouteTable routeTable;
    private final DistanceVector distanceVector;
    private volatile Balancer balancer;
    private final Clock clock;
    private final RouteObserver observer;
    /** Link id → request id (JSON text) → the cancellation of the request being served for it. */
    private final ConcurrentHashMap<String, Map<String, Cancellation>> served = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LinkClientSession> sessions = new ConcurrentHashMap<>();

    private Router(Builder b) {
        this.self = b.node.nodeId();
        this.agents = b.agents;
        this.settings = b.settings;
        this.executor = b.executor;
        this.relay = command -> {
            try {
                b.executor.execute(command);
            } catch (RejectedExecutionException e) {
                command.run();
            }
        };
        this.codec = b.codec;
        this.clock = b.clock;
        this.observer = b.observer;
        this.pending = new PendingRequests(b.scheduler, b.clock, b.settings.maxPendingPerLink());
        this.routeTable = b.routes == null ? null : new RouteTable(self, b.routes, b.clock);
        RouteSettings dialing = b.routes != null ? b.routes : RouteSettings.defaults().withDialDirect(false);
        NextHops nextHops = new NextHops(self, b.links, routeTable, dialing, b.clock);
        this.forwarder = new Forwarder(nextHops, pending, b.settings, b.codec, b.traceIds, b.clock,
                b.observer);
        this.failover = new Failover(self, forwarder, this::deliver, b.settings.failoverAttempts(), relay);
        this.nodeOperations = new NodeOperations(b.node, b.agents, b.links, b.clock);
        this.balancer = Balancer.localOnly(self, b.agents);
        if (routeTable != null) {
            JsonRpcCodec codec = b.codec;
            this.distanceVector = new DistanceVector(routeTable, b.routes, b.node.addrs(), b.scheduler,
                    (link, method, params) -> link.send(codec.encode(new JsonRpc.Notification(method, params))));
            nodeOperations.add("list_routes", (p, c) -> listRoutes());
            distanceVector.start();
        } else {
            this.distanceVector = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This node's id. */
    public NodeId nodeId() {
        return self;
    }

    /** The node operations, to which other components add operations and agent sources. */
    public NodeOperations nodeOperations() {
        return nodeOperations;
    }

    /** The routes learned from {@code node/routes} announcements; empty when this router takes none. */
    public Optional<RouteTable> routeTable() {
        return Optional.ofNullable(routeTable);
    }

    /** Stops the route announcements. Requests in flight still end through their deadlines. */
    public void close() {
        if (distanceVector != null) {
            distanceVector.stop();
        }
    }

    /** Replaces the policy that picks the nodes for {@code *} addresses and hears how requests to them end. */
    public void setBalancer(Balancer newBalancer) {
        this.balancer = Objects.requireNonNull(newBalancer, "balancer");
    }

    // ---- local entry points ----

    /**
     * Routes a request from a local entry point as in §5.2, its method a whole address; the stage never
     * fails. One that is not answered at once completes on a worker, never on a link's reading thread,
     * so the caller's own continuations may take their time.
     */
    public CompletionStage<JsonRpc.Response> route(JsonRpc.Request request, Origin origin) {
        return offReadingThread(dispatch(request, null, localRequester(origin)));
    }

    /**
     * As {@link #route(JsonRpc.Request, Origin)}, to {@code to} with the request's method the op alone
     * (e.g. {@code tools/call}): the address is put together here, its text only where it goes on a link.
     * {@link MeshEntry} is how entry points call it.
     */
    public CompletionStage<JsonRpc.Response> route(Destination to, JsonRpc.Request request, Origin origin) {
        try {
            return offReadingThread(dispatch(request, Address.of(to, request.method()), localRequester(origin)));
        } catch (JsonRpcException e) {
            return answered(JsonRpc.Response.error(request.id(), e.error()));
        }
    }

    private CompletionStage<JsonRpc.Response> offReadingThread(CompletionStage<JsonRpc.Response> stage) {
        CompletableFuture<JsonRpc.Response> answer = stage.toCompletableFuture();
        return answer.isDone() ? answer : answer.thenApplyAsync(r -> r, relay);
    }

    /** Routes a notification from a local entry point; one that cannot be delivered is dropped (logged). */
    public void routeNotification(JsonRpc.Notification notification, Origin origin) {
        dispatch(notification, localRequester(origin));
    }

    /** As {@link #routeNotification(JsonRpc.Notification, Origin)}, to {@code to} with the op alone as method. */
    public void routeNotification(Destination to, JsonRpc.Notification notification, Origin origin) {
        try {
            dispatch(notification, Address.of(to, notification.method()), localRequester(origin));
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "dropped notification " + notification.method() + " to " + to + " from "
                    + origin.description() + ": " + e.getMessage());
        }
    }

    /**
     * Sends a request of this node's own on {@code link}. The stage completes with the peer's response
     * (with the link-local id), or with {@code -32062} at the request deadline, {@code -32060} when
     * the link is or goes down, {@code -32065} when too many requests are pending on it; it never fails.
     */
    public CompletionStage<JsonRpc.Response> request(Link link, String method, JsonValue params) {
        try {
            PendingRequests.Pending call = pending.open(link, settings.requestDeadline());
            Instant start = clock.instant();
            if (!link.send(codec.encode(new JsonRpc.Request(call.id(), method, params)))) {
                pending.fail(link, call.id(), new JsonRpc.Error(JsonRpc.NODE_UNREACHABLE,
                        "node unreachable: the link to " + link.peer() + " closed",
                        JsonRpc.errorData(link.peer().value(), null)));
            }
            return call.response().thenApplyAsync(r -> {
                observe(() -> observer.sent(link, method, false, since(start), r));
                return r;
            }, relay);
        } catch (JsonRpcException e) {
            return CompletableFuture.completedFuture(JsonRpc.Response.error(JsonValue.NULL, e.error()));
        }
    }

    /** Sends a notification of this node's own on {@code link}; false when the link is closed. */
    public boolean notify(Link link, String method, JsonValue params) {
        return link.send(codec.encode(new JsonRpc.Notification(method, params)));
    }

    // ---- links ----

    @Override
    public void linkUp(Link link) {
        sessions.computeIfAbsent(link.id(), k -> new LinkClientSession(link, codec));
        LOG.log(Level.FINE, () -> "routing on link " + link.id() + " to " + link.peer());
        if (distanceVector != null) {
            distanceVector.linkUp(link);
        }
    }

    @Override
    public void message(Link link, byte[] applicationMessage) {
        JsonRpc message;
        try {
            message = codec.decode(applicationMessage);
        } catch (MessageDecodeException e) {
            LOG.log(Level.FINE, () -> "answered a bad message on link " + link.id() + " from " + link.peer()
                    + ": " + e.getMessage());
            send(link, e.response());
            return;
        }
        if (message instanceof JsonRpc.Response response) {
            pending.complete(link, response);
        } else if (message instanceof JsonRpc.Request request) {
            onRequest(link, request);
        } else {
            JsonRpc.Notification notification = (JsonRpc.Notification) message;
            if (distanceVector != null && RouteAnnouncement.METHOD.equals(notification.method())) {
                distanceVector.receive(link, notification);   // on the link's thread: announcements stay in order
                return;
            }
            Requester from = linkRequester(link, new Cancellation());
            try {
                executor.execute(() -> onNotification(link, notification, from));
            } catch (RejectedExecutionException e) {
                LOG.log(Level.FINE, () -> "dropped notification " + notification.method() + " from " + link.peer()
                        + ": overloaded");
            }
        }
    }

    @Override
    public void linkDown(Link link, int closeCode, String reason) {
        pending.linkDown(link);
        forwarder.linkDown(link);
        if (distanceVector != null) {
            distanceVector.linkDown(link);
        }
        Map<String, Cancellation> calls = served.remove(link.id());
        if (calls != null) {
            calls.values().forEach(c -> c.cancel("link closed"));
        }
        sessions.remove(link.id());
        LOG.log(Level.FINE, () -> "link " + link.id() + " to " + link.peer() + " down (" + closeCode + ")");
    }

    private void onRequest(Link link, JsonRpc.Request request) {
        Map<String, Cancellation> calls = served.computeIfAbsent(link.id(), k -> new ConcurrentHashMap<>());
        String key = request.id().toString();
        if (calls.size() >= settings.maxServedPerLink()) {
            send(link, JsonRpc.Response.error(request.id(), new JsonRpc.Error(JsonRpc.OVERLOADED,
                    "overloaded: " + settings.maxServedPerLink() + " requests from this link are being served",
                    JsonRpc.errorData(self.value(), null))));
            return;
        }
        Cancellation cancellation = new Cancellation();
        if (calls.putIfAbsent(key, cancellation) != null) {
            send(link, JsonRpc.Response.error(request.id(), JsonRpc.INVALID_REQUEST,
                    "invalid request: id " + key + " is already in use by a pending request on this link"));
            return;
        }
        Requester from = linkRequester(link, cancellation);
        Address address = parsedOrNull(request.method());       // parsed once; a bad one is answered on a worker
        if (address != null && servesOnReadingThread(address, request)) {
            serve(link, request, address, calls, key, from);     // no hand-off to a worker
            return;
        }
        try {
            executor.execute(() -> serve(link, request, address, calls, key, from));
        } catch (RejectedExecutionException e) {
            calls.remove(key, cancellation);
            send(link, JsonRpc.Response.error(request.id(), new JsonRpc.Error(JsonRpc.OVERLOADED,
                    "overloaded: try later", JsonRpc.errorData(self.value(), null))));
        }
    }

    /**
     * Whether a request from a link may be served on the link's reading thread, because serving it never
     * blocks: it goes on to another node named by id (§5.2 step 1: forwarding encrypts and queues a
     * write, and its answer is relayed the same way), or an agent of this node serves it without blocking
     * ({@link AgentDirectory#servesWithoutBlocking}). Requests for {@code *}, node operations and
     * everything else go to a worker.
     */
    private boolean servesOnReadingThread(Address address, JsonRpc.Request request) {
        try {
            return switch (address.scope()) {
                case ID -> !address.nodeId().equals(self) || agentServesWithoutBlocking(address, request);
                case LOCAL, NONE -> agentServesWithoutBlocking(address, request);
                default -> false;
            };
        } catch (JsonRpcException | RuntimeException e) {
            return false;   // answered on a worker like any request, with the error
        }
    }

    private static Address parsedOrNull(String method) {
        try {
            return Address.parse(method);
        } catch (JsonRpcException e) {
            return null;
        }
    }

    private boolean agentServesWithoutBlocking(Address address, JsonRpc.Request request) throws JsonRpcException {
        return !address.targetsNode()
                && agents.servesWithoutBlocking(agentFor(address), address.op(), request.paramsObject());
    }

    private void serve(Link link, JsonRpc.Request request, Address address, Map<String, Cancellation> calls,
                       String key, Requester from) {
        dispatch(request, address, from).whenComplete((response, failure) -> {
            calls.remove(key, from.cancellation());
            if (from.cancellation().isCancelled()) {
                LOG.log(Level.FINE, () -> "no answer to cancelled request " + key + " from " + link.peer());
                return;
            }
            send(link, response != null ? response : internalError(request.id(), failure));
        });
    }

    private void onNotification(Link link, JsonRpc.Notification notification, Requester from) {
        if (forwarder.relayProgress(link, notification) || cancelServed(link, notification)) {
            return;
        }
        dispatch(notification, from);
    }

    /** {@code notifications/cancelled} for a request being served for this link: cancels it. */
    private boolean cancelServed(Link link, JsonRpc.Notification notification) {
        if (!(notification.params() instanceof JsonObject params) || !isCancelNotification(notification.method())) {
            return false;
        }
        JsonValue requestId = params.get("requestId");
        Map<String, Cancellation> calls = served.get(link.id());
        Cancellation call = calls == null || requestId == null ? null : calls.get(requestId.toString());
        if (call == null) {
            return false;
        }
        String reason = params.get("reason") instanceof jakarta.json.JsonString s ? s.getString() : null;
        LOG.log(Level.FINE, () -> "request " + requestId + " from " + link.peer() + " cancelled");
        call.cancel(reason);
        return true;
    }

    private static boolean isCancelNotification(String method) {
        try {
            return Forwarder.CANCELLED.equals(Address.parse(method).op());
        } catch (JsonRpcException e) {
            return false;
        }
    }

    // ---- §5.2 ----

    /** Routes {@code request}, whose method is already parsed as {@code parsed} (or null: not yet). */
    private CompletionStage<JsonRpc.Response> dispatch(JsonRpc.Request request, Address parsed, Requester from) {
        Instant start = clock.instant();
        return routeRequest(request, parsed, from).whenComplete((response, failure) -> {
            if (response != null) {
                String method = parsed != null ? parsed.method() : request.method();
                observe(() -> observer.answered(method, from.description(), since(start), response));
            }
        });
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
                    return deliver(request, address, from);
                case ANY:
                    if (address.targetsNode()) {
                        return deliver(request, address, from);
                    }
                    Balancer current = balancer;
                    return failover.route(request, address, from, current, candidates(current, address.agent()));
                default:
                    return deliver(request, address, from);
            }
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "request " + request.id() + " (" + request.method() + ") from "
                    + from.description() + ": " + e.getMessage());
            return answered(JsonRpc.Response.error(request.id(), e.error()));
        } catch (RuntimeException e) {
            return answered(internalError(request.id(), e));
        }
    }

    private void dispatch(JsonRpc.Notification notification, Requester from) {
        try {
            dispatch(notification, Address.parse(notification.method()), from);
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "dropped notification " + notification.method() + " from " + from.description()
                    + ": " + e.getMessage());
        }
    }

    private void dispatch(JsonRpc.Notification notification, Address address, Requester from) {
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
            deliver(notification, address, from);
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, () -> "dropped notification " + notification.method() + " from " + from.description()
                    + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "notification " + notification.method() + " from " + from.description() + " failed", e);
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

    /** Steps 3–6 of §5.2 on this node, after removing the route metadata (§5.3). */
    private CompletionStage<JsonRpc.Response> deliver(JsonRpc.Request request, Address address, Requester from)
            throws JsonRpcException {
        JsonObject received = request.paramsObject();
        JsonObject params = orEmpty(RouteMetadata.strip(received));
        RequestContext context = new RequestContext(request.id(), originOf(received, from), from);
        if (address.targetsNode()) {
            return answered(JsonRpc.Response.result(request.id(),
                    nodeOperations.handle(address.op(), params, context)));
        }
        String agent = agentFor(address);
        from.cancellation().onCancel(() -> agents.notify(agent, Forwarder.CANCELLED,
                cancelParams(request.id(), from.cancellation().reason()), context));
        CompletionStage<JsonValue> result;
        Instant start = clock.instant();
        try {
            result = agents.request(agent, address.op(), params, context);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((value, failure) -> {
            JsonRpc.Response response = agentResponse(request.id(), agent, address.op(), value, failure);
            observe(() -> observer.served(agent, address.op(), since(start), response));
            return response;
        });
    }

    private JsonRpc.Response agentResponse(JsonValue id, String agent, String op, JsonValue value, Throwable failure) {
        if (failure == null && value != null) {
            return JsonRpc.Response.result(id, value);
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof JsonRpcException e) {
            return JsonRpc.Response.error(id, e.error());
        }
        return internalError(id, cause != null ? cause
                : new IllegalStateException("agent " + agent + " returned no result for " + op));
    }

    private void deliver(JsonRpc.Notification notification, Address address, Requester from) throws JsonRpcException {
        JsonObject received = notification.paramsObject();
        JsonObject params = orEmpty(RouteMetadata.strip(received));
        if (address.targetsNode()) {
            LOG.log(Level.FINE, () -> "ignored notification " + notification.method() + ": nodes take no notifications");
            return;
        }
        String agent = agentFor(address);
        agents.notify(agent, address.op(), params, new RequestContext(JsonValue.NULL, originOf(received, from), from));
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

    private static String originOf(JsonObject params, Requester from) {
        return RouteMetadata.readQuietly(params).map(RouteMetadata::origin).orElse(from.originNode());
    }

    // ---- helpers ----

    private JsonObject listRoutes() {
        var list = Json.createArrayBuilder();
        for (RouteTable.Route r : routeTable.routes()) {
            var addrs = Json.createArrayBuilder();
            r.addrs().forEach(addrs::add);
            list.add(Json.createObjectBuilder().add("node", r.node().value()).add("hops", r.hops())
                    .add("via", r.via().value()).add("addrs", addrs));
        }
        return Json.createObjectBuilder().add("routes", list).build();
    }

    private Requester linkRequester(Link link, Cancellation cancellation) {
        LinkClientSession session = sessions.computeIfAbsent(link.id(), k -> new LinkClientSession(link, codec));
        return new Requester(link.peer().value(), session::sendNotification, session, cancellation,
                "link " + link.id() + " (" + link.peer() + ")");
    }

    private Requester localRequester(Origin origin) {
        return new Requester(self.value(), origin.notifications(), origin.session(), origin.cancellation(),
                origin.description());
    }

    private void send(Link link, JsonRpc.Response response) {
        if (!link.send(codec.encode(response))) {
            LOG.log(Level.FINE, () -> "dropped the response to " + response.id() + ": link " + link.id() + " is closed");
        }
    }

    private JsonRpc.Response internalError(JsonValue id, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof JsonRpcException e) {
            return JsonRpc.Response.error(id, e.error());
        }
        LOG.log(Level.WARNING, "request " + id + " failed", cause);
        return JsonRpc.Response.error(id, JsonRpc.INTERNAL_ERROR, "internal error");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static JsonObject cancelParams(JsonValue requestId, String reason) {
        var params = Json.createObjectBuilder().add("requestId", requestId);
        if (reason != null) {
            params.add("reason", reason);
        }
        return params.build();
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    /** Runs an observer call; an observer that throws is logged and otherwise ignored. */
    static void observe(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "route observer failed", e);
        }
    }

    private static CompletionStage<JsonRpc.Response> answered(JsonRpc.Response response) {
        return CompletableFuture.completedFuture(response);
    }

    private static JsonObject orEmpty(JsonObject params) {
        return params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
    }

    /** Builds a {@link Router}; node, executor and scheduler are required. */
    public static final class Builder {
        private NodeInfo node;
        private AgentDirectory agents = AgentDirectory.EMPTY;
        private LinkDirectory links = LinkDirectory.NONE;
        private RoutingSettings settings = RoutingSettings.defaults();
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> traceIds;
        private JsonRpcCodec codec;
        private RouteSettings routes;
        private RouteObserver observer = RouteObserver.NONE;

        private Builder() {
        }

        public Builder node(NodeInfo value) { this.node = value; return this; }
        public Builder agents(AgentDirectory value) { this.agents = value; return this; }
        public Builder links(LinkDirectory value) { this.links = value; return this; }
        public Builder settings(RoutingSettings value) { this.settings = value; return this; }
        /** Where requests are served, off the links' read threads. */
        public Builder executor(Executor value) { this.executor = value; return this; }
        /** Runs request deadlines. */
        public Builder scheduler(ScheduledExecutorService value) { this.scheduler = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }
        /** Makes the opaque trace ids of route metadata; default 16 random bytes, base64url. */
        public Builder traceIds(Supplier<String> value) { this.traceIds = value; return this; }
        public Builder codec(JsonRpcCodec value) { this.codec = value; return this; }
        /**
         * Takes part in route announcements ({@code node/routes}) with these settings, and dials nodes
         * directly when they allow it. Without it the router forwards on direct links only.
         */
        public Builder routes(RouteSettings value) { this.routes = value; return this; }
        /** Hears how requests end (metrics); default none. */
        public Builder observer(RouteObserver value) { this.observer = value; return this; }

        public Router build() {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(agents, "agents");
            Objects.requireNonNull(links, "links");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(executor, "executor");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(observer, "observer");
            if (traceIds == null) {
                traceIds = randomTraceIds(new SecureRandom());
            }
            if (codec == null) {
                codec = new JsonRpcCodec();
            }
            return new Router(this);
        }

        private static Supplier<String> randomTraceIds(SecureRandom random) {
            return () -> {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            };
        }
    }
}
