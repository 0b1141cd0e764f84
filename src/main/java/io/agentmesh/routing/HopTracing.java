package io.agentmesh.routing;

/**
 * Opens a span for each hop of a request through this node (docs/protocol.md, "Trace context"): at the
 * entry of this node's own callers ({@code /mcp}, {@code POST /api/v1/call}, the Java API, the console), at
 * each forward to another node, and at the delivery to an agent of this node. Routing reads and writes the
 * W3C trace context ({@link TraceContext}) and hands each span its parent; an implementation over a tracing
 * library (the node's is OpenTelemetry, from MicroProfile Telemetry) gives the span's own context back, which
 * the next hop carries. Routing depends on no tracing library. Called on routing threads: implementations
 * are quick, thread-safe and do not throw.
 */
public interface HopTracing {

    /** Where a hop is. */
    enum Kind {
        /** A request of this node's own callers enters the mesh here. */
        ENTRY,
        /** The request leaves for another node (or for the next replica of a {@code *} address). */
        FORWARD,
        /** An agent of this node serves the request. */
        DELIVERY
    }

    /**
     * One hop.
     *
     * @param kind       where it is
     * @param address    the request's address, its node resolved where known (e.g. {@code <id>:echo/tools/call})
     * @param fromLink   whether the request came in on a link (else from this node's own callers)
     * @param nextHop    the node id of the link a forward leaves on, else null
     * @param routeTrace the opaque {@code trace} of the route metadata (wire-v1 §5.3) of a forward, else null
     */
    record Hop(Kind kind, String address, boolean fromLink, String nextHop, String routeTrace) {
    }

    /** One open span. */
    interface HopSpan {
        /** The context the next hop carries (this span as parent), or null to carry the parent's unchanged. */
        TraceContext context();

        /** Ends the span with the request's answer, a result or an error (null: routing failed unexpectedly). */
        void end(JsonRpc.Response response);
    }

    /** A span that records nothing and hands the parent's context on unchanged. */
    HopSpan NO_SPAN = new HopSpan() {
        @Override
        public TraceContext context() {
            return null;
        }

        @Override
        public void end(JsonRpc.Response response) {
        }
    };

    /**
     * Opens the span of {@code hop}, the child of {@code parent} (the trace context the request carries), or,
     * when that is null, of what the implementation takes as current for an {@link Kind#ENTRY} (e.g. the
     * HTTP request's span), else the first span of a new trace.
     */
    HopSpan open(Hop hop, TraceContext parent);

    /** Whether spans are opened at all; when false the trace context is carried on as received. */
    default boolean enabled() {
        return true;
    }

    /** Opens no spans: a valid trace context is carried on unchanged, a malformed one dropped. */
    HopTracing OFF = new HopTracing() {
        @Override
        public HopSpan open(Hop hop, TraceContext parent) {
            return NO_SPAN;
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };
}
