package io.agentmesh.agents.http;

import io.agentmesh.agents.ModernMethods;
import io.agentmesh.mcp.McpErrors;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.ClientSession;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.Origin;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A POST of MCP 2026-07-28 at {@code /mcp} (basic/transports/streamable-http): stateless, so it needs no
 * session and makes none ({@code Mcp-Session-Id} is ignored and never minted). Which exchanges are modern
 * is {@link #isModern}; the rest is {@link McpHttpHandler}'s legacy transport, on the same URL
 * (basic/versioning, "Backward Compatibility": a request carrying modern {@code _meta} is served
 * statelessly, an {@code initialize} begins a legacy session).
 * <p>
 * A request passes the header rules ({@link McpRequestHeaders}) and the agent-independent rules of
 * 2026-07-28 ({@link ModernMethods#check}) here, at the entry node, and then goes into the mesh to its
 * {@link Destination} like any request; it is answered as JSON, or as SSE once it sends notifications
 * ({@link PostReply}). HTTP status: 400 for {@code -32020}, {@code -32021}, {@code -32022} and a malformed
 * {@code _meta} ({@code -32602}); 404 for {@code -32601} (Protocol Version Header: the JSON-RPC body tells
 * a modern server's 404 from a missing endpoint); 200 otherwise. Every error carries the request's id.
 * Closing the response stream cancels the request (Cancellation). A rejected request is logged at most
 * once per kind per interval and counted ({@link McpHttpObserver}). Thread-safe.
 */
final class ModernPost {

    private static final Logger LOG = Logger.getLogger(ModernPost.class.getName());

    private final JsonRpcCodec codec;
    private final MeshEntry entry;
    private final Consumer<SseStream> streams;
    private final McpHttpObserver observer;
    private final LogLimiter log;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param streams  told of each SSE reply (for keep-alives)
     * @param observer counts rejected requests
     * @param log      limits the log lines of rejected requests
     */
    ModernPost(JsonRpcCodec codec, MeshEntry entry, Consumer<SseStream> streams, McpHttpObserver observer,
               LogLimiter log) {
        this.codec = codec;
        this.entry = entry;
        this.streams = streams;
        this.observer = observer;
        this.log = log;
    }

    /**
     * Whether an exchange is served by the rules of 2026-07-28: its message's {@code params._meta} names a
     * protocol version ({@link McpMeta#isModern}), or its {@code MCP-Protocol-Version} header names one that
     * no legacy session speaks (a modern one, or one this node does not serve: answered {@code -32020} or
     * {@code -32022}, the errors a dual-era client recognizes). An {@code initialize} without modern
     * {@code _meta} is legacy whatever its header (basic/versioning: it "selects legacy semantics").
     */
    static boolean isModern(JsonRpc message, Optional<String> versionHeader) {
        JsonValue params = message instanceof JsonRpc.Request r ? r.params()
                : message instanceof JsonRpc.Notification n ? n.params() : null;
        if (params instanceof JsonObject p && McpMeta.isModern(p)) {
            return true;
        }
        if (message instanceof JsonRpc.Request r && r.method().equals("initialize")) {
            return false;
        }
        return versionHeader.isPresent() && !ProtocolVersionHeader.isSupported(versionHeader.get());
    }

    /** Whether a GET or DELETE comes from a modern client: its version header names a modern version. */
    static boolean isModernVersion(Optional<String> versionHeader) {
        return versionHeader.map(String::trim).filter(ProtocolVersions.MODERN_SUPPORTED::contains).isPresent();
    }

    /** Answers one modern message POSTed to {@code to}. */
    void post(McpExchange ex, Map<String, String> headers, Destination to, JsonRpc message,
              Optional<Caller.User> user) throws IOException {
        if (message instanceof JsonRpc.Response r) {
            reject(ex, headers, r.id(), new JsonRpc.Error(JsonRpc.INVALID_REQUEST,
                    "a client sends no JSON-RPC responses in " + ProtocolVersions.MODERN));
            return;
        }
        if (message instanceof JsonRpc.Notification n) {
            // 2026-07-28 defines no client notification over Streamable HTTP: accepted and dropped.
            LOG.log(Level.FINE, "/mcp: modern notification {0} dropped", n.method());
            ex.respond(202, headers, null, null);
            return;
        }
        JsonRpc.Request request = (JsonRpc.Request) message;
        Optional<JsonRpc.Error> bad = McpRequestHeaders.check(ex::header, request);
        if (bad.isEmpty()) {
            try {
                ModernMethods.check(request.method(), (JsonObject) request.params());
            } catch (JsonRpcException e) {
                bad = Optional.of(e.error());
            }
        }
        if (bad.isPresent()) {
            reject(ex, headers, request.id(), bad.get());
            return;
        }
        run(ex, headers, to, request, user);
    }

    /** GET and DELETE of a modern client: 2026-07-28 has neither the GET stream nor sessions (405). */
    void notAllowed(McpExchange ex, Map<String, String> headers) throws IOException {
        headers.put("Allow", "POST, OPTIONS");
        ex.respond(405, headers, AcceptHeader.JSON, codec.encode(JsonRpc.Response.error(JsonValue.NULL,
                JsonRpc.INVALID_REQUEST, ex.method() + " is not part of " + ProtocolVersions.MODERN
                        + ": POST every request (subscriptions/listen for change notifications)")));
    }

    private void run(McpExchange ex, Map<String, String> headers, Destination to, JsonRpc.Request request,
                     Optional<Caller.User> user) {
        // A stream of its own, kept by nobody: 2026-07-28 streams are not resumed.
        PostReply reply = new PostReply(ex, headers, new SessionStreams(1), streams);
        ClientSession session = new RequestSession("mcp-request-" + requests.incrementAndGet());
        Origin origin = Origin.of("mcp request " + session.id(), session, (method, params) ->
                reply.notification(codec.encodeToString(new JsonRpc.Notification(method, params))));
        Origin withUser = user.map(origin::withUser).orElse(origin);
        CompletableFuture<JsonRpc.Response> answer = entry.request(to, request, withUser).toCompletableFuture();
        if (!answer.isDone()) {
            ex.keepOpen(() -> {
                reply.gone();
                withUser.cancellation().cancel("the client closed the response stream");
            });
        }
        answer.thenAccept(response -> reply.complete(status(response), codec.encodeToString(response)));
    }

    /** The HTTP status of an answer from the mesh. */
    static int status(JsonRpc.Response response) {
        if (!response.isError()) {
            return 200;
        }
        return switch (response.error().code()) {
            case JsonRpc.METHOD_NOT_FOUND -> 404;
            case McpErrors.HEADER_MISMATCH, McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY,
                    McpErrors.UNSUPPORTED_PROTOCOL_VERSION -> 400;
            default -> 200;
        };
    }

    private void reject(McpExchange ex, Map<String, String> headers, JsonValue id, JsonRpc.Error error)
            throws IOException {
        observer.rejected(error.code());
        log.log(LOG, Level.INFO, "mcp modern " + error.code(), "/mcp: a modern request refused: {0} ({1})",
                error.message(), String.valueOf(error.code()));
        int status = error.code() == JsonRpc.METHOD_NOT_FOUND ? 404 : 400;
        ex.respond(status, headers, AcceptHeader.JSON, codec.encode(JsonRpc.Response.error(id, error)));
    }

    /**
     * The session of one modern request, for the mesh: it lives as long as the request. Notifications
     * related to the request go on its reply (the {@link Origin}'s sink); nothing else is sent to it.
     */
    private record RequestSession(String id) implements ClientSession {

        @Override
        public void sendNotification(String method, JsonObject params) {
            LOG.log(Level.FINE, "/mcp: {0} for stateless request {1} dropped", new Object[] {method, id});
        }

        @Override
        public boolean isOpen() {
            return false;
        }
    }
}
