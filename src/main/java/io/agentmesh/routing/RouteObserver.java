package io.agentmesh.routing;

import io.agentmesh.transport.Link;
import java.time.Duration;

/**
 * Hears how the router's requests end (wire-v1 §5.2, §5.3), for metrics and the admin console, which
 * implement it; routing itself depends on no metrics library. Called on routing threads once a
 * response is known: implementations are quick, thread-safe and do not throw. Each method defaults to
 * doing nothing.
 */
public interface RouteObserver {

    /**
     * A request that reached this node, from a link or a local entry point, was answered.
     *
     * @param method   the request's method as received (its address)
     * @param from     who asked, for logs (e.g. {@code link in-3f2a… (7c…)})
     * @param took     from arrival to answer
     * @param response the answer sent back (a result or an error)
     */
    default void answered(String method, String from, Duration took, JsonRpc.Response response) {
    }

    /** An agent of this node (§5.2 steps 4–5) answered MCP method {@code method} in {@code took}. */
    default void served(String agent, String method, Duration took, JsonRpc.Response response) {
    }

    /**
     * A request this node sent on {@code link}, its own or {@code forwarded} for another (§5.3), got
     * {@code response} after {@code took}: the peer's answer, or the −32062 / −32060 this node made.
     */
    default void sent(Link link, String method, boolean forwarded, Duration took, JsonRpc.Response response) {
    }

    /**
     * An event of an end-to-end session (docs/protocol.md, "End-to-end sessions"), one of
     * {@code handshake_started} and {@code sealed_sent} (as origin), {@code handshake_answered},
     * {@code sealed_served} and {@code refused} (as destination), {@code handshake_failed},
     * {@code rejected} (a sealed message failed to open) and {@code unknown} (a session the other end no
     * longer knows): a fixed set, fit for a metric label.
     */
    default void session(String event) {
    }

    /**
     * A request's W3C trace context was malformed and dropped (docs/protocol.md, "Trace context"): {@code reason}
     * {@code traceparent} (the whole context) or {@code tracestate} (that key alone), a fixed set.
     */
    default void traceContextDropped(String reason) {
    }

    /** Observes nothing. */
    RouteObserver NONE = new RouteObserver() {
    };
}
