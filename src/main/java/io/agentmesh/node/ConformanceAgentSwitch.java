package io.agentmesh.node;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.conformance.ConformanceAgent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deploys the fixture agent of the MCP conformance suite ({@link ConformanceAgent}, id {@code conformance})
 * when {@code mesh.conformance.enabled} is true; it is off by default. The agent is built by hand rather than
 * discovered, so it is registered when the application starts, after the annotated agents (which keeps the
 * node's default agent, the first registered, unchanged). A configuration that cannot be read deploys
 * nothing: start-up reports it ({@link NodeStartup}).
 */
@ApplicationScoped
public class ConformanceAgentSwitch {

    private static final Logger LOG = Logger.getLogger(ConformanceAgentSwitch.class.getName());

    @Inject
    MeshConfigLoader configuration;

    @Inject
    Provider<AgentHost> host;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        AgentSettings settings;
        try {
            settings = configuration.get().agents();
        } catch (InvalidConfigException e) {
            return;
        }
        if (deploy(settings, host.get())) {
            LOG.log(Level.INFO, "conformance fixture agent {0} deployed ({1}=true)",
                    new Object[] {ConformanceAgent.ID, ConfigKeys.CONFORMANCE_ENABLED.name()});
        }
    }

    /** Registers the fixture agent into {@code host} when {@code settings} enable it; true when it did. */
    static boolean deploy(AgentSettings settings, AgentHost host) {
        if (!settings.conformanceEnabled()) {
            return false;
        }
        host.register(ConformanceAgent.definition(ConformanceAgent.STEP));
        return true;
    }
}
