package io.agentmesh.node;

import io.agentmesh.agents.bridge.BridgeConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Hands the bridged agents their configuration ({@code mesh.bridge.*}, read by {@link BridgeConfigReader}). */
@ApplicationScoped
public class BridgeWiring {

    @Inject
    MeshConfig config;

    @Produces
    @Singleton
    BridgeConfiguration bridgeConfiguration() {
        return config.bridges();
    }
}
