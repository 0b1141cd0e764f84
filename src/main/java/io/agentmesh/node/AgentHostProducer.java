package io.agentmesh.node;

import io.agentmesh.agents.AccessControl;
import io.agentmesh.agents.AccessObserver;
import io.agentmesh.agents.AccessRule;
import io.agentmesh.agents.AccessRules;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.InputObserver;
import io.agentmesh.agents.InputSettings;
import io.agentmesh.agents.InputStates;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.transport.LogLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Produces the node's one {@link AgentHost}, which is also its {@link io.agentmesh.routing.AgentDirectory},
 * with the agent settings of the node's configuration ({@code mesh.agents.*}) and its access rules
 * ({@code mesh.access.*}), and the {@code requestState}s of multi round-trip requests under a random key of
 * this start ({@code mesh.mcp.input.state-ttl}). Tool calls run on the caller's thread, a container thread, so the agents'
 * container services apply.
 * <p>
 * The host is needed while the deployment is validated, before start-up reads the configuration; when
 * the configuration cannot be used, the host gets the default settings and admits no caller, so that the
 * deployment completes, and start-up then reports the configuration error and starts nothing. The node's
 * identity and the observer of refusals (metrics) are looked up at the first request that needs them.
 */
@ApplicationScoped
public class AgentHostProducer {

    private static final Logger LOG = Logger.getLogger(AgentHostProducer.class.getName());

    /** Admits no caller: the rules of a node whose configuration cannot be used. */
    private static final AccessRules NOBODY = new AccessRules(Map.of(), new AccessRule(List.of()), false);

    @Inject
    Provider<NodeIdentity> identity;

    @Inject
    Instance<AccessObserver> observers;

    @Inject
    Instance<InputObserver> inputObservers;

    @Inject
    SecureRandom random;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    AgentHost agentHost(MeshConfigLoader configuration) {
        AgentSettings settings;
        AccessRules rules;
        InputSettings input;
        try {
            settings = configuration.get().agents();
            rules = configuration.get().access();
            input = configuration.get().input();
        } catch (InvalidConfigException e) {
            settings = AgentSettings.defaults();
            rules = NOBODY;
            input = InputSettings.defaults();
        }
        LOG.log(Level.CONFIG, "agent host settings: {0}, access: {1}", new Object[] {settings, rules});
        var access = new AccessControl(rules, () -> identity.get().nodeId(), this::refused,
                new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime));
        return new AgentHost(settings, Runnable::run, access, InputStates.random(random, clock, input.stateTtl()),
                this::retryRefused);
    }

    private void retryRefused(String agent, InputObserver.Reason reason) {
        if (inputObservers.isResolvable()) {
            inputObservers.get().retryRefused(agent, reason);
        }
    }

    private void refused(String agent, AccessControl.Reason reason) {
        if (observers.isResolvable()) {
            observers.get().refused(agent, reason);
        }
    }
}
