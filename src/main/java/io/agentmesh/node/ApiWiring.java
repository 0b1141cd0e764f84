package io.agentmesh.node;

import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.api.CallSettings;
import io.agentmesh.web.AccessPolicy;
import io.agentmesh.web.OriginPolicy;
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
        McpHttpSettings mcp = config.mcpHttpSettings();
        return new CallSettings(new OriginPolicy(mcp.allowedOrigins()),
                new AccessPolicy(mcp.token(), mcp.allowLoopback()), mcp.maxBodyBytes(), config.rpcTimeout());
    }
}
