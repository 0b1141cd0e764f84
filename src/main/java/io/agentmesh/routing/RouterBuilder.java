package io.agentmesh.routing;

import io.agentmesh.session.SessionSetup;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** Builds a {@link Router}; node, executor, scheduler, clock and trace ids are required. */
public final class RouterBuilder {
    NodeInfo node;
    AgentDirectory agents = AgentDirectory.EMPTY;
    LinkDirectory links = LinkDirectory.NONE;
    RoutingSettings settings = RoutingSettings.defaults();
    Executor executor;
    ScheduledExecutorService scheduler;
    ScheduledExecutorService announcer;
    Clock clock;
    Supplier<String> traceIds;
    JsonRpcCodec codec;
    boolean announceRoutes;
    RouteObserver observer = RouteObserver.NONE;
    HopTracing tracing = HopTracing.OFF;
    Supplier<Set<String>> groups = Set::of;
    SessionSetup sessions;
    SecureRandom random;

    RouterBuilder() {
    }

    public RouterBuilder node(NodeInfo value) { this.node = value; return this; }
    public RouterBuilder agents(AgentDirectory value) { this.agents = value; return this; }
    public RouterBuilder links(LinkDirectory value) { this.links = value; return this; }
    public RouterBuilder settings(RoutingSettings value) { this.settings = value; return this; }
    /** Where requests are served, off the links' read threads. */
    public RouterBuilder executor(Executor value) { this.executor = value; return this; }
    /** Runs request deadlines. */
    public RouterBuilder scheduler(ScheduledExecutorService value) { this.scheduler = value; return this; }
    /**
     * Sends the route announcements (with thousands of links, a round of them takes a while: deadlines
     * should not wait behind it); default the {@link #scheduler}.
     */
    public RouterBuilder announcer(ScheduledExecutorService value) { this.announcer = value; return this; }
    public RouterBuilder clock(Clock value) { this.clock = value; return this; }
    /** Makes the opaque trace ids of route metadata, e.g. {@link RouteMetadata#randomTraceIds}. */
    public RouterBuilder traceIds(Supplier<String> value) { this.traceIds = value; return this; }
    public RouterBuilder codec(JsonRpcCodec value) { this.codec = value; return this; }
    /**
     * Whether the router takes part in route announcements ({@code node/routes}) and dials nodes
     * directly, as {@link RoutingSettings#routes()} says; default false: it forwards on direct links only.
     */
    public RouterBuilder announceRoutes(boolean value) { this.announceRoutes = value; return this; }
    /** Hears how requests end (metrics); default none. */
    public RouterBuilder observer(RouteObserver value) { this.observer = value; return this; }
    /** Opens the spans of requests' hops; default {@link HopTracing#OFF} (trace context carried on as received). */
    public RouterBuilder tracing(HopTracing value) { this.tracing = value; return this; }
    /** The groups of this node's membership certificate, for the callers of its own entry points; default none. */
    public RouterBuilder groups(Supplier<Set<String>> value) { this.groups = value; return this; }
    /**
     * Takes part in end-to-end sessions (docs/protocol.md) as {@code setup} says: answers them, and seals
     * the requests of this node's entry points beyond its neighbours. Default: none (session operations are unknown node operations).
     */
    public RouterBuilder sessions(SessionSetup setup, SecureRandom value) {
        this.sessions = setup;
        this.random = value;
        return this;
    }

    public Router build() {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(traceIds, "traceIds");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(groups, "groups");
        if (codec == null) {
            codec = new JsonRpcCodec();
        }
        return new Router(this);
    }
}
