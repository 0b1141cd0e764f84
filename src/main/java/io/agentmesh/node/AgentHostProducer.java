package io.agentmesh.node;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Produces the node's one {@link AgentHost}, which is also its {@link io.agentmesh.routing.AgentDirectory}.
 * Settings come from an {@link AgentSettings} bean when one is produced (by the node's configuration),
 * else straight from MicroProfile Config with {@link AgentSettings#fromConfig}. Tool calls run on the
 * caller's thread, a container thread, so the agents' container services apply.
 */
@ApplicationScoped
public class AgentHostProducer {

    private static final Logger LOG = Logger.getLogger(AgentHostProducer.class.getName());

    @Produces
    @Singleton
    AgentHost agentHost(Instance<AgentSettings> configured) {
        AgentSettings settings = configured.isResolvable() ? configured.get()
                : AgentSettings.fromConfig(ConfigProvider.getConfig());
        LOG.log(Level.CONFIG, "agent host settings: {0}", settings);
        return new AgentHost(settings);
    }
}
