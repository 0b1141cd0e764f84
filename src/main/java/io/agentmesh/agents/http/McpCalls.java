package io.agentmesh.agents.http;

import io.agentmesh.routing.Caller;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the JSON-RPC messages of {@code /mcp} sessions into the mesh through the {@link MeshEntry}, to an
 * agent of this node or of another one alike (MCP 2025-11-25 "Streamable HTTP", Sending Messages to the
 * Server, 4–6; basic/utilities/cancellation; wire-v1 §7). A request goes with an {@link Origin} for the
 * end user the endpoint admitted it for, if any ({@link Origin#withUser}), whose
 * session is the MCP session, whose notifications (progress, logging) go on the POST's reply (JSON, or SSE
 * once there are some), and whose cancellation follows the client's {@code notifications/cancelled}; its
 * response is answered on the POST as it comes. Other notifications go to the agent. Keeps the open SSE
 * streams for keep-alives.
 */
final class McpCalls {

    private static final Logger LOG = Logger.getLogger(McpCalls.class.getName());

    private static final String CANCELLED = "notifications/cancelled";

    private final JsonRpcCodec codec;
    private final McpSessions sessions;
    private final MeshEntry entry;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();

    McpCalls(JsonRpcCodec codec, McpSessions sessions, MeshEntry entry) {
        this.codec = codec;
        this.sessions = sessions;
        this.entry = entry;
    }

    /**
     * Runs a request and answers it on the POST. For an initialize, the session learns its protocol
     * version from the result, or ends (and its id is left out of the reply) on an error.
     */
    void run(McpExchange ex, Map<String, String> headers, McpSession session, Destination to,
             JsonRpc.Request request, boolean initialize, Optional<Caller.User> user) throws IOException {
        PostReply reply = new PostReply(ex, headers, session.streams(), this::track);
        Origin origin = forUser(Origin.of(description(session), session,
                (method, params) -> reply.notification(codec.encodeToString(new JsonRpc.Notification(method, params)))), user);
        if (!session.begin(request.id(), origin)) {
            ex.respond(200, headers, AcceptHeader.JSON, codec.encode(JsonRpc.Response.error(request.id(),
                    JsonRpc.INVALID_REQUEST, "a request with id " + request.id() + " is already running in this session")));
            return;
        }
        CompletableFuture<JsonRpc.Response> answer = entry.request(to, request, origin).toCompletableFuture();
        if (!answer.isDone()) {
            ex.keepOpen(reply::gone);
        }
        answer.thenAccept(response -> {
            session.finish(request.id(), origin);
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

    /**
     * Sends a notification to the agent; {@code notifications/cancelled} instead cancels the request it
     * names, and the mesh tells the agent that runs it.
     */
    void notification(McpSession session, Destination to, JsonRpc.Notification n, Optional<Caller.User> user) {
        if (!n.method().equals(CANCELLED)) {
            entry.notify(to, n, forUser(Origin.of(description(session), session, session::sendNotification), user));
            return;
        }
        if (!(n.params() instanceof JsonObject params)) {
            LOG.log(Level.FINE, "/mcp: notification {0} without params object ignored", n.method());
            return;
        }
        Optional<Origin> running = session.running(params.get("requestId"));
        if (running.isEmpty()) {
            LOG.log(Level.FINE, "/mcp: cancellation of a request not running: {0}", params.get("requestId"));
            return;
        }
        running.get().cancellation().cancel(params.get("reason") instanceof JsonString r ? r.getString() : null);
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

    private static Origin forUser(Origin origin, Optional<Caller.User> user) {
        return user.map(origin::withUser).orElse(origin);
    }

    private static String description(McpSession session) {
        return "mcp session " + session.id();
    }
}
