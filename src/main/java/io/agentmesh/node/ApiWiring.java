package io.agentmesh.node;

import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.api.CallSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Hands {@code /mcp} its settings ({@code mesh.mcp.*}) and {@code POST /api/v1/call} its own (the same access rules, {@code mesh.rpc.timeout}). */
@ApplicationScoped
public class ApiWiring {

    @Inject
    MeshConfig config;

    @Produces
    @Singleton
    McpHttpSettings mcpHttpSettings() {
        return config.mcp();
    }

    @Produces
    @Singleton
    CallSettings callSettings() {
        return config.call();
    }
}
