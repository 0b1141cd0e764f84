package io.agentmesh.testsupport;

import io.agentmesh.transport.LinkAdmission;
import io.agentmesh.transport.AdmissionLimits;
import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.RouteMetadata;
import io.agentmesh.routing.Router;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkEnvironment;
import io.agentmesh.transport.LinkManager;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.LocalNode;
import io.agentmesh.transport.Scheduler;
import io.agentmesh.transport.TrustPolicy;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A mesh peer that hosts no agents and accepts no connections (wire-v1 §1: "a client, a tool, a test"),
 * built from the production link manager and router over {@link JdkWebSocketDialer}: it dials nodes,
 * sends requests on its links and gets their answers, with the router's deadlines ({@code -32062}) and
 * link-down answers ({@code -32060}). It takes no part in route announcements.
 */
public final class MeshPeer implements AutoCloseable {

    private final NodeIdentity identity;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final Router router;
    private final LinkManager manager;

    private MeshPeer(Duration requestDeadline, int threads) {
        SecureRandom random = new SecureRandom();
        this.identity = NodeIdentity.generate(random);
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mesh-peer");
            t.setDaemon(true);
            return t;
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesh-peer-timers");
            t.setDaemon(true);
            return t;
        });
        this.router = Router.builder()
                .node(new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), List.of(), "mesh-peer/1", Instant.now()))
                .settings(RoutingSettings.defaults().withRequestDeadline(requestDeadline).withMaxPendingPerLink(65536))
                .executor(executor).scheduler(scheduler).clock(Clock.systemUTC())
                .traceIds(RouteMetadata.randomTraceIds(random)).build();
        LinkSettings settings = LinkSettings.defaults();
        LinkEnvironment env = new LinkEnvironment(LocalNode.create(identity, random, List.of(), "mesh-peer/1"), settings,
                TrustPolicy.open(), random, Clock.systemUTC(), Scheduler.of(scheduler), executor);
        this.manager = new LinkManager(env, new LinkAdmission(AdmissionLimits.defaults(), env, System::nanoTime), router, JdkWebSocketDialer.create(), List.of());
    }

    /** A peer whose requests wait at most {@code requestDeadline} for their answers. */
    public static MeshPeer create(Duration requestDeadline) {
        return new MeshPeer(requestDeadline, 4);
    }

    /** A peer with {@code threads} threads for link events and answers (the load tool uses more). */
    public static MeshPeer create(Duration requestDeadline, int threads) {
        return new MeshPeer(requestDeadline, threads);
    }

    public NodeId nodeId() {
        return identity.nodeId();
    }

    /** Dials {@code url}, checking that the node there is {@code expected} when not null; waits for the link. */
    public Link dial(String url, NodeId expected) throws Exception {
        return manager.dial(url, expected).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Sends a request on {@code link}; completes with its answer, never exceptionally. */
    public CompletableFuture<JsonRpc.Response> request(Link link, String method, JsonValue params) {
        return router.request(link, method, params).toCompletableFuture();
    }

    /** Sends a request and waits for its answer (the peer's request deadline bounds the wait). */
    public JsonRpc.Response call(Link link, String method, JsonValue params) throws Exception {
        return request(link, method, params).get(5, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        manager.shutdown();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }
}
