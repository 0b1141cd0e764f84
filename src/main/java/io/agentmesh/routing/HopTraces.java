package io.agentmesh.routing;

import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries the W3C trace context of requests across this node's hops (docs/protocol.md, "Trace context";
 * MCP 2026-07-28, basic/index, "OpenTelemetry trace context"): reads it from {@code params._meta} as
 * {@link TraceContext} says, drops a malformed one (counted by the {@link RouteObserver}, logged at most
 * once a minute per kind: W3C Trace Context has a receiver ignore it, so the request goes on without it),
 * opens each hop's span through {@link HopTracing} as the child of the context the request carries, and
 * writes the span's own context in its place, so that the next hop, and the agent, continue the trace.
 * With tracing off a valid context passes unchanged. Requests to a node operation ({@code node/...}) get a
 * span only when they carry a trace context, so that the node's own traffic (registry gossip) opens none.
 * Thread-safe.
 */
final class HopTraces {

    private static final Logger LOG = Logger.getLogger(HopTraces.class.getName());

    private final HopTracing tracing;
    private final RouteObserver observer;
    private final LogLimiter logs;

    HopTraces(HopTracing tracing, RouteObserver observer, LogLimiter logs) {
        this.tracing = tracing;
        this.observer = observer;
        this.logs = logs;
    }

    /** A request's params as a hop hands them on, and the hop's span. */
    record Traced(JsonObject params, HopTracing.HopSpan span) {
    }

    /**
     * The trace context of {@code params}; a malformed one is counted and logged as coming from
     * {@code from} (its {@link TraceContext.Reading#context()} is then what may be handed on).
     */
    TraceContext.Reading read(JsonObject params, String from) {
        TraceContext.Reading reading = TraceContext.read(params);
        if (reading.malformed()) {
            String reason = reading.verdict() == TraceContext.Verdict.BAD_TRACEPARENT ? "traceparent" : "tracestate";
            observer.traceContextDropped(reason);
            logs.log(LOG, Level.INFO, "trace-context-" + reason, "dropped a malformed " + reason + " of a request from {0}",
                    from);
        }
        return reading;
    }

    /** {@code params} without what {@code reading} of them found malformed (unchanged when nothing was). */
    static JsonObject sanitized(JsonObject params, TraceContext.Reading reading) {
        return reading.malformed() ? TraceContext.write(params, reading.context()) : params;
    }

    /**
     * Opens the span of {@code hop} for a request with {@code params} as received from {@code from}, and
     * gives the params as the hop hands them on: with the span's context, or the received one, or none.
     */
    Traced open(HopTracing.Hop hop, JsonObject params, String from) {
        TraceContext.Reading reading = read(params, from);
        HopTracing.HopSpan span = span(hop, reading.context());
        return new Traced(handedOn(sanitized(params, reading), reading.context(), span), span);
    }

    /** The span of {@code hop}, child of {@code parent} (null: none); no span for an untraced node operation. */
    HopTracing.HopSpan span(HopTracing.Hop hop, TraceContext parent) {
        if (!tracing.enabled() || parent == null && isNodeOperation(hop.address())) {
            return HopTracing.NO_SPAN;
        }
        try {
            HopTracing.HopSpan span = tracing.open(hop, parent);
            return span == null ? HopTracing.NO_SPAN : new GuardedSpan(span);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "hop tracing failed", e);
            return HopTracing.NO_SPAN;
        }
    }

    /**
     * {@code params}, which carry {@code parent} (or no trace context when it is null), with the context
     * that {@code span} hands on instead when it has one of its own.
     */
    static JsonObject handedOn(JsonObject params, TraceContext parent, HopTracing.HopSpan span) {
        TraceContext next = span.context();
        return next == null || next.equals(parent) ? params : TraceContext.write(params, next);
    }

    /** Whether spans are opened at all. */
    boolean enabled() {
        return tracing.enabled();
    }

    /** Whether {@code address} names a node operation: {@code node/<op>} or {@code <node>:node/<op>}. */
    static boolean isNodeOperation(String address) {
        int slash = address.indexOf('/');
        String target = slash < 0 ? "" : address.substring(address.lastIndexOf(':', slash) + 1, slash);
        return Address.NODE_TARGET.equals(target);
    }

    /** A span whose failures are logged, never thrown into routing. */
    private record GuardedSpan(HopTracing.HopSpan span) implements HopTracing.HopSpan {
        @Override
        public TraceContext context() {
            try {
                return span.context();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "hop tracing failed", e);
                return null;
            }
        }

        @Override
        public void end(JsonRpc.Response response) {
            try {
                span.end(response);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "hop tracing failed", e);
            }
        }
    }
}
