package io.agentmesh.admin.tracing;

import io.agentmesh.routing.HopTracing;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Objects;

/**
 * The hops of requests as OpenTelemetry spans (docs/operations.md, "Tracing"): an entry is a {@code SERVER}
 * span, a forward a {@code CLIENT} span, a delivery to an agent a {@code SERVER} span when the request came
 * in on a link (else {@code INTERNAL}, inside its entry). Each is the child of the trace context the request
 * carried; an entry without one is the child of the current context (the span of the HTTP request, when
 * the runtime made one), a hop from a link without one starts a trace. A span is named
 * {@code <method> <agent>} ({@code tools/call echo}) or {@code node/<op>}, and has the attributes
 * {@code mcp.method.name}, {@code agentmesh.hop} ({@code entry}, {@code forward}, {@code delivery}),
 * {@code agentmesh.address}, {@code agentmesh.node.id}, for a forward {@code agentmesh.next_hop} and
 * {@code agentmesh.route.trace} (wire-v1 §5.3), and for an error answer {@code rpc.jsonrpc.error_code} with
 * status {@code ERROR}. The {@code tracestate} a request carried is handed on unchanged.
 */
public final class OpenTelemetryTracing implements HopTracing {

    /** The instrumentation scope of the node's spans. */
    public static final String SCOPE = "io.agentmesh";

    private final Tracer tracer;
    private final String nodeId;

    /** Spans from {@code tracer}, of the node {@code nodeId}. */
    public OpenTelemetryTracing(Tracer tracer, String nodeId) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    }

    @Override
    public HopSpan open(Hop hop, TraceContext parent) {
        String address = hop.address();
        int slash = address.indexOf('/');
        String target = slash < 0 ? "" : address.substring(address.lastIndexOf(':', slash) + 1, slash);
        String op = slash < 0 ? address : address.substring(slash + 1);
        String name = target.isEmpty() ? op : target.equals("node") ? "node/" + op : op + " " + target;
        SpanBuilder builder = tracer.spanBuilder(name)
                .setSpanKind(kind(hop))
                .setAttribute("mcp.method.name", op)
                .setAttribute("agentmesh.hop", hop.kind().name().toLowerCase(Locale.ROOT))
                .setAttribute("agentmesh.address", address)
                .setAttribute("agentmesh.node.id", nodeId);
        if (hop.nextHop() != null) {
            builder.setAttribute("agentmesh.next_hop", hop.nextHop());
        }
        if (hop.routeTrace() != null) {
            builder.setAttribute("agentmesh.route.trace", hop.routeTrace());
        }
        if (parent != null) {
            builder.setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(parent.traceId(),
                    parent.parentId(), TraceFlags.fromByte((byte) parent.flags()), TraceState.getDefault()))));
        } else if (hop.kind() != Kind.ENTRY) {
            builder.setNoParent();
        }
        Span span = builder.startSpan();
        SpanContext own = span.getSpanContext();
        TraceContext context = own.isValid() ? new TraceContext(own.getTraceId(), own.getSpanId(),
                own.getTraceFlags().asByte() & 0xff, parent == null ? null : parent.tracestate()) : null;
        return new OpenSpan(span, context);
    }

    private static SpanKind kind(Hop hop) {
        return switch (hop.kind()) {
            case ENTRY -> SpanKind.SERVER;
            case FORWARD -> SpanKind.CLIENT;
            case DELIVERY -> hop.fromLink() ? SpanKind.SERVER : SpanKind.INTERNAL;
        };
    }

    private record OpenSpan(Span span, TraceContext context) implements HopSpan {
        @Override
        public void end(JsonRpc.Response response) {
            if (response == null) {
                span.setStatus(StatusCode.ERROR, "internal error");
            } else if (response.isError()) {
                span.setAttribute("rpc.jsonrpc.error_code", response.error().code());
                span.setStatus(StatusCode.ERROR, response.error().message());
            }
            span.end();
        }
    }
}
