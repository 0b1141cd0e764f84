package io.agentmesh.node;

import io.agentmesh.api.CallSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Hands {@code POST /api/v1/call} its settings: the access rules of {@code /mcp} and {@code mesh.rpc.timeout}. */
@ApplicationScoped
public class ApiWiring {

    @Inject
    MeshConfig config;

    @Produces
    @Singleton
    CallSettings callSettings() {
        return new CallSettings(config.mcpHttpSettings().gate("/api/v1/call"), config.rpcTimeout());
    }
}
