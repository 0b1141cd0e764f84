package io.agentmesh.agents.http;

import io.agentmesh.routing.ClientSession;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One MCP session at {@code /mcp} (MCP 2025-11-25 "Streamable HTTP", Session Management): begun by an
 * initialize, named by a secret {@code Mcp-Session-Id}, bound to the path it was begun at, ended by
 * DELETE, by idle expiry or by the server. It is the {@link ClientSession} agents keep for later
 * notifications: each goes out on one of the session's open GET streams ({@link SessionStreams}: several
 * may be open, none gets a message another got — "Multiple Connections", 2; each resumable with
 * {@code Last-Event-ID}), and they are held in a bounded queue while none is open. It also tracks
 * the requests in flight by their JSON-RPC id, each as the {@link Origin} it was sent into the mesh with,
 * so that {@code notifications/cancelled} and the session's end cancel them. Thread-safe.
 */
public final class McpSession implements ClientSession {

    private static final Logger LOG = Logger.getLogger(McpSession.class.getName());

    private final String sessionId;
    private final String publicId;
    private final McpPath path;
    private final Clock clock;
    private final int queueLimit;
    private final Function<JsonRpc, String> encoder;
    private final Map<String, Origin> inFlight = new ConcurrentHashMap<>();
    private final Optional<String> owner;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private volatile String protocolVersion;
    private volatile JsonObject clientCapabilities = JsonValue.EMPTY_JSON_OBJECT;
    private volatile String logLevel;
    private final List<Runnable> endActions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Instant lastUsed;
    private volatile boolean open = true;
    private final SessionStreams streams;

    McpSession(String sessionId, String publicId, McpPath path, Optional<String> owner, Clock clock, int queueLimit,
               int replayLimit, Function<JsonRpc, String> encoder) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.publicId = Objects.requireNonNull(publicId, "publicId");
        this.path = Objects.requireNonNull(path, "path");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.clock = clock;
        this.queueLimit = queueLimit;
        this.encoder = encoder;
        this.streams = new SessionStreams(replayLimit);
        this.lastUsed = clock.instant();
    }

    /** The non-secret id agents see; the secret {@link #sessionId()} never leaves the transport. */
    @Override
    public String id() {
        return publicId;
    }

    /** The value of the {@code Mcp-Session-Id} header. */
    public String sessionId() {
        return sessionId;
    }

    public McpPath path() {
        return path;
    }

    /**
     * The subject of the end user who began the session (MCP 2025-11-25 "Security Best Practices",
     * session hijacking: a session is bound to its user), empty when it was begun without one.
     */
    public Optional<String> owner() {
        return owner;
    }

    /** The protocol version the agent chose in its initialize result, once known. */
    public Optional<String> protocolVersion() {
        return Optional.ofNullable(protocolVersion);
    }

    void protocolVersion(String version) {
        this.protocolVersion = version;
    }

    /** What the client declared in its initialize ({@code params.capabilities}). */
    public JsonObject clientCapabilities() {
        return clientCapabilities;
    }

    void clientCapabilities(JsonObject capabilities) {
        this.clientCapabilities = capabilities;
    }

    /** The log level the client set with {@code logging/setLevel}, once it did. */
    Optional<String> logLevel() {
        return Optional.ofNullable(logLevel);
    }

    void logLevel(String level) {
        this.logLevel = level;
    }

    /** Runs {@code action} when the session ends. */
    void onEnd(Runnable action) {
        endActions.add(action);
        if (!open) {
            action.run();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    public Instant lastUsed() {
        return lastUsed;
    }

    void touch() {
        lastUsed = clock.instant();
    }

    /** True while a request runs or an SSE stream is open: such a session is not idle. */
    boolean busy() {
        return !inFlight.isEmpty() || streams.anyLive();
    }

    /** True while a GET stream is open. */
    boolean streaming() {
        return streams.anyGetLive();
    }

    /** The session's SSE streams, GET streams and POST replies alike. */
    SessionStreams streams() {
        return streams;
    }

    @Override
    public void sendNotification(String method, JsonObject params) {
        if (!open) {
            return;
        }
        String json = encoder.apply(new JsonRpc.Notification(method, params));
        synchronized (this) {
            if (!streams.deliver(json)) {
                enqueue(json);
            }
        }
    }

    private void enqueue(String json) {
        if (queueLimit == 0) {
            LOG.log(Level.FINE, "session {0}: notification dropped, no GET stream open", publicId);
            return;
        }
        if (queue.size() == queueLimit) {
            queue.removeFirst();
            LOG.log(Level.FINE, "session {0}: notification queue full, the oldest dropped", publicId);
        }
        queue.addLast(json);
    }

    /**
     * Opens a GET stream on {@code connection}, or resumes the stream that sent {@code lastEventId} (MCP
     * 2025-11-25 basic/transports, "Resumability and Redelivery", 2: its events after that id are
     * replayed, never another stream's); an id no stream of this session sent opens a new stream. Then the
     * queued notifications go out on it. False (and nothing changes) when the session has ended or holds
     * {@link SessionStreams#MAX_STREAMS} open GET streams.
     */
    boolean attachStream(SseStream connection, Optional<SseEventId> lastEventId) {
        List<String> pending;
        synchronized (this) {
            if (!open) {
                return false;
            }
            Optional<SseEventLog> resumed = lastEventId.flatMap(streams::find);
            Optional<SseEventLog> log = resumed.isPresent() ? resumed : streams.open(true);
            if (log.isEmpty()) {
                return false;
            }
            log.get().attach(connection, resumed.isPresent() ? lastEventId.get().sequence() : 0);
            connection.onClose(this::touch);
            if (!log.get().isGet() || !connection.isOpen()) {
                return true;
            }
            pending = List.copyOf(queue);
            queue.clear();
            for (String json : pending) {
                log.get().send(json);
            }
        }
        return true;
    }

    /** Registers a running request and the origin it runs for; false when one with the same id is already running. */
    boolean begin(JsonValue requestId, Origin call) {
        return inFlight.putIfAbsent(key(requestId), call) == null;
    }

    void finish(JsonValue requestId, Origin call) {
        inFlight.remove(key(requestId), call);
        touch();
    }

    /** The origin of the running request with this JSON-RPC id, if any. */
    Optional<Origin> running(JsonValue requestId) {
        return requestId == null ? Optional.empty() : Optional.ofNullable(inFlight.get(key(requestId)));
    }

    /** Ends the session: closes its SSE streams, cancels its running requests, drops queued notifications. */
    void end() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            queue.clear();
        }
        streams.endAll();
        inFlight.values().forEach(call -> call.cancellation().cancel(null));
        endActions.forEach(Runnable::run);
    }

    /** Ids compare as JSON text, so that the string "1" and the number 1 stay apart. */
    private static String key(JsonValue id) {
        return id.toString();
    }

    @Override
    public String toString() {
        return "McpSession[" + publicId + " " + path + "]";
    }
}
