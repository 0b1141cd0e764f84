package io.agentmesh.agents.http;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.MeshRouter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CDI bean behind {@code /mcp} (wire-v1 §7): builds the {@link McpHttpHandler} from the
 * {@link McpHttpSettings}, the node's {@link AgentDirectory}, the {@link MeshRouter}'s entry and this
 * node's {@link NodeIdentity}, and owns the one thread that sends SSE keep-alives and sweeps idle
 * sessions. The settings and the directory fall back to their defaults when no producer supplies them.
 */
@ApplicationScoped
public class McpEndpoint {

    private static final Logger LOG = Logger.getLogger(McpEndpoint.class.getName());

    @Inject
    Instance<McpHttpSettings> settingsSource;

    @Inject
    Instance<AgentDirectory> directorySource;

    @Inject
    MeshRouter router;

    @Inject
    Instance<NodeIdentity> identitySource;

    private final AtomicReference<NodeId> self = new AtomicReference<>();
    private McpHttpHandler handler;
    private ScheduledExecutorService timer;

    @PostConstruct
    void start() {
        McpHttpSettings settings = settingsSource.isResolvable() ? settingsSource.get() : McpHttpSettings.defaults();
        AgentDirectory directory = directorySource.isResolvable() ? directorySource.get() : AgentDirectory.EMPTY;
        if (!directorySource.isResolvable()) {
            LOG.log(Level.WARNING, "/mcp: no agent directory is available; every agent path answers 404");
        }
        handler = new McpHttpHandler(settings, directory, router.entry(), this::self, new SecureRandom(),
                Clock.systemUTC());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agentmesh-mcp-timer");
            t.setDaemon(true);
            return t;
        });
        long keepAlive = settings.sseKeepAlive().toMillis();
        timer.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        long sweep = Math.min(settings.sessionIdleTimeout().dividedBy(4).toMillis(), Duration.ofMinutes(1).toMillis());
        timer.scheduleWithFixedDelay(this::sweep, sweep, Math.max(sweep, 1), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "/mcp ready: {0}", settings);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        handler.close();
    }

    public McpHttpHandler handler() {
        return handler;
    }

    private Optional<NodeId> self() {
        NodeId id = self.get();
        if (id == null && identitySource.isResolvable()) {
            id = identitySource.get().nodeId();
            self.set(id);
        }
        return Optional.ofNullable(id);
    }

    private void keepAlive() {
        try {
            handler.keepAlive();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "/mcp: keep-alive round failed", e);
        }
    }

    private void sweep() {
        try {
            int ended = handler.sessions().sweep();
            if (ended > 0) {
                LOG.log(Level.FINE, "/mcp: {0} idle sessions ended", ended);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "/mcp: session sweep failed", e);
        }
    }
}
