package io.agentmesh.agents.bridge;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.Completions;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MCP client of one bridge, a dual-era client (MCP 2026-07-28 basic/versioning, "Backward
 * Compatibility with Initialization-Based Versions"; basic/transports/stdio and streamable-http,
 * "Backward Compatibility"): it probes with {@code server/discover} in the stateless revision first; a
 * {@code DiscoverResult} that also names a revision of sessions this node speaks is bridged in a session
 * (its notifications need one); one naming the stateless revision only makes the server modern
 * ({@link ModernEra}: no session,
 * {@code _meta} on every request); a modern error (such as an unsupported version) is a failure; any other
 * answer (an error, an HTTP 4xx, a result that is no {@code DiscoverResult}) or no answer in time makes it
 * legacy: the session (MCP 2025-11-25, basic/lifecycle) is begun over the {@link ServerChannel} with
 * {@code initialize} and version negotiation, then {@code notifications/initialized}. Requests go in the
 * current session; a session the server forgot ({@link SessionExpiredException}) is replaced by a new
 * one and the request sent again, once. The probe is made at each (re)connection.
 * <p>
 * Failures: a JSON-RPC error from the server is a {@link JsonRpcException} carrying it unchanged; a
 * transport failure a {@link TransportException}; a missed deadline a {@link RequestTimeoutException}.
 */
public final class BridgeClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BridgeClient.class.getName());

    /** The {@code clientInfo.name} this client sends. */
    public static final String CLIENT_NAME = "agentmesh-bridge";
    public static final String CLIENT_VERSION = "0.1.0";

    private final String name;
    private final McpTransport transport;
    private final ServerChannel channel;
    private final Object lock = new Object();
    private CompletableFuture<RemoteServer> session;

    /**
     * @param name      names this client in logs and messages (the bridge id)
     * @param timeout   the deadline of each request
     * @param scheduler runs the deadlines
     */
    public BridgeClient(String name, McpTransport transport, Duration timeout, ScheduledExecutorService scheduler,
                        ServerListener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.channel = new ServerChannel(name, transport, timeout, scheduler, listener);
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
        return channel.pendingRequests();
    }

    /** Sends a request in the current session and completes with its result object. */
    public CompletableFuture<JsonObject> request(String method, JsonObject params) {
        return request(method, params, RequestHooks.NONE);
    }

    /**
     * Sends a request in the current session and completes with its result object. Cancelling the
     * returned future cancels the request at the server.
     */
    public CompletableFuture<JsonObject> request(String method, JsonObject params, RequestHooks hooks) {
        Objects.requireNonNull(method, "method");
        JsonObject p = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        RequestHooks h = hooks == null ? RequestHooks.NONE : hooks;
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<JsonObject>> inner = new AtomicReference<>();
        CompletableFuture<RemoteServer> current;
        synchronized (lock) {
            current = session;
        }
        if (channel.isClosed() || current == null) {
            result.completeExceptionally(new TransportException("bridge " + name + " is not connected to "
                    + transport.target(), true));
            return result;
        }
        current.thenCompose(server -> track(result, inner, send(server, method, p, h)))
                .exceptionallyCompose(failure -> {
                    Throwable cause = Completions.unwrap(failure);
                    if (cause instanceof SessionExpiredException && !result.isDone() && !channel.isClosed()) {
                        LOG.log(Level.INFO, "bridge {0}: {1}; starting a new session", new Object[] {name, cause.getMessage()});
                        return renew(current).thenCompose(server -> track(result, inner, send(server, method, p, h)));
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
        return channel.notify(method, params);
    }

    /** Fails every waiting request and ends the session at the server. */
    @Override
    public void close() {
        channel.close();
    }

    /** A request as the server's era has it: for a modern server, with the {@code _meta} keys and without {@code resultType}. */
    private CompletableFuture<JsonObject> send(RemoteServer server, String method, JsonObject params, RequestHooks hooks) {
        if (!server.isModern()) {
            return channel.request(method, params, hooks);
        }
        CompletableFuture<JsonObject> sent = channel.request(method, ModernEra.withMeta(params), hooks);
        CompletableFuture<JsonObject> result = sent.thenApply(ModernEra::complete);
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        return result;
    }

    private CompletableFuture<RemoteServer> initialize() {
        try {
            channel.open();
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        transport.negotiated(ProtocolVersions.MODERN);
        return channel.request("server/discover", ModernEra.withMeta(JsonValue.EMPTY_JSON_OBJECT), RequestHooks.NONE)
                .handle((result, failure) -> {
                    Throwable cause = failure == null ? null : Completions.unwrap(failure);
                    if (cause instanceof JsonRpcException rpc && ModernEra.isModernError(rpc.code())) {
                        return CompletableFuture.<RemoteServer>failedFuture(new TransportException("the server at "
                                + transport.target() + " speaks a later MCP revision and refused "
                                + ProtocolVersions.MODERN + ": " + rpc.getMessage(), false));
                    }
                    if (cause instanceof TransportException t && t.unreachable()) {
                        return CompletableFuture.<RemoteServer>failedFuture(t);
                    }
                    if (cause == null && speaksLegacyToo(result)) {
                        LOG.log(Level.FINE, "bridge {0}: {1} speaks both eras; a session carries its notifications",
                                new Object[] {name, transport.target()});
                        transport.negotiated(null);
                        return legacyInitialize();
                    }
                    if (cause == null) {
                        try {
                            Optional<RemoteServer> modern = RemoteServer.discovered(result);
                            if (modern.isPresent()) {
                                LOG.log(Level.FINE, "bridge {0}: {1} speaks {2}",
                                        new Object[] {name, transport.target(), ProtocolVersions.MODERN});
                                return CompletableFuture.completedFuture(modern.get());
                            }
                        } catch (IllegalArgumentException e) {
                            return CompletableFuture.<RemoteServer>failedFuture(new TransportException("the server at "
                                    + transport.target() + " answered server/discover: " + e.getMessage()
                                    + "; this node speaks " + ProtocolVersions.MODERN + ", "
                                    + String.join(" and ", ProtocolVersions.SUPPORTED), false));
                        }
                    }
                    LOG.log(Level.FINE, "bridge {0}: {1} is no {2} server ({3}); initialize",
                            new Object[] {name, transport.target(), ProtocolVersions.MODERN,
                                cause == null ? "no DiscoverResult" : cause.getMessage()});
                    transport.negotiated(null);
                    return legacyInitialize();
                }).thenCompose(stage -> stage);
    }

    /**
     * Whether a server's {@code DiscoverResult} lists an initialization-based revision this node speaks too:
     * such a server is bridged in a session, whose GET stream carries its notifications and resource updates
     * (the stateless revision would need a {@code subscriptions/listen} the bridge does not open).
     */
    private static boolean speaksLegacyToo(JsonObject discovered) {
        return discovered != null && discovered.get("supportedVersions") instanceof JsonArray versions
                && versions.stream().anyMatch(v -> v instanceof JsonString s
                        && ProtocolVersions.SUPPORTED.contains(s.getString()));
    }

    /** The handshake of the initialization-based revisions (MCP 2025-11-25, basic/lifecycle). */
    private CompletableFuture<RemoteServer> legacyInitialize() {
        JsonObject params = Json.createObjectBuilder()
                .add("protocolVersion", ProtocolVersions.LATEST)
                .add("capabilities", JsonValue.EMPTY_JSON_OBJECT)
                .add("clientInfo", Json.createObjectBuilder().add("name", CLIENT_NAME).add("version", CLIENT_VERSION))
                .build();
        return channel.request("initialize", params, RequestHooks.NONE).thenCompose(result -> {
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
}
