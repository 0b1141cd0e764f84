package io.agentmesh.agents.bridge;

import io.agentmesh.routing.Completions;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JSON-RPC exchange of a bridge with its MCP server over one {@link McpTransport} (MCP 2025-11-25,
 * basic and basic/utilities), shaped as the MCP Java SDK's client session: requests by id, each pending
 * until its response, its deadline (then it fails with a {@link RequestTimeoutException} and is cancelled
 * at the server with {@code notifications/cancelled}) or the cancellation of its future (cancelled at the
 * server too); what the server sends handled by kind: a response completes its pending request,
 * {@code notifications/progress} goes to the request of its token, another notification on a request's
 * reply stream to that request's {@link RequestHooks} and the rest to the {@link ServerListener};
 * {@code ping} from the server is answered, its other requests refused (the bridge declares no client
 * capabilities). The MCP lifecycle on top of it is {@link BridgeClient}'s.
 */
final class ServerChannel {

    private static final Logger LOG = Logger.getLogger(ServerChannel.class.getName());

    private final String name;
    private final McpTransport transport;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final ServerListener listener;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final McpTransport.Inbound inbound = new Inbound();
    private volatile boolean closed;

    /**
     * @param name      names the bridge in logs
     * @param timeout   the deadline of each request
     * @param scheduler runs the deadlines
     */
    ServerChannel(String name, McpTransport transport, Duration timeout, ScheduledExecutorService scheduler,
                  ServerListener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Prepares the transport for a new session, what the server sends coming here. */
    void open() throws TransportException {
        transport.open(inbound);
    }

    boolean isClosed() {
        return closed;
    }

    /** Requests waiting for their response now. */
    int pendingRequests() {
        return pending.size();
    }

    /**
     * Sends a request and completes with its result object, or fails with the server's
     * {@link JsonRpcException}, a {@link TransportException} or a {@link RequestTimeoutException}.
     */
    CompletableFuture<JsonObject> request(String method, JsonObject params, RequestHooks hooks) {
        long id = ids.incrementAndGet();
        JsonNumber idValue = Json.createValue(id);
        JsonObject sent = hooks.progress() == null ? params : withProgressToken(params, idValue);
        Pending p = new Pending(method, hooks);
        pending.put(id, p);
        p.deadline = scheduler.schedule(() -> expire(id), timeout.toMillis(), TimeUnit.MILLISECONDS);
        p.future.whenComplete((value, failure) -> {
            pending.remove(id, p);
            p.deadline.cancel(false);
            if (p.future.isCancelled()) {
                cancelAtServer(id, method, "cancelled by the client");
            }
        });
        transport.send(new JsonRpc.Request(idValue, method, sent)).whenComplete((v, failure) -> {
            if (failure != null) {
                p.future.completeExceptionally(Completions.unwrap(failure));
            }
        });
        return p.future;
    }

    /** Sends a notification; failures are logged. */
    CompletableFuture<Void> notify(String method, JsonObject params) {
        return transport.send(new JsonRpc.Notification(method, params)).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.FINE, "bridge {0}: notification {1} not delivered: {2}",
                        new Object[] {name, method, Completions.unwrap(failure).getMessage()});
            }
        });
    }

    /** Fails every waiting request and ends the session at the server. */
    void close() {
        closed = true;
        failAll(new TransportException("bridge " + name + " is closed", true));
        transport.close();
    }

    // ---- one request

    private static final class Pending {
        final String method;
        final RequestHooks hooks;
        final CompletableFuture<JsonObject> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> deadline;

        Pending(String method, RequestHooks hooks) {
            this.method = method;
            this.hooks = hooks;
        }
    }

    private void expire(long id) {
        Pending p = pending.remove(id);
        if (p == null) {
            return;
        }
        p.future.completeExceptionally(new RequestTimeoutException("no answer to " + p.method + " from "
                + transport.target() + " within " + Failures.human(timeout), timeout));
        cancelAtServer(id, p.method, "timed out after " + Failures.human(timeout));
    }

    private void cancelAtServer(long id, String method, String reason) {
        if (method.equals("initialize") || closed) {
            return;
        }
        notify("notifications/cancelled", Json.createObjectBuilder().add("requestId", id).add("reason", reason).build());
    }

    private void failAll(Throwable cause) {
        for (Pending p : pending.values()) {
            p.future.completeExceptionally(cause);
        }
    }

    private static JsonObject withProgressToken(JsonObject params, JsonValue token) {
        var meta = Json.createObjectBuilder(params.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT)
                .add("progressToken", token);
        return Json.createObjectBuilder(params).add("_meta", meta).build();
    }

    // ---- what the server sends

    private final class Inbound implements McpTransport.Inbound {

        @Override
        public void received(JsonRpc message, JsonValue relatedRequest) {
            if (message instanceof JsonRpc.Response r) {
                response(r);
            } else if (message instanceof JsonRpc.Request r) {
                serverRequest(r);
            } else if (message instanceof JsonRpc.Notification n) {
                notification(n, relatedRequest);
            }
        }

        @Override
        public void lost(TransportException cause) {
            if (closed) {
                return;
            }
            failAll(cause);
            listener.lost(cause);
        }
    }

    private void response(JsonRpc.Response r) {
        Pending p = pendingFor(r.id());
        if (p == null) {
            LOG.log(Level.FINE, "bridge {0}: response to unknown request {1} ignored", new Object[] {name, r.id()});
            return;
        }
        if (r.isError()) {
            p.future.completeExceptionally(new JsonRpcException(r.error()));
        } else if (r.result() instanceof JsonObject result) {
            p.future.complete(result);
        } else {
            p.future.completeExceptionally(new TransportException("the server at " + transport.target()
                    + " answered " + p.method + " with a result that is not an object", false));
        }
    }

    private void serverRequest(JsonRpc.Request r) {
        JsonRpc.Response answer = r.method().equals("ping")
                ? JsonRpc.Response.result(r.id(), JsonValue.EMPTY_JSON_OBJECT)
                : JsonRpc.Response.error(r.id(), JsonRpc.METHOD_NOT_FOUND,
                        "method not found: " + r.method() + " (this client declares no capabilities)");
        transport.send(answer).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.FINE, "bridge {0}: answer to {1} not delivered: {2}",
                        new Object[] {name, r.method(), Completions.unwrap(failure).getMessage()});
            }
        });
    }

    private void notification(JsonRpc.Notification n, JsonValue relatedRequest) {
        JsonObject params = n.params() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        switch (n.method()) {
            case "notifications/progress" -> {
                Pending p = pendingFor(params.get("progressToken"));
                if (p != null && p.hooks.progress() != null) {
                    p.hooks.progress().accept(params);
                }
            }
            case "notifications/cancelled" ->
                    LOG.log(Level.FINE, "bridge {0}: the server cancelled its request {1}", new Object[] {name, params.get("requestId")});
            default -> {
                Pending p = relatedRequest == null ? null : pendingFor(relatedRequest);
                if (p != null && p.hooks.notifications() != null) {
                    p.hooks.notifications().accept(n.method(), params);
                } else {
                    listener.notification(n.method(), params);
                }
            }
        }
    }

    private Pending pendingFor(JsonValue id) {
        if (id instanceof JsonNumber n && n.isIntegral()) {
            try {
                return pending.get(n.longValueExact());
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
