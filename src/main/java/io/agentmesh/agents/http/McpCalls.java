package io.agentmesh.agents.http;

import io.agentmesh.agents.InputSettings;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.time.Clock;
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
 * response is answered on the POST as it comes; a {@code subscriptions/listen} is cancelled when the client
 * closes its stream. Other notifications go to the agent. A legacy session's {@code resources/subscribe},
 * {@code resources/unsubscribe} and GET stream are translated into the {@link LegacyListen} this node keeps
 * for it, and its log level ({@code logging/setLevel}) goes with each later request ({@link LegacyRequests}).
 * Keeps the open SSE streams for keep-alives.
 * <p>
 * A session's requests carry the client's capabilities of its initialize ({@link SessionCapabilities});
 * an agent's {@code input_required} answer becomes requests to the client on the POST's SSE stream and a
 * retry ({@link InputRelay}), whose deadlines are checked at each keep-alive round.
 */
final class McpCalls {

    private static final Logger LOG = Logger.getLogger(McpCalls.class.getName());

    private static final String CANCELLED = "notifications/cancelled";
    private static final String LISTEN = "subscriptions/listen";

    private final JsonRpcCodec codec;
    private final McpSessions sessions;
    private final MeshEntry entry;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final ClientRequests clientRequests;
    private final InputRelay inputs;
    private final Map<McpSession, LegacyListen> listens = new ConcurrentHashMap<>();

    McpCalls(JsonRpcCodec codec, McpSessions sessions, MeshEntry entry, InputSettings input, Clock clock) {
        this.codec = codec;
        this.sessions = sessions;
        this.entry = entry;
        this.clientRequests = new ClientRequests(codec, clock, input.maxPending());
        this.inputs = new InputRelay(entry, clientRequests, input);
    }

    /**
     * Runs a request and answers it on the POST. For an initialize, the session learns its protocol
     * version from the result, or ends (and its id is left out of the reply) on an error.
     */
    void run(McpExchange ex, Map<String, String> headers, McpSession session, Destination to,
             JsonRpc.Request asked, boolean initialize, Optional<Caller.User> user) throws IOException {
        PostReply reply = new PostReply(ex, headers, session.streams(), this::track);
        boolean legacy = LegacyRequests.isLegacy(asked);
        if (legacy) {
            if (asked.method().equals("resources/subscribe") || asked.method().equals("resources/unsubscribe")) {
                CompletableFuture<JsonRpc.Response> answered = listen(session, to, user)
                        .subscribe(asked, asked.method().equals("resources/subscribe")).toCompletableFuture();
                if (!answered.isDone()) {
                    ex.keepOpen(reply::gone);
                }
                answered.thenAccept(response -> reply.complete(codec.encodeToString(response)));
                return;
            }
        }
        JsonRpc.Request request = legacy ? LegacyRequests.withLogLevel(asked, session.logLevel()) : asked;
        Origin origin = forUser(Origin.of(description(session), session,
                (method, params) -> reply.notification(codec.encodeToString(new JsonRpc.Notification(method, params)))), user);
        if (!session.begin(request.id(), origin)) {
            ex.respond(200, headers, AcceptHeader.JSON, codec.encode(JsonRpc.Response.error(request.id(),
                    JsonRpc.INVALID_REQUEST, "a request with id " + request.id() + " is already running in this session")));
            return;
        }
        JsonRpc.Request sent = initialize ? request : SessionCapabilities.carry(request, session.clientCapabilities());
        if (initialize) {
            session.clientCapabilities(SessionCapabilities.of(request));
        }
        CompletableFuture<JsonRpc.Response> answer = entry.request(to, sent, origin)
                .thenCompose(first -> inputs.complete(to, sent, origin, session, reply::notification, first))
                .thenApply(last -> last.id().equals(request.id()) ? last
                        : new JsonRpc.Response(request.id(), last.result(), last.error()))
                .toCompletableFuture();
        if (!answer.isDone()) {
            boolean listen = request.method().equals(LISTEN);
            ex.keepOpen(() -> {
                reply.gone();
                if (listen) {   // 2026-07-28 basic/patterns/subscriptions, Cancellation: closing the stream cancels
                    origin.cancellation().cancel("the client closed the stream");
                }
            });
        }
        answer.thenAccept(response -> {
            session.finish(request.id(), origin);
            LegacyRequests.levelSet(asked, response).ifPresent(session::logLevel);
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

    /** Hands a response the client POSTed to the request of this endpoint it answers; unknown ones are ignored. */
    void response(McpSession session, JsonRpc.Response response) {
        clientRequests.answer(session, response);
    }

    /** The session's GET stream opened: its listen opens, so that list changes reach it. */
    void streamOpened(McpSession session, Destination to, Optional<Caller.User> user) {
        listen(session, to, user).ensureOpen();
    }

    /** The listen the session's entry node keeps for it, made at first use and ended with the session. */
    private LegacyListen listen(McpSession session, Destination to, Optional<Caller.User> user) {
        return listens.computeIfAbsent(session, s -> {
            LegacyListen made = new LegacyListen(s, to, user, entry);
            s.onEnd(() -> {
                listens.remove(s);
                made.end();
            });
            return made;
        });
    }

    /** Keeps an open SSE stream for keep-alives until it closes. */
    void track(SseStream stream) {
        streams.add(stream);
        stream.onClose(() -> streams.remove(stream));
    }

    /** Sends a keep-alive comment on every open SSE stream. */
    void keepAlive() {
        clientRequests.expire();
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
