package io.agentmesh.agents.http;

import io.agentmesh.routing.JsonRpc;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The session table of {@code /mcp} (MCP 2025-11-25 "Streamable HTTP", Session Management). Session ids
 * are 32 bytes from the injected {@link SecureRandom} in base64url (43 visible ASCII characters, as the
 * spec requires); a session unused for the idle timeout (and with no request running nor GET stream
 * open) ends at the next lookup or sweep; the table holds at most {@code maxSessions}. All state is in
 * a {@link ConcurrentHashMap}; the clock is injected. Thread-safe.
 */
public final class McpSessions {

    private static final Logger LOG = Logger.getLogger(McpSessions.class.getName());
    private static final Base64.Encoder ID_ENCODING = Base64.getUrlEncoder().withoutPadding();

    /** Thrown when the table is full even after a sweep. */
    public static final class FullException extends Exception {
        FullException(int max) {
            super("this node holds its maximum of " + max + " MCP sessions; try later");
        }
    }

    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong serial = new AtomicLong();
    private final SecureRandom random;
    private final Clock clock;
    private final Duration idleTimeout;
    private final int maxSessions;
    private final int queueLimit;
    private final int replayLimit;
    private final Function<JsonRpc, String> encoder;

    public McpSessions(McpHttpSettings settings, SecureRandom random, Clock clock, Function<JsonRpc, String> encoder) {
        this.random = random;
        this.clock = clock;
        this.idleTimeout = settings.sessionIdleTimeout();
        this.maxSessions = settings.maxSessions();
        this.queueLimit = settings.sessionQueue();
        this.replayLimit = settings.sseReplayEvents();
        this.encoder = encoder;
    }

    /** Begins a session bound to {@code path} and to its end user's subject ({@code owner}), if any. */
    public McpSession create(McpPath path, Optional<String> owner) throws FullException {
        if (sessions.size() >= maxSessions) {
            sweep();
            if (sessions.size() >= maxSessions) {
                throw new FullException(maxSessions);
            }
        }
        McpSession session;
        do {
            session = new McpSession(newId(), "mcp-" + serial.incrementAndGet(), path, owner, clock, queueLimit, replayLimit,
                    encoder);
        } while (sessions.putIfAbsent(session.sessionId(), session) != null);
        LOG.log(Level.FINE, "MCP session {0} begun at /mcp{1}", new Object[] {session.id(), path});
        return session;
    }

    /** The live session with this id, touched; empty when unknown, ended or expired (an expired one ends now). */
    public Optional<McpSession> find(String sessionId) {
        McpSession s = sessionId == null ? null : sessions.get(sessionId);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, clock.instant())) {
            remove(s, "expired");
            return Optional.empty();
        }
        s.touch();
        return Optional.of(s);
    }

    /** Ends a session (DELETE); false when it was unknown. */
    public boolean end(String sessionId) {
        McpSession s = sessionId == null ? null : sessions.get(sessionId);
        return s != null && remove(s, "ended by the client");
    }

    /** Ends every session idle beyond the timeout; returns how many ended. */
    public int sweep() {
        Instant now = clock.instant();
        int n = 0;
        for (McpSession s : sessions.values()) {
            if (expired(s, now) && remove(s, "expired")) {
                n++;
            }
        }
        return n;
    }

    /** Ends every session (shutdown). */
    public void endAll() {
        sessions.values().forEach(s -> remove(s, "shutdown"));
    }

    public int size() {
        return sessions.size();
    }

    /** The live sessions, for keep-alives and diagnostics. */
    public Iterable<McpSession> all() {
        return sessions.values();
    }

    private boolean expired(McpSession s, Instant now) {
        return !s.busy() && s.lastUsed().plus(idleTimeout).isBefore(now);
    }

    private boolean remove(McpSession s, String why) {
        if (!sessions.remove(s.sessionId(), s)) {
            return false;
        }
        s.end();
        LOG.log(Level.FINE, "MCP session {0} {1}", new Object[] {s.id(), why});
        return true;
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ID_ENCODING.encodeToString(bytes);
    }
}
