package io.agentmesh.agents.bridge;

import io.agentmesh.agents.AgentHost;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the node's bridged agents when the node's start-up asks (after the annotated agents are
 * registered, so they keep the first places) and stops them with the application. The bridges come from a
 * {@link BridgeConfiguration} bean, produced by the node's configuration (without one there are none);
 * the clock and the {@link BridgeThreads} they run on are the node's beans too.
 */
@ApplicationScoped
public class BridgeStarter {

    private static final Logger LOG = Logger.getLogger(BridgeStarter.class.getName());

    @Inject
    Instance<BridgeConfiguration> configuration;

    @Inject
    AgentHost host;

    @Inject
    Clock clock;

    @Inject
    BridgeThreads threads;

    private volatile Bridges bridges;

    /** Starts the configured bridges; the node's start-up calls it once, after the annotated agents are registered. */
    public void start() {
        BridgeConfiguration config = configuration.isResolvable() ? configuration.get() : BridgeConfiguration.none();
        if (config.bridges().isEmpty()) {
            LOG.log(Level.FINE, "no bridged agents configured");
            return;
        }
        Bridges started = new Bridges(host, config, clock, threads);
        started.start();
        bridges = started;
        LOG.log(Level.INFO, "{0} bridged agent(s): {1}", new Object[] {config.bridges().size(),
            String.join(", ", config.bridges().stream().map(b -> b.id() + " → " + b.target()).toList())});
    }

    @PreDestroy
    void stop() {
        Bridges current = bridges;
        bridges = null;
        if (current != null) {
            current.close();
        }
    }

    /** The state of each bridged agent, in configuration order; empty when none are configured. */
    public List<BridgeStatus> statuses() {
        Bridges current = bridges;
        return current == null ? List.of() : current.statuses();
    }
}
