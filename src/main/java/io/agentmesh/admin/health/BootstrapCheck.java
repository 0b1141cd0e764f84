package io.agentmesh.admin.health;

import io.agentmesh.node.MeshConfig;
import io.agentmesh.node.NodeStatus;
import io.agentmesh.transport.MeshLinks;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}, check {@code agentmesh-bootstrap}): the configured bootstrap peers
 * are reachable, by the rule of {@link BootstrapReadiness}; DOWN names the entries not reached.
 */
@Readiness
@ApplicationScoped
public class BootstrapCheck implements HealthCheck {

    @Inject
    MeshConfig config;

    /** Looked up when called: a deployment without the transport (no WebSocket feature) still validates. */
    @Inject
    Provider<MeshLinks> links;

    @Inject
    NodeStatus status;

    private BootstrapReadiness rule;

    @PostConstruct
    void create() {
        rule = new BootstrapReadiness(config.bootstrapGrace(), Clock.systemUTC());
    }

    @Override
    public HealthCheckResponse call() {
        BootstrapReadiness.Verdict verdict = rule.evaluate(links.get().bootstrapStatus(), status.since());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agentmesh-bootstrap")
                .status(verdict.up())
                .withData("bootstrap", verdict.state().name().toLowerCase(java.util.Locale.ROOT))
                .withData("grace", rule.grace().toString());
        if (!verdict.linked().isEmpty()) {
            response.withData("linked", String.join(", ", verdict.linked()));
        }
        if (!verdict.unreachable().isEmpty()) {
            response.withData("unreachable", String.join(", ", verdict.unreachable()));
        }
        if (verdict.noneLinkedSince() != null) {
            response.withData("none-linked-since", verdict.noneLinkedSince().toString());
        }
        return response.build();
    }
}
