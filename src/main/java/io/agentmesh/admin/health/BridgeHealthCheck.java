package io.agentmesh.admin.health;

import io.agentmesh.agents.bridge.BridgeStarter;
import io.agentmesh.agents.bridge.BridgeStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The bridged agents in {@code /health/ready}: one data entry per bridge, {@code bridge.<id>: UP: 3 tools, ...}
 * or {@code bridge.<id>: DOWN: cannot reach ... (next attempt at ...)}, and {@code up}/{@code down} counts. A
 * bridge that is down does not make the node unready (its calls are answered −32060 and it reconnects on
 * its own), so the check itself is up; {@code mesh.bridge.*} is described in {@code docs/bridges.md}.
 */
@Readiness
@ApplicationScoped
public class BridgeHealthCheck implements HealthCheck {

    @Inject
    BridgeStarter bridges;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("agentmesh-bridges").up();
        long up = 0;
        long down = 0;
        for (BridgeStatus s : bridges.statuses()) {
            response.withData("bridge." + s.id(), s.summary());
            if (s.up()) {
                up++;
            } else {
                down++;
            }
        }
        return response.withData("up", up).withData("down", down).build();
    }
}
