package io.agentmesh.node;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Produces the node's one {@link AgentHost}, which is also its {@link io.agentmesh.routing.AgentDirectory},
 * with the agent settings of the node's configuration ({@code mesh.agents.*}). Tool calls run on the
 * caller's thread, a container thread, so the agents' container services apply.
 * <p>
 * The host is needed while the deployment is validated, before start-up reads the configuration; when
 * the configuration cannot be used, the host gets the default settings so that the deployment completes,
 * and start-up then reports the configuration error and starts nothing (no request reaches an agent).
 */
@ApplicationScoped
public class AgentHostProducer {

    private static final Logger LOG = Logger.getLogger(AgentHostProducer.class.getName());

    @Produces
    @Singleton
    AgentHost agentHost(MeshConfigLoader configuration) {
        AgentSettings settings;
        try {
            settings = configuration.get().agents();
        } catch (InvalidConfigException e) {
            settings = AgentSettings.defaults();
        }
        LOG.log(Level.CONFIG, "agent host settings: {0}", settings);
        return new AgentHost(settings);
    }
}
