package io.agentmesh.agents.bridge;

import io.agentmesh.agents.ProtocolVersions;
import io.agentmesh.json.Json;
import io.agentmesh.routing.Completions;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An MCP client session over one {@link McpTransport} (MCP 2025-11-25, basic/lifecycle and
 * basic/utilities): {@code initialize} with version negotiation and {@code notifications/initialized};
 * requests with ids, each with a deadline after which it fails with a {@link RequestTimeoutException}
 * and is cancelled at the server ({@code notifications/cancelled}), as it is when its future is
 * cancelled; progress notifications routed to the request they belong to; {@code ping} from the server
 * answered; other server requests refused (this client declares no capabilities); a session the server
 * forgot ({@link SessionExpiredException}) replaced by a new one and the request sent again, once.
 * <p>
 * Failures: a JSON-RPC error from the server is a {@link JsonRpcException} carrying it unchanged; a
 * transport failure a {@link TransportException}; a missed deadline a {@link RequestTimeoutException}.
 */
public final class McpClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(McpClient.class.getName());

    /** The {@code clientInfo.name} this client sends. */
    public static final String CLIENT_NAME = "agentmesh-bridge";
    public static final String CLIENT_VERSION = "0.1.0";

    /** Receives what the server sends outside of any request, and the loss of the connection. */
    public interface Listener {

        /** A notification from the server ({@code notifications/tools/list_changed}, ...). */
        void notification(String method, JsonObject params);

        /** The transport lost the server; the requests waiting for it have failed with {@code cause}. */
        void lost(TransportException cause);
    }

    /**
     * What a request's caller wants to hear while it runs.
     *
     * @param progress      receives the params of each {@code notifications/progress} for the request;
     *                      non-null asks the server for progress (a {@code progressToken} is sent)
     * @param notifications receives other notifications the server sends on the request's reply stream
     *                      (such as {@code notifications/message}); may be null
     */
    public record Hooks(Consumer<JsonObject> progress, BiConsumer<String, JsonObject> notifications) {
        public static final Hooks NONE = new Hooks(null, null);
    }

    private final String name;
    private final McpTransport transport;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final McpTransport.Inbound inbound = new Inbound();
    private final Object lock = new Object();
    private CompletableFuture<RemoteServer> session;
    private volatile boolean closed;

    /**
     * @param name      names this client in logs and messages (the bridge id)
     * @param timeout   the deadline of each request
     * @param scheduler runs the deadlines
     */
    public McpClient(String name, McpTransport transport, Duration timeout, ScheduledExecutorService scheduler,
                     Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public String target() {
        return transport.target();
    }

    /**
     * Begins a new session (initialize, then notifications/initialized); completes with what the server
     * said. While a session is being initialized already (after the server forgot the last one), that one
     * is the answer.
     */
    public CompletableFuture<RemoteServer> connect() {
        CompletableFuture<RemoteServer> next = new CompletableFuture<>();
        synchronized (lock) {
            if (session != null && !session.isDone()) {
                return session;
            }
            session = next;
        }
        return begin(next);
    }

    /** Requests waiting for their response now. */
    public int pendingRequests() {
        return pending.size();
    }

    /** Sends a request in the current session and completes with its result object. */
    public CompletableFuture<JsonObject> request(String method, JsonObject params) {
        return request(method, params, Hooks.NONE);
    }

    /**
     * Sends a request in the current session and completes with its result object. Cancelling the
     * returned future cancels the request at the server.
     */
    public CompletableFuture<JsonObject> request(String method, JsonObject params, Hooks hooks) {
        Objects.requireNonNull(method, "method");
        JsonObject p = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        Hooks h = hooks == null ? Hooks.NONE : hooks;
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<JsonObject>> inner = new AtomicReference<>();
        CompletableFuture<RemoteServer> current;
        synchronized (lock) {
            current = session;
        }
        if (closed || current == null) {
            result.completeExceptionally(new TransportException("bridge " + name + " is not connected to "
                    + transport.target(), true));
            return result;
        }
        current.thenCompose(server -> track(result, inner, exchange(method, p, h)))
                .exceptionallyCompose(failure -> {
                    Throwable cause = Completions.unwrap(failure);
                    if (cause instanceof SessionExpiredException && !result.isDone() && !closed) {
                        LOG.log(Level.INFO, "bridge {0}: {1}; starting a new session", new Object[] {name, cause.getMessage()});
                        return renew(current).thenCompose(server -> track(result, inner, exchange(method, p, h)));
                    }
                    return CompletableFuture.failedFuture(cause);
                })
                .whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(Completions.unwrap(failure));
                    } else {
                        result.complete(value);
                    }
                });
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                CompletableFuture<JsonObject> running = inner.get();
                if (running != null) {
                    running.cancel(true);
                }
            }
        });
        return result;
    }

    /** Sends a notification in the current session; failures are logged. */
    public CompletableFuture<Void> notify(String method, JsonObject params) {
        return transport.send(new JsonRpc.Notification(method, params)).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.log(Level.FINE, "bridge {0}: notification {1} not delivered: {2}",
                        new Object[] {name, method, Completions.unwrap(failure).getMessage()});
            }
        });
    }

    /** Fails every waiting request and ends the session at the server. */
    @Override
    public void close() {
        closed = true;
        failAll(new TransportException("bridge " + name + " is closed", true));
        transport.close();
    }

    // ---- session

    private CompletableFuture<RemoteServer> initialize() {
        try {
            transport.open(inbound);
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        JsonObject params = Json.createObjectBuilder()
                .add("protocolVersion", ProtocolVersions.LATEST)
                .add("capabilities", JsonValue.EMPTY_JSON_OBJECT)
                .add("clientInfo", Json.createObjectBuilder().add("name", CLIENT_NAME).add("version", CLIENT_VERSION))
                .build();
        return exchange("initialize", params, Hooks.NONE).thenCompose(result -> {
            RemoteServer server;
            try {
                server = RemoteServer.of(result);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + transport.target()
                        + " answered initialize wrongly: " + e.getMessage(), false));
            }
            if (!ProtocolVersions.isSupported(server.protocolVersion())) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + transport.target()
                        + " speaks MCP " + server.protocolVersion() + "; this node speaks "
                        + String.join(" and ", ProtocolVersions.SUPPORTED), false));
            }
            transport.negotiated(server.protocolVersion());
            return transport.send(new JsonRpc.Notification("notifications/initialized", null)).thenApply(v -> {
                transport.initialized();
                return server;
            });
        });
    }

    private CompletableFuture<RemoteServer> renew(CompletableFuture<RemoteServer> expired) {
        CompletableFuture<RemoteServer> next;
        synchronized (lock) {
            if (session != expired) {
                return session;
            }
            next = new CompletableFuture<>();
            session = next;
        }
        return begin(next);
    }

    /** Runs initialize outside the lock (opening a stdio transport may wait for a process) into {@code next}. */
    private CompletableFuture<RemoteServer> begin(CompletableFuture<RemoteServer> next) {
        initialize().whenComplete((server, failure) -> {
            if (failure != null) {
                next.completeExceptionally(Completions.unwrap(failure));
            } else {
                next.complete(server);
            }
        });
        return next;
    }

    private static CompletableFuture<JsonObject> track(CompletableFuture<JsonObject> result,
            AtomicReference<CompletableFuture<JsonObject>> inner, CompletableFuture<JsonObject> running) {
        inner.set(running);
        if (result.isCancelled()) {
            running.cancel(true);
        }
        return running;
    }

    // ---- one request

    private final class Pending {
        final String method;
        final Hooks hooks;
        final CompletableFuture<JsonObject> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> deadline;

        Pending(String method, Hooks hooks) {
            this.method = method;
            this.hooks = hooks;
        }
    }

    private CompletableFuture<JsonObject> exchange(String method, JsonObject params, Hooks hooks) {
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

    private void expire(long id) {
        Pending p = pending.remove(id);
        if (p == null) {
            return;
        }
        p.future.completeExceptionally(new RequestTimeoutException("no answer to " + p.method + " from "
                + transport.target() + " within " + human(timeout), timeout));
        cancelAtServer(id, p.method, "timed out after " + human(timeout));
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

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
