package io.agentmesh.admin.health;

import io.agentmesh.node.MeshConfig;
import io.agentmesh.node.NodeStatus;
import io.agentmesh.transport.MeshLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Clock;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}, check {@code agentmesh-bootstrap}): the configured bootstrap peers
 * are reachable, by the rule of {@link BootstrapReadiness}; DOWN names the entries not reached. A node
 * that failed to start has no links to judge: DOWN, {@code bootstrap: not started}.
 */
@Readiness
@ApplicationScoped
public class BootstrapCheck implements HealthCheck {

    private static final String NAME = "agentmesh-bootstrap";

    /** Looked up when the node has started: a configuration that cannot be used makes none. */
    @Inject
    Provider<MeshConfig> config;

    /** Looked up when called: a deployment without the transport (no WebSocket feature) still validates. */
    @Inject
    Provider<MeshLinks> links;

    @Inject
    NodeStatus status;

    @Inject
    Clock clock;

    private BootstrapReadiness rule;

    @Override
    public HealthCheckResponse call() {
        if (status.phase() == NodeStatus.Phase.FAILED) {
            return HealthCheckResponse.named(NAME).down().withData("bootstrap", "not started").build();
        }
        BootstrapReadiness.Verdict verdict = rule().evaluate(links.get().bootstrapStatus(), status.since());
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(verdict.up())
                .withData("bootstrap", verdict.state().name().toLowerCase(Locale.ROOT))
                .withData("grace", rule().grace().toString());
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

    private synchronized BootstrapReadiness rule() {
        if (rule == null) {
            rule = new BootstrapReadiness(config.get().bootstrapGrace(), clock);
        }
        return rule;
    }
}
