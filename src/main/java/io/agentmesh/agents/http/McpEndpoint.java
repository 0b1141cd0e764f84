package io.agentmesh.agents.http;

import io.agentmesh.agents.InputSettings;
import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.web.JwtAccess;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CDI bean behind {@code /mcp} (wire-v1 §7): builds the {@link McpHttpHandler} from the
 * {@link McpHttpSettings}, the node's {@link AgentDirectory}, the {@link MeshRouter}'s entry, this
 * node's {@link NodeIdentity}, the node's JWT mode ({@link JwtAccess}, when configured) and the node's
 * randomness and clock, and sends SSE keep-alives and sweeps
 * idle sessions on the node's {@link McpHttpThreads}. The settings and the directory fall back to their
 * defaults when no producer supplies them.
 */
@ApplicationScoped
public class McpEndpoint {

    private static final Logger LOG = Logger.getLogger(McpEndpoint.class.getName());

    @Inject
    Instance<McpHttpSettings> settingsSource;

    @Inject
    Instance<AgentDirectory> directorySource;

    @Inject
    Instance<InputSettings> inputSource;

    @Inject
    MeshRouter router;

    @Inject
    Instance<NodeIdentity> identitySource;

    @Inject
    Instance<Optional<JwtAccess>> jwtSource;

    @Inject
    Instance<McpHttpObserver> observerSource;

    @Inject
    SecureRandom random;

    @Inject
    Clock clock;

    @Inject
    McpHttpThreads threads;

    private final AtomicReference<NodeId> self = new AtomicReference<>();
    private McpHttpHandler handler;
    private ScheduledFuture<?> keepAlives;
    private ScheduledFuture<?> sweeps;

    @PostConstruct
    void start() {
        McpHttpSettings settings = settingsSource.isResolvable() ? settingsSource.get() : McpHttpSettings.defaults();
        AgentDirectory directory = directorySource.isResolvable() ? directorySource.get() : AgentDirectory.EMPTY;
        if (!directorySource.isResolvable()) {
            LOG.log(Level.WARNING, "/mcp: no agent directory is available; every agent path answers 404");
        }
        Optional<JwtAccess> jwt = jwtSource.isResolvable() ? jwtSource.get() : Optional.empty();
        InputSettings input = inputSource.isResolvable() ? inputSource.get() : InputSettings.defaults();
        McpHttpObserver observer = observerSource.isResolvable() ? observerSource.get() : McpHttpObserver.NONE;
        handler = new McpHttpHandler(settings, input, directory, router.entry(), this::self, jwt, random, clock, observer,
                new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime));
        ScheduledExecutorService timer = threads.timer();
        long keepAlive = settings.sseKeepAlive().toMillis();
        keepAlives = timer.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
        long sweep = Math.min(settings.sessionIdleTimeout().dividedBy(4).toMillis(), Duration.ofMinutes(1).toMillis());
        sweeps = timer.scheduleWithFixedDelay(this::sweep, sweep, Math.max(sweep, 1), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "/mcp ready: {0}", settings);
    }

    @PreDestroy
    void stop() {
        keepAlives.cancel(false);
        sweeps.cancel(false);
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
