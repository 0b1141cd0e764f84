package io.agentmesh.node;

import io.agentmesh.agents.InputSettings;
import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.api.CallSettings;
import io.agentmesh.api.InputLimits;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.web.JwtAccess;
import io.agentmesh.web.JwtObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * Hands {@code /mcp} its settings ({@code mesh.mcp.*}) and {@code POST /api/v1/call} its own (the same access
 * rules, {@code mesh.rpc.timeout}), and both the node's one JWT mode ({@code mesh.oauth.*}), its refusals
 * counted by the {@link JwtObserver} (metrics) and logged at most once a minute per kind.
 */
@ApplicationScoped
public class ApiWiring {

    @Inject
    MeshConfig config;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    McpHttpSettings mcpHttpSettings() {
        return config.mcp();
    }

    @Produces
    @Singleton
    InputSettings inputSettings() {
        return config.input();
    }

    /** The Java API answers an agent's questions within the bounds of {@code mesh.mcp.input.*}, as {@code /mcp} does. */
    @Produces
    @Singleton
    InputLimits inputLimits() {
        return new InputLimits(config.input().maxRounds(), config.input().deadline());
    }

    @Produces
    @Singleton
    Optional<JwtAccess> jwtAccess(Instance<JwtObserver> observers) {
        JwtObserver observer = observers.isResolvable() ? observers.get() : JwtObserver.NONE;
        return config.mcp().oauth().map(settings -> JwtAccess.over(settings, clock, observer,
                new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime)));
    }

    @Produces
    @Singleton
    CallSettings callSettings(Optional<JwtAccess> jwt) {
        return new CallSettings(config.mcp().gate("/api/v1/call", jwt), config.callDeadline(), config.callEventQueue());
    }
}
