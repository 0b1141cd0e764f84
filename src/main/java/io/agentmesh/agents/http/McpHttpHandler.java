package io.agentmesh.agents.http;

import io.agentmesh.agents.InputSettings;
import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.MessageDecodeException;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.web.AccessPolicy;
import io.agentmesh.web.HttpGate;
import io.agentmesh.web.JwtAccess;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MCP Streamable HTTP transport at {@code /mcp} (MCP 2025-11-25 "Streamable HTTP"; wire-v1 §7),
 * independent of the servlet API. Per exchange, in this order:
 * <ol>
 *   <li>{@code Origin} present and not allowed: 403 ({@link HttpGate});</li>
 *   <li>access refused: 401, 403 or 503 ({@link AccessPolicy}, through the same gate); an admitted
 *       request goes on for the end user it was admitted for, if any (a token's subject and roles), which
 *       the agent sees as {@code CallContext.caller().user()};</li>
 *   <li>the path names no agent, or a local agent this node does not host: 404 with −32061;</li>
 *   <li>POST: {@code Accept} lacking JSON or SSE: 406; a body over the limit: 413; not JSON-RPC: 400 with
 *       −32700/−32600 (a batch is −32600); {@code initialize} begins a session (its id in
 *       {@code Mcp-Session-Id}); any other message needs a supported {@code MCP-Protocol-Version} (400)
 *       and a session id (400 when missing, 404 when unknown, ended, expired, or begun at another path or
 *       by another end user);
 *       a request is answered as JSON, or as SSE once it sends notifications or requests to the client
 *       (input an agent asks for: {@link InputRelay}); notifications and responses get 202, a response
 *       going to the request of this endpoint it answers;</li>
 *   <li>GET: a stream of the session's server notifications (several may be open; each message goes on
 *       one), or, with {@code Last-Event-ID}, the resumption of the stream that sent that event (a GET's or
 *       a POST reply's: {@link McpSession#attachStream}); beyond {@link SessionStreams#MAX_STREAMS} open
 *       streams: 409;</li>
 *   <li>DELETE: ends the session, 204.</li>
 * </ol>
 * Without the {@code MCP-Protocol-Version} header the version negotiated at initialize applies (else
 * 2025-03-26).
 * <p>
 * MCP 2026-07-28 is served on the same URLs, chosen per exchange ({@link ModernPost#isModern}): a POST
 * whose message carries modern {@code _meta} (or whose version header no legacy session speaks) is answered
 * statelessly by {@link ModernPost}; a GET or DELETE with a modern version header gets 405. Errors answered
 * after the body was read carry the request's id.
 * <p>
 * All MCP semantics are the agent's: this class only carries messages into the mesh
 * through the {@link MeshEntry} ({@link McpCalls}), to an agent of this node or of another; the
 * {@link AgentDirectory} tells which agents this node hosts.
 */
public final class McpHttpHandler {

    private static final Logger LOG = Logger.getLogger(McpHttpHandler.class.getName());

    public static final String SESSION_ID = "Mcp-Session-Id";
    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";

    private static final String ALLOW = "GET, POST, DELETE, OPTIONS";

    private final AgentDirectory directory;
    private final Supplier<Optional<NodeId>> self;
    private final HttpGate gate;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final McpSessions sessions;
    private final McpCalls calls;
    private final ModernPost modern;

    /**
     * @param directory the agents of this node: a path to one it does not host gets 404
     * @param entry     where every message goes, to an agent of this node or of another
     * @param self      this node's id, once known: {@code /mcp/{self}/{agent}} is served locally
     * @param jwt       the node's JWT mode, present when the settings configure one
     */
    public McpHttpHandler(McpHttpSettings settings, AgentDirectory directory, MeshEntry entry,
                          Supplier<Optional<NodeId>> self, Optional<JwtAccess> jwt, SecureRandom random, Clock clock) {
        this(settings, InputSettings.defaults(), directory, entry, self, jwt, random, clock, McpHttpObserver.NONE,
                new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime));
    }

    /**
     * @param input    the limits of multi round-trip requests of 2025-11-25 sessions
     * @param observer counts the modern requests refused at the endpoint
     * @param log      limits the log lines of refused modern requests
     */
    public McpHttpHandler(McpHttpSettings settings, InputSettings input, AgentDirectory directory, MeshEntry entry,
                          Supplier<Optional<NodeId>> self, Optional<JwtAccess> jwt, SecureRandom random, Clock clock,
                          McpHttpObserver observer, LogLimiter log) {
        this.directory = directory;
        this.self = self;
        this.gate = settings.gate("/mcp", jwt);
        this.sessions = new McpSessions(settings, random, clock, codec::encodeToString);
        this.calls = new McpCalls(codec, sessions, entry, input, clock);
        this.modern = new ModernPost(codec, entry, calls::track, observer, log);
    }

    public McpSessions sessions() {
        return sessions;
    }

    /** Sends a keep-alive comment on every open SSE stream; closed ones drop out. */
    public void keepAlive() {
        calls.keepAlive();
    }

    /** Ends every session and stream (shutdown). */
    public void close() {
        sessions.endAll();
        calls.closeStreams();
    }

    /** Handles one exchange; it is answered before this returns, or later when kept open. */
    public void handle(McpExchange ex) throws IOException {
        Optional<String> origin = ex.header("Origin");
        Map<String, String> cors = new LinkedHashMap<>();
        if (!gate.allowsOrigin(origin, ex.remoteAddress())) {
            error(ex, 403, cors, JsonRpc.FORBIDDEN, "origin not allowed: " + origin.get());
            return;
        }
        origin.ifPresent(o -> {
            cors.put("Access-Control-Allow-Origin", o);
            cors.put("Access-Control-Expose-Headers", SESSION_ID);
            cors.put("Vary", "Origin");
        });
        if (ex.method().equals("OPTIONS")) {
            preflight(ex, cors);
            return;
        }
        AccessPolicy.Admission admission = gate.decide(ex.remoteAddress(), ex.header("Authorization"),
                ex.containerUser());
        if (!admission.allowed()) {
            AccessPolicy.Decision decision = admission.decision();
            gate.challenge(decision).ifPresent(challenge -> cors.put("WWW-Authenticate", challenge));
            if (decision.status() == 503) {
                cors.put("Retry-After", "10");
            }
            error(ex, decision.status(), cors, JsonRpc.FORBIDDEN, decision.message());
            return;
        }
        Optional<Caller.User> user = admission.user();
        Optional<McpPath> path = McpPath.parse(ex.pathInfo());
        if (path.isEmpty()) {
            error(ex, 404, cors, JsonRpc.AGENT_NOT_FOUND,
                    "no agent at this path: use /mcp/{agent-id} or /mcp/{node-id}/{agent-id}");
            return;
        }
        Destination target = target(path.get());
        if (target == null) {
            JsonRpc.Error e = new JsonRpc.Error(JsonRpc.AGENT_NOT_FOUND,
                    "agent not found on this node: " + path.get().agent(),
                    JsonRpc.errorData(path.get().node().map(NodeId::value).orElse(null), path.get().agent()));
            send(ex, 404, cors, JsonRpc.Response.error(JsonValue.NULL, e));
            return;
        }
        switch (ex.method()) {
            case "POST" -> post(ex, cors, path.get(), target, user);
            case "GET", "DELETE" -> {
                if (ModernPost.isModernVersion(ex.header(PROTOCOL_VERSION))) {
                    modern.notAllowed(ex, cors);
                } else if (ex.method().equals("GET")) {
                    get(ex, cors, path.get(), target, user);
                } else {
                    delete(ex, cors, path.get(), user);
                }
            }
            default -> {
                cors.put("Allow", ALLOW);
                error(ex, 405, cors, JsonRpc.INVALID_REQUEST, "method not allowed: " + ex.method());
            }
        }
    }

    // ---- POST

    private void post(McpExchange ex, Map<String, String> headers, McpPath path, Destination target,
                      Optional<Caller.User> user) throws IOException {
        if (!AcceptHeader.parse(ex.header("Accept")).acceptsJsonAndEventStream()) {
            error(ex, 406, headers, JsonRpc.INVALID_REQUEST,
                    "Accept must list both application/json and text/event-stream");
            return;
        }
        Optional<String> contentType = ex.header("Content-Type");
        if (contentType.isPresent() && !isJson(contentType.get())) {
            error(ex, 415, headers, JsonRpc.INVALID_REQUEST, "Content-Type must be application/json");
            return;
        }
        byte[] body = gate.readBody(ex.body(), ex.contentLength());
        if (body == null) {
            error(ex, 413, headers, JsonRpc.INVALID_REQUEST,
                    "the body exceeds the limit of " + gate.maxBodyBytes() + " bytes");
            return;
        }
        JsonRpc message;
        try {
            message = codec.decode(body);
        } catch (MessageDecodeException e) {
            send(ex, 400, headers, e.response());
            return;
        }
        if (ModernPost.isModern(message, ex.header(PROTOCOL_VERSION))) {
            modern.post(ex, headers, target, message, user);
            return;
        }
        if (message instanceof JsonRpc.Request r && r.method().equals("initialize")) {
            initialize(ex, headers, path, target, r, user);
            return;
        }
        JsonValue id = message instanceof JsonRpc.Request r ? r.id() : JsonValue.NULL;
        Optional<McpSession> session = session(ex, headers, path, user, id);
        if (session.isEmpty()) {
            return;
        }
        if (message instanceof JsonRpc.Request r) {
            calls.run(ex, headers, session.get(), target, r, false, user);
        } else if (message instanceof JsonRpc.Notification n) {
            calls.notification(session.get(), target, n, user);
            ex.respond(202, headers, null, null);
        } else {
            calls.response(session.get(), (JsonRpc.Response) message);
            ex.respond(202, headers, null, null);
        }
    }

    private void initialize(McpExchange ex, Map<String, String> headers, McpPath path, Destination target,
                            JsonRpc.Request request, Optional<Caller.User> user) throws IOException {
        McpSession session;
        try {
            session = sessions.create(path, user.map(Caller.User::subject));
        } catch (McpSessions.FullException e) {
            LOG.log(Level.WARNING, "/mcp: {0}", e.getMessage());
            headers.put("Retry-After", "10");
            send(ex, 503, headers, JsonRpc.Response.error(request.id(), JsonRpc.OVERLOADED, e.getMessage()));
            return;
        }
        Map<String, String> replyHeaders = new LinkedHashMap<>(headers);
        replyHeaders.put(SESSION_ID, session.sessionId());
        calls.run(ex, replyHeaders, session, target, request, true, user);
    }

    // ---- GET and DELETE

    private void get(McpExchange ex, Map<String, String> headers, McpPath path, Destination target,
                     Optional<Caller.User> user) throws IOException {
        if (!AcceptHeader.parse(ex.header("Accept")).accepts(AcceptHeader.EVENT_STREAM)) {
            error(ex, 406, headers, JsonRpc.INVALID_REQUEST, "Accept must list text/event-stream");
            return;
        }
        Optional<McpSession> found = session(ex, headers, path, user, JsonValue.NULL);
        if (found.isEmpty()) {
            return;
        }
        McpSession session = found.get();
        Optional<SseEventId> resume = ex.header("Last-Event-ID").flatMap(SseEventId::parse);
        if (resume.flatMap(session.streams()::find).isEmpty() && session.streams().isGetFull()) {
            error(ex, 409, headers, JsonRpc.INVALID_REQUEST,
                    "this session already has " + SessionStreams.MAX_STREAMS + " open streams");
            return;
        }
        SseStream stream = new SseStream(ex.openEventStream(headers), ex::end);
        ex.keepOpen(stream::close);
        if (!session.attachStream(stream, resume)) {
            stream.close();
            return;
        }
        calls.track(stream);
        calls.streamOpened(session, target, user);
    }

    private void delete(McpExchange ex, Map<String, String> headers, McpPath path, Optional<Caller.User> user)
            throws IOException {
        Optional<McpSession> session = session(ex, headers, path, user, JsonValue.NULL);
        if (session.isEmpty()) {
            return;
        }
        sessions.end(session.get().sessionId());
        ex.respond(204, headers, null, null);
    }

    // ---- shared rules

    /**
     * The session of a non-initialize exchange, with the protocol-version rule; empty when an error
     * was sent (400 bad version or missing id, 404 unknown session, or one begun at another path or by
     * another end user), with {@code id}, the request's.
     */
    private Optional<McpSession> session(McpExchange ex, Map<String, String> headers, McpPath path,
                                         Optional<Caller.User> user, JsonValue id) throws IOException {
        Optional<String> version = ex.header(PROTOCOL_VERSION);
        if (version.isPresent() && !ProtocolVersionHeader.isSupported(version.get())) {
            send(ex, 400, headers, JsonRpc.Response.error(id, JsonRpc.INVALID_REQUEST, "unsupported "
                    + PROTOCOL_VERSION + ": " + version.get() + " (supported: "
                    + String.join(", ", ProtocolVersionHeader.SUPPORTED.stream().sorted().toList()) + ")"));
            return Optional.empty();
        }
        Optional<String> sessionId = ex.header(SESSION_ID);
        if (sessionId.isEmpty()) {
            send(ex, 400, headers, JsonRpc.Response.error(id, JsonRpc.INVALID_REQUEST,
                    "missing " + SESSION_ID + " header: send initialize first"));
            return Optional.empty();
        }
        Optional<McpSession> session = sessions.find(sessionId.get())
                .filter(s -> s.path().equals(path) && s.owner().equals(user.map(Caller.User::subject)));
        if (session.isEmpty()) {
            send(ex, 404, headers, JsonRpc.Response.error(id, JsonRpc.INVALID_REQUEST,
                    "session not found (unknown, ended or expired): send a new initialize"));
        }
        return session;
    }

    /** Where a path's messages go; null for an agent of this node that it does not host. */
    private Destination target(McpPath path) {
        if (path.isLocal(self.get()) && !directory.hosts(path.agent())) {
            return null;
        }
        return path.destination();
    }

    private void preflight(McpExchange ex, Map<String, String> headers) throws IOException {
        headers.put("Access-Control-Allow-Methods", ALLOW);
        headers.put("Access-Control-Allow-Headers",
                "Content-Type, Accept, Authorization, Last-Event-ID, " + SESSION_ID + ", " + PROTOCOL_VERSION
                        + ", " + McpRequestHeaders.METHOD + ", " + McpRequestHeaders.NAME);
        headers.put("Access-Control-Max-Age", "600");
        headers.put("Allow", ALLOW);
        ex.respond(204, headers, null, null);
    }

    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].trim();
        return media.equalsIgnoreCase(AcceptHeader.JSON);
    }

    private void error(McpExchange ex, int status, Map<String, String> headers, int code, String message)
            throws IOException {
        send(ex, status, headers, JsonRpc.Response.error(JsonValue.NULL, code, message));
    }

    private void send(McpExchange ex, int status, Map<String, String> headers, JsonRpc.Response response)
            throws IOException {
        ex.respond(status, headers, AcceptHeader.JSON, codec.encode(response));
    }
}
