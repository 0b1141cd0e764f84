package io.agentmesh.routing;

import io.agentmesh.session.SessionSetup;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkListener;
import io.agentmesh.transport.Membership;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's one {@link Router} as a CDI bean (wire-v1 §5), on the node's {@link RouterThreads}: builds
 * and starts it, drains it at shutdown, is the {@link LinkListener} the transport delivers to, and hands
 * out the {@link MeshEntry} over it.
 *
 * <p>Needs beans of {@link RoutingSettings}, {@link NodeInfo}, {@link Clock}, {@link SecureRandom} and {@link RouterThreads}; uses an {@link AgentDirectory} and a
 * {@link LinkDirectory}, a {@link RouteObserver}, a {@link HopTracing}, a {@link Membership} (this node's groups) and a
 * {@link SessionSetup} (end-to-end sessions) when there are such beans, else none. Route announcements
 * are always on.
 */
@ApplicationScoped
public class MeshRouter implements LinkListener {

    private static final Logger LOG = Logger.getLogger(MeshRouter.class.getName());

    @Inject
    Instance<AgentDirectory> agentDirectories;

    @Inject
    Instance<LinkDirectory> linkDirectories;

    @Inject
    Instance<NodeInfo> nodeInfos;

    @Inject
    Instance<RouteObserver> observers;

    /** Opens the spans of requests' hops (the node's is OpenTelemetry's, through MicroProfile Telemetry). */
    @Inject
    Instance<HopTracing> tracings;

    /** Present when the node takes part in end-to-end sessions. */
    @Inject
    Instance<SessionSetup> sessionSetups;

    /** This node's membership: its certificate's groups are its callers' groups. */
    @Inject
    Instance<Membership> memberships;

    @Inject
    RoutingSettings settings;

    @Inject
    Clock clock;

    /** Makes the trace ids of route metadata. */
    @Inject
    SecureRandom random;

    @Inject
    RouterThreads threads;

    /** How long requests being served at shutdown may take to finish. */
    static final Duration DRAIN = Duration.ofSeconds(5);

    private Router router;
    private MeshEntry entry;

    @PostConstruct
    void start() {
        if (!nodeInfos.isResolvable()) {
            throw new IllegalStateException("the router needs exactly one NodeInfo bean (this node's identity)");
        }
        NodeInfo node = nodeInfos.get();
        AgentDirectory agents = resolve(agentDirectories, AgentDirectory.EMPTY, "AgentDirectory");
        LinkDirectory links = resolve(linkDirectories, LinkDirectory.NONE, "LinkDirectory");
        RouteObserver observer = resolve(observers, RouteObserver.NONE, "RouteObserver");
        HopTracing tracing = resolve(tracings, HopTracing.OFF, "HopTracing");
        Set<String> groups = resolve(memberships, Membership.NONE, "Membership").own()
                .map(own -> Set.copyOf(own.certificate().groups())).orElse(Set.of());
        RouterBuilder builder = Router.builder()
                .node(node)
                .agents(agents)
                .links(links)
                .settings(settings)
                .executor(threads.workers())
                .scheduler(threads.scheduler())
                .announcer(threads.announcer())
                .clock(clock)
                .traceIds(RouteMetadata.randomTraceIds(random))
                .announceRoutes(true)
                .observer(observer)
                .tracing(tracing)
                .groups(() -> groups);
        if (sessionSetups.isResolvable()) {
            builder.sessions(sessionSetups.get(), random);
        }
        router = builder.build();
        router.start();
        entry = new MeshEntry(router, threads.scheduler(), threads.workers());
        LOG.info(() -> "router of node " + node.nodeId() + " started with " + agents.agentIds().size() + " agents");
    }

    /**
     * Drains the router: requests not yet being served are refused from now on with {@code -32065}
     * (callers of a replicated agent go to another replica), and those being served get up to
     * {@link #DRAIN} to finish. The node's shutdown calls it before closing the links; idempotent.
     */
    public void drain() {
        if (threads == null || threads.workers().isTerminated()) {
            return;
        }
        ExecutorService workers = threads.workers();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info(() -> "router stopping: requests still running after " + DRAIN.toSeconds()
                        + " s are interrupted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the route announcements and drains; the threads are the node's ({@link RouterThreads}), stopped after. */
    @PreDestroy
    void stop() {
        if (router != null) {
            router.close();
        }
        drain();
    }

    /** The router itself, e.g. to add node operations, agent sources or a balancer. */
    public Router router() {
        return router;
    }

    /** The way into the mesh for this node's own callers: the Java API, {@code /mcp}, the REST API, the console. */
    public MeshEntry entry() {
        return entry;
    }

    /** See {@link Router#request}. */
    public CompletionStage<JsonRpc.Response> request(Link link, String method, JsonValue params) {
        return router.request(link, method, params);
    }

    /** See {@link Router#notify(Link, String, JsonValue)}. */
    public boolean notify(Link link, String method, JsonValue params) {
        return router.notify(link, method, params);
    }

    @Override
    public void linkUp(Link link) {
        router.linkUp(link);
    }

    @Override
    public void message(Link link, byte[] applicationMessage) {
        router.message(link, applicationMessage);
    }

    @Override
    public void linkDown(Link link, int closeCode, String reason) {
        router.linkDown(link, closeCode, reason);
    }

    private static <T> T resolve(Instance<T> instance, T fallback, String what) {
        if (instance.isResolvable()) {
            return instance.get();
        }
        if (instance.isAmbiguous()) {
            throw new IllegalStateException("more than one " + what + " bean");
        }
        LOG.log(Level.INFO, () -> "no " + what + " bean: the router uses an empty one");
        return fallback;
    }
}
