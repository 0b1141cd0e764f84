package io.agentmesh.node;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits, in the background, until this server's HTTP endpoint listens on {@code http.port}
 * ({@link EndpointProbe}), then tells start-up once: listening, or why not. Liberty opens its ports only
 * after the applications have started, so this cannot be known during start-up itself.
 */
@ApplicationScoped
public class HttpEndpointWatch {

    private static final long PROBE_INTERVAL_MILLIS = 500;

    @Inject
    Clock clock;

    @Inject
    NodeThreads threads;

    private volatile int port = -1;
    private volatile boolean requestSeen;
    private ScheduledExecutorService scheduler;

    /** Notes a probe that arrived at this application ({@link EndpointProbeFilter}) on {@code localPort}. */
    void probeArrived(int localPort) {
        if (!requestSeen && port > 0 && localPort == port) {
            requestSeen = true;
        }
    }

    /**
     * Starts watching.
     *
     * @param node        the HTTP endpoint
     * @param contextPath this application's context path on it
     * @param listening   called once the endpoint is this server's
     * @param failed      called with the reason when it is not
     */
    synchronized void watch(NodeSettings node, String contextPath, Runnable listening, Consumer<String> failed) {
        port = node.httpPort();
        String where = NodeSettings.hostForUrl(node.probeHost()) + ":" + node.httpPort();
        EndpointProbe probe = new EndpointProbe(URI.create("http://" + where + contextPath + EndpointProbeFilter.PATH), () -> requestSeen,
                clock);
        scheduler = threads.timer("agentmesh-endpoint-watch");
        scheduler.scheduleWithFixedDelay(() -> {
            EndpointProbe.Verdict verdict = probe.probe();
            switch (verdict) {
                case WAITING -> {
                    return;
                }
                case LISTENING -> listening.run();
                case TAKEN -> failed.accept("the HTTP port " + node.httpPort() + " on " + node.probeHost()
                        + " is held by another process (Liberty could not bind it: CWWKO0221E); this node cannot "
                        + "be reached. Free the port or set http.port");
                case CLOSED -> failed.accept("nothing listens on the HTTP port " + node.httpPort() + " on "
                        + node.probeHost() + " " + EndpointProbe.CLOSED_PATIENCE.toMinutes()
                        + " minutes after start; see Liberty's messages (CWWKO0221E) and http.port");
            }
            scheduler.shutdown();
        }, 0, PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
