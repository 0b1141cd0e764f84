package io.agentmesh.admin.tracing;

import io.agentmesh.routing.HopTracing;
import io.agentmesh.routing.NodeInfo;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.logging.Logger;

/**
 * Hands the router its {@link HopTracing}: {@link OpenTelemetryTracing} over the OpenTelemetry of
 * MicroProfile Telemetry ({@code mpTelemetry-2.0}) when its SDK is on, else {@link HopTracing#OFF}, which
 * opens no spans and costs the router nothing but reading the trace context. Liberty's runtime reads the
 * {@code otel.*} properties (docs/configuration.md, "Tracing"); the node reads none of them.
 */
@ApplicationScoped
public class TracingWiring {

    private static final Logger LOG = Logger.getLogger(TracingWiring.class.getName());

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @Produces
    @Singleton
    HopTracing hopTracing(NodeInfo node) {
        if (!openTelemetry.isResolvable()) {
            LOG.info("tracing off: no OpenTelemetry (the mpTelemetry feature is not enabled)");
            return HopTracing.OFF;
        }
        Tracer tracer = openTelemetry.get().getTracer(OpenTelemetryTracing.SCOPE);
        if (!recording(tracer)) {
            LOG.info("tracing off: the OpenTelemetry SDK is disabled (otel.sdk.disabled)");
            return HopTracing.OFF;
        }
        LOG.info("tracing on: the spans of requests' hops go to the OpenTelemetry SDK (otel.* settings)");
        return new OpenTelemetryTracing(tracer, node.nodeId().value());
    }

    /**
     * Whether {@code tracer} makes real spans: a span started without a parent has a valid context only
     * from the SDK, never from the no-op tracer of a disabled one. It is never ended, so never exported.
     */
    static boolean recording(Tracer tracer) {
        Span probe = tracer.spanBuilder("agentmesh.tracing.probe").setNoParent().startSpan();
        return probe.getSpanContext().isValid();
    }
}
