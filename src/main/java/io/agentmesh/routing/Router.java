package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkListener;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes JSON-RPC on links and from local entry points (wire-v1 §4 last bullets, §5): the node's
 * {@link LinkListener} and the entry point of its local callers, composed of the routing parts. It
 * decodes each application message of a link; completes a response's pending request
 * ({@link PendingRequests}); takes route announcements ({@link DistanceVector}); books a request
 * ({@link ServedRequests}) and hands it, like a notification or a local caller's request, to the §5.2
 * {@link Dispatcher}; and sends each response back on the link the request came in on. Messages arrive
 * on the link's reading thread: requests for another node are forwarded there (forwarding never
 * blocks), answers to forwarded requests and the notifications of those requests (progress, log messages, a listen's) are relayed there, in the order they came, requests an agent serves without blocking
 * are served there, and every other request is served on the injected executor. One instance per node.
 */
public final class Router implements LinkListener {

    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final NodeId self;
    private final RoutingSettings settings;
    private final Executor executor;
    private final Executor relay;
    private final JsonRpcCodec codec;
    private final Clock clock;
    private final RouteObserver observer;
    private final PendingRequests pending;
    private final ServedRequests served;
    private final Forwarder forwarder;
    private final NextHops nextHops;
    private final Dispatcher dispatcher;
    private final NodeOperations nodeOperations;
    /** Null when this router takes no part in route announcements. */
    private final DistanceVector distanceVector;
    private final ConcurrentHashMap<String, LinkClientSession> sessions = new ConcurrentHashMap<>();
    private final Supplier<Set<String>> groups;
    /** Null when this node takes no part in end-to-end sessions. */
    private final EndToEnd endToEnd;
    private final ScheduledExecutorService scheduler;

    Router(RouterBuilder b) {
        this.self = b.node.nodeId();
        this.settings = b.settings;
        this.groups = b.groups;
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
        this.observer = new GuardedObserver(b.observer);
        this.pending = new PendingRequests(b.scheduler, clock, settings.maxPendingPerLink());
        this.served = new ServedRequests(self, settings.maxServedPerLink());
        RoutingSettings.Routes routes = settings.routes();
        RouteTable routeTable = b.announceRoutes ? new RouteTable(self, routes, clock) : null;
        this.nextHops = new NextHops(self, b.links, routeTable,
                b.announceRoutes ? routes : routes.withDialDirect(false), clock);
        this.endToEnd = b.sessions == null ? null : new EndToEnd(self, b.sessions, b.random, codec, clock, observer);
        this.scheduler = b.scheduler;
        HopTraces traces = new HopTraces(b.tracing, observer, new LogLimiter(LogLimiter.DEFAULT_INTERVAL,
                () -> TimeUnit.MILLISECONDS.toNanos(clock.millis())));
        this.forwarder = new Forwarder(nextHops, pending, settings, codec, b.traceIds, clock, observer, traces,
                endToEnd == null ? null : endToEnd.forwarding());
        this.nodeOperations = new NodeOperations(b.node, b.agents, b.links, clock);
        LocalDelivery local = new LocalDelivery(self, b.agents, nodeOperations,
                endToEnd == null ? null : endToEnd.delivery(), observer, clock, b.executor, traces);
        Failover failover = new Failover(self, forwarder, local::deliver, settings.failoverAttempts(), relay);
        this.dispatcher = new Dispatcher(self, b.agents, forwarder, failover, local, observer, clock, traces);
        if (routeTable != null) {
            this.distanceVector = new DistanceVector(routeTable, routes, b.node.addrs(),
                    b.announcer != null ? b.announcer : b.scheduler, clock, codec, Link::send);
            nodeOperations.add("list_routes", (p, c) -> routeTable.toJson());
        } else {
            this.distanceVector = null;
        }
    }

    public static RouterBuilder builder() {
        return new RouterBuilder();
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
        return Optional.ofNullable(distanceVector).map(DistanceVector::table);
    }

    /**
     * Starts the router's own timers: the periodic route announcements, when it takes part in them
     * ({@link RouterBuilder#announceRoutes}). Call once, after {@link RouterBuilder#build()}; links may come up before.
     */
    public void start() {
        if (distanceVector != null) {
            distanceVector.start();
        }
        if (endToEnd != null) {
            endToEnd.start(scheduler);
        }
    }

    /** Stops the route announcements. Requests in flight still end through their deadlines. */
    public void close() {
        if (distanceVector != null) {
            distanceVector.stop();
        }
        if (endToEnd != null) {
            endToEnd.stop();
        }
    }

    /**
     * Drops the end-to-end sessions with {@code peer}, both ways (its membership ended, or the trust policy
     * refuses it now): its requests in them are refused from now on, and a new session must pass the
     * handshake's checks again.
     */
    public void dropSessions(NodeId peer) {
        if (endToEnd != null) {
            endToEnd.dropPeer(peer);
        }
    }

    /** End-to-end handshakes this node started as initiator since it started (0 without sessions). */
    public long sessionHandshakes() {
        return endToEnd == null ? 0 : endToEnd.handshakes();
    }

    /** Replaces the policy that picks the nodes for {@code *} addresses and hears how requests to them end. */
    public void setBalancer(Balancer newBalancer) {
        dispatcher.setBalancer(newBalancer);
    }

    // ---- local entry points ----

    /**
     * Routes a request from a local entry point as in §5.2, its method a whole address; the stage never
     * fails. One that is not answered at once completes on a worker, never on a link's reading thread,
     * so the caller's own continuations may take their time.
     */
    public CompletionStage<JsonRpc.Response> route(JsonRpc.Request request, Origin origin) {
        return offReadingThread(dispatcher.dispatch(request, null, localRequester(origin)));
    }

    /**
     * As {@link #route(JsonRpc.Request, Origin)}, to {@code to} with the request's method the op alone
     * (e.g. {@code tools/call}): the address is put together here, its text only where it goes on a link.
     * {@link MeshEntry} is how entry points call it.
     */
    public CompletionStage<JsonRpc.Response> route(Destination to, JsonRpc.Request request, Origin origin) {
        try {
            return offReadingThread(dispatcher.dispatch(request, Address.of(to, request.method()),
                    localRequester(origin)));
        } catch (JsonRpcException e) {
            return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(), e.error()));
        }
    }

    private CompletionStage<JsonRpc.Response> offReadingThread(CompletionStage<JsonRpc.Response> stage) {
        CompletableFuture<JsonRpc.Response> answer = stage.toCompletableFuture();
        return answer.isDone() ? answer : answer.thenApplyAsync(r -> r, relay);
    }

    /** Routes a notification from a local entry point; one that cannot be delivered is dropped (logged). */
    public void routeNotification(JsonRpc.Notification notification, Origin origin) {
        dispatcher.dispatch(notification, localRequester(origin));
    }

    /** As {@link #routeNotification(JsonRpc.Notification, Origin)}, to {@code to} with the op alone as method. */
    public void routeNotification(Destination to, JsonRpc.Notification notification, Origin origin) {
        try {
            dispatcher.dispatch(notification, Address.of(to, notification.method()), localRequester(origin));
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
            if (!link.send(codec.encode(new JsonRpc.Request(call.id(), method, params), link.binaryBoxes()))) {
                pending.fail(link, call.id(), new JsonRpc.Error(JsonRpc.NODE_UNREACHABLE,
                        "node unreachable: the link to " + link.peer() + " closed",
                        JsonRpc.errorData(link.peer().value(), null)));
            }
            return call.response().thenApplyAsync(r -> {
                observer.sent(link, method, false, Duration.between(start, clock.instant()), r);
                return r;
            }, relay);
        } catch (JsonRpcException e) {
            return CompletableFuture.completedFuture(JsonRpc.Response.error(JsonValue.NULL, e.error()));
        }
    }

    /** Sends a notification of this node's own on {@code link}; false when the link is closed. */
    public boolean notify(Link link, String method, JsonValue params) {
        return link.send(codec.encode(new JsonRpc.Notification(method, params), link.binaryBoxes()));
    }

    // ---- links ----

    @Override
    public void linkUp(Link link) {
        sessions.computeIfAbsent(link.id(), k -> new LinkClientSession(link, codec));
        LOG.log(Level.FINE, () -> "routing on link " + link.id() + " to " + link.peer());
        nextHops.linkUp(link);
        if (distanceVector != null) {
            distanceVector.linkUp(link);
        }
    }

    @Override
    public void message(Link link, byte[] applicationMessage) {
        JsonRpc message;
        try {
            message = codec.decode(applicationMessage, link.binaryBoxes());
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
            if (forwarder.relay(link, notification)) {
                return;   // on the link's thread, so that it goes on before the response that follows it
            }
            Requester from = linkRequester(link, new Cancellation(), null);
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
        nextHops.linkDown(link);
        if (distanceVector != null) {
            distanceVector.linkDown(link);
        }
        served.linkDown(link);
        sessions.remove(link.id());
        LOG.log(Level.FINE, () -> "link " + link.id() + " to " + link.peer() + " down (" + closeCode + ")");
    }

    private void onRequest(Link link, JsonRpc.Request request) {
        Cancellation cancellation;
        try {
            cancellation = served.open(link, request.id());
        } catch (JsonRpcException e) {
            send(link, JsonRpc.Response.error(request.id(), e.error()));
            return;
        }
        Requester from = linkRequester(link, cancellation, request.id());
        Address address = parsedOrNull(request.method());       // parsed once; a bad one is answered on a worker
        if (address != null && dispatcher.servesWithoutBlocking(address, request)) {
            serve(link, request, address, from);                 // no hand-off to a worker
            return;
        }
        try {
            executor.execute(() -> serve(link, request, address, from));
        } catch (RejectedExecutionException e) {
            served.end(link, request.id(), cancellation);
            send(link, JsonRpc.Response.error(request.id(), new JsonRpc.Error(JsonRpc.OVERLOADED,
                    "overloaded: try later", JsonRpc.errorData(self.value(), null))));
        }
    }

    private void serve(Link link, JsonRpc.Request request, Address address, Requester from) {
        dispatcher.dispatch(request, address, from).thenAccept(response -> {
            served.end(link, request.id(), from.cancellation());
            if (from.cancellation().isCancelled()) {
                LOG.log(Level.FINE, () -> "no answer to cancelled request " + request.id() + " from " + link.peer());
                return;
            }
            send(link, response);
        });
    }

    private void onNotification(Link link, JsonRpc.Notification notification, Requester from) {
        if (served.cancel(link, notification)) {
            return;
        }
        dispatcher.dispatch(notification, from);
    }

    private static Address parsedOrNull(String method) {
        try {
            return Address.parse(method);
        } catch (JsonRpcException e) {
            return null;
        }
    }

    /** The requester of a request ({@code requestId}; null for a notification) that came in on {@code link}. */
    private Requester linkRequester(Link link, Cancellation cancellation, JsonValue requestId) {
        LinkClientSession session = sessions.computeIfAbsent(link.id(), k -> new LinkClientSession(link, codec));
        NotificationSink back = session::sendNotification;
        return new Requester(link.peer().value(), Optional.of(link.peer()), Caller.node(link.peer(), link.peerGroups()),
                requestId == null ? back : RequestScoped.marking(back, requestId), session,
                cancellation, "link " + link.id() + " (" + link.peer() + ")");
    }

    private Requester localRequester(Origin origin) {
        return new Requester(self.value(), Optional.empty(), Caller.node(self, groups.get()).withUser(origin.user()),
                origin.notifications(), origin.session(),
                origin.cancellation(), origin.description());
    }

    private void send(Link link, JsonRpc.Response response) {
        if (!link.send(codec.encode(response, link.binaryBoxes()))) {
            LOG.log(Level.FINE, () -> "dropped the response to " + response.id() + ": link " + link.id() + " is closed");
        }
    }
}
