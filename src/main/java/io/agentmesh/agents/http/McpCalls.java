package io.agentmesh.agents.http;

import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Completions;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the JSON-RPC messages of {@code /mcp} sessions against their agents (MCP 2025-11-25 "Streamable
 * HTTP", Sending Messages to the Server, 4–6; basic/utilities/cancellation): a request is answered on
 * its POST (JSON, or SSE once it sends notifications) and tracked in its session while it runs, so that
 * {@code notifications/cancelled} finds it; other notifications go to the agent. Keeps the open SSE
 * streams for keep-alives.
 */
final class McpCalls {

    private static final Logger LOG = Logger.getLogger(McpCalls.class.getName());

    private final JsonRpcCodec codec;
    private final McpSessions sessions;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();

    McpCalls(JsonRpcCodec codec, McpSessions sessions) {
        this.codec = codec;
        this.sessions = sessions;
    }

    /**
     * Runs a request and answers it on the POST. For an initialize, the session learns its protocol
     * version from the result, or ends (and its id is left out of the reply) on an error.
     */
    void run(McpExchange ex, Map<String, String> headers, McpSession session, AgentTarget target,
             JsonRpc.Request request, boolean initialize) throws IOException {
        PostReply reply = new PostReply(ex, headers, this::track);
        HttpCallContext ctx = new HttpCallContext(request.id(), session, reply, codec::encodeToString);
        if (!session.begin(ctx)) {
            ex.respond(200, headers, AcceptHeader.JSON, codec.encode(JsonRpc.Response.error(request.id(),
                    JsonRpc.INVALID_REQUEST, "a request with id " + request.id() + " is already running in this session")));
            return;
        }
        CompletableFuture<JsonValue> future = new CompletableFuture<>();
        try {
            target.request(request.method(), request.paramsObject(), ctx).whenComplete((result, failure) -> {
                if (failure == null) {
                    future.complete(result);
                } else {
                    future.completeExceptionally(failure);
                }
            });
        } catch (JsonRpcException | RuntimeException e) {
            future.completeExceptionally(e);
        }
        if (!future.isDone()) {
            ex.keepOpen(reply::gone);
        }
        future.whenComplete((result, failure) -> {
            session.finish(ctx);
            JsonRpc.Response response = failure == null
                    ? JsonRpc.Response.result(request.id(), result == null ? JsonValue.EMPTY_JSON_OBJECT : result)
                    : JsonRpc.Response.error(request.id(), toError(request.method(), failure));
            if (initialize) {
                if (response.isError()) {
                    sessions.end(session.sessionId());
                    reply.dropHeader(McpHttpHandler.SESSION_ID);
                } else if (response.result() instanceof JsonObject o
                        && o.get("protocolVersion") instanceof JsonString v) {
                    session.protocolVersion(v.getString());
                }
            }
            reply.complete(codec.encodeToString(response));
        });
    }

    /** Hands a notification to the agent; {@code notifications/cancelled} first cancels the named request. */
    void notification(McpSession session, AgentTarget target, JsonRpc.Notification n) {
        JsonObject params;
        try {
            params = n.paramsObject();
        } catch (JsonRpcException e) {
            LOG.log(Level.FINE, "/mcp: notification {0} with array params ignored", n.method());
            return;
        }
        CallContext ctx = new HttpCallContext(JsonValue.NULL, session, null, codec::encodeToString);
        if (n.method().equals("notifications/cancelled")) {
            Optional<HttpCallContext> running = session.running(params.get("requestId"));
            if (running.isEmpty()) {
                LOG.log(Level.FINE, "/mcp: cancellation of a request not running: {0}", params.get("requestId"));
                return;
            }
            running.get().cancel();
            ctx = running.get();
        }
        try {
            target.notify(n.method(), params, ctx);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "/mcp: notification " + n.method() + " failed", e);
        }
    }

    /** Keeps an open SSE stream for keep-alives until it closes. */
    void track(SseStream stream) {
        streams.add(stream);
        stream.onClose(() -> streams.remove(stream));
    }

    /** Sends a keep-alive comment on every open SSE stream. */
    void keepAlive() {
        for (SseStream s : streams) {
            s.keepAlive();
        }
    }

    /** Closes every open SSE stream. */
    void closeStreams() {
        streams.forEach(SseStream::close);
    }

    private static JsonRpc.Error toError(String method, Throwable failure) {
        Throwable t = Completions.unwrap(failure);
        if (t instanceof JsonRpcException e) {
            return e.error();
        }
        if (t instanceof CancellationException) {
            return new JsonRpc.Error(JsonRpc.REQUEST_CANCELLED, "request cancelled");
        }
        LOG.log(Level.WARNING, "/mcp: " + method + " failed", t);
        return new JsonRpc.Error(JsonRpc.INTERNAL_ERROR, "internal error: " + t.getClass().getSimpleName());
    }
}
