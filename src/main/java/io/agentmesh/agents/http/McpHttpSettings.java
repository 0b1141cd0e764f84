package io.agentmesh.agents.http;

import io.agentmesh.web.AccessPolicy;
import io.agentmesh.web.HttpGate;
import io.agentmesh.web.JwtAccess;
import io.agentmesh.web.OAuthSettings;
import io.agentmesh.web.OriginPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits and access rules of the {@code /mcp} endpoint (wire-v1 §7, MCP 2025-11-25 "Streamable HTTP").
 * Every member has a documented default ({@link #defaults()}); the compact constructor rejects values
 * that would leave the endpoint unusable or unbounded.
 *
 * @param allowedOrigins        origins a browser may send ({@code Origin} header); each is
 *                              {@code scheme://host[:port]} where the port may be {@code *} (any port, or
 *                              none), or the single entry {@code *} for any origin. Default: the loopback
 *                              origins {@code http://localhost:*}, {@code http://127.0.0.1:*},
 *                              {@code http://[::1]:*} and their {@code https} twins.
 * @param token                 the bearer token that admits clients that are not on loopback
 *                              ({@code Authorization: Bearer <token>}); empty: none is accepted. Default empty.
 * @param allowLoopback         whether loopback clients (127.0.0.0/8, ::1) are admitted without credentials.
 *                              Default true.
 * @param sessionIdleTimeout    a session not used for this long ends. Default 30 minutes.
 * @param maxSessions           sessions held at once; an initialize beyond it gets 503. Default 1000.
 * @param maxBodyBytes          the largest POST body accepted; larger gets 413. Default 4 MiB.
 * @param sseKeepAlive          the interval of SSE comment lines on open streams. Default 15 seconds.
 * @param sessionQueue          server notifications a session holds while no GET stream is open
 *                              (the oldest are dropped beyond it). Default 100.
 * @param sseReplayEvents       events each SSE stream of a session keeps for a client that resumes it with
 *                              {@code Last-Event-ID} (the oldest are dropped beyond it; 0: none replayed).
 *                              Default 100.
 * @param oauth                 the JWT mode ({@code mesh.oauth.*}): access tokens of an authorization
 *                              server admit clients too. Default none.
 */
public record McpHttpSettings(
        List<String> allowedOrigins,
        Optional<String> token,
        boolean allowLoopback,
        Duration sessionIdleTimeout,
        int maxSessions,
        int maxBodyBytes,
        Duration sseKeepAlive,
        int sessionQueue,
        int sseReplayEvents,
        Optional<OAuthSettings> oauth) {

    /** The default allowed origins: loopback on any port. */
    public static final List<String> LOOPBACK_ORIGINS = List.of(
            "http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
            "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*");

    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_SSE_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final int DEFAULT_SESSION_QUEUE = 100;
    public static final int DEFAULT_SSE_REPLAY_EVENTS = 100;

    public McpHttpSettings {
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        for (String origin : allowedOrigins) {
            OriginPolicy.requireValidPattern(origin);
        }
        Objects.requireNonNull(token, "token (use Optional.empty())");
        token = token.filter(t -> !t.isEmpty());
        if (token.isPresent() && token.get().length() < 16) {
            throw new IllegalArgumentException("mesh.mcp.token must have at least 16 characters");
        }
        if (token.isPresent() && !token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("mesh.mcp.token must be visible ASCII");
        }
        requirePositive(sessionIdleTimeout, "sessionIdleTimeout");
        requirePositive(sseKeepAlive, "sseKeepAlive");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024: " + maxBodyBytes);
        }
        if (sessionQueue < 0) {
            throw new IllegalArgumentException("sessionQueue must not be negative: " + sessionQueue);
        }
        if (sseReplayEvents < 0) {
            throw new IllegalArgumentException("sseReplayEvents must not be negative: " + sseReplayEvents);
        }
        Objects.requireNonNull(oauth, "oauth (use Optional.empty())");
    }

    /** The documented defaults. */
    public static McpHttpSettings defaults() {
        return new McpHttpSettings(LOOPBACK_ORIGINS, Optional.empty(), true, DEFAULT_SESSION_IDLE_TIMEOUT,
                DEFAULT_MAX_SESSIONS, DEFAULT_MAX_BODY_BYTES, DEFAULT_SSE_KEEP_ALIVE, DEFAULT_SESSION_QUEUE,
                DEFAULT_SSE_REPLAY_EVENTS, Optional.empty());
    }

    /**
     * The checks these settings ask of an HTTP entry point: allowed origins, access rules, body limit;
     * {@code entry} names it in log lines ({@code /mcp}, {@code /api/v1/call}); {@code jwt} is the node's
     * JWT mode, present when {@link #oauth()} is.
     */
    public HttpGate gate(String entry, Optional<JwtAccess> jwt) {
        if (jwt.isPresent() != oauth.isPresent()) {
            throw new IllegalArgumentException("the JWT mode is configured " + (oauth.isPresent() ? "but not given" : "nowhere"));
        }
        return new HttpGate(entry, new OriginPolicy(allowedOrigins), new AccessPolicy(token, allowLoopback, jwt), maxBodyBytes);
    }

    public McpHttpSettings withOAuth(Optional<OAuthSettings> value) {
        return new McpHttpSettings(allowedOrigins, token, allowLoopback, sessionIdleTimeout, maxSessions, maxBodyBytes,
                sseKeepAlive, sessionQueue, sseReplayEvents, value);
    }

    public McpHttpSettings withToken(String newToken) {
        return new McpHttpSettings(allowedOrigins, Optional.ofNullable(newToken), allowLoopback,
                sessionIdleTimeout, maxSessions, maxBodyBytes, sseKeepAlive, sessionQueue, sseReplayEvents, oauth);
    }

    public McpHttpSettings withAllowLoopback(boolean allow) {
        return new McpHttpSettings(allowedOrigins, token, allow, sessionIdleTimeout, maxSessions, maxBodyBytes,
                sseKeepAlive, sessionQueue, sseReplayEvents, oauth);
    }

    public McpHttpSettings withAllowedOrigins(List<String> origins) {
        return new McpHttpSettings(origins, token, allowLoopback, sessionIdleTimeout, maxSessions, maxBodyBytes,
                sseKeepAlive, sessionQueue, sseReplayEvents, oauth);
    }

    public McpHttpSettings withSessions(Duration idleTimeout, int max) {
        return new McpHttpSettings(allowedOrigins, token, allowLoopback, idleTimeout, max, maxBodyBytes,
                sseKeepAlive, sessionQueue, sseReplayEvents, oauth);
    }

    public McpHttpSettings withMaxBodyBytes(int max) {
        return new McpHttpSettings(allowedOrigins, token, allowLoopback, sessionIdleTimeout, maxSessions, max,
                sseKeepAlive, sessionQueue, sseReplayEvents, oauth);
    }

    @Override
    public String toString() {
        return "McpHttpSettings[allowedOrigins=" + allowedOrigins + ", token=" + (token.isPresent() ? "***" : "none")
                + ", allowLoopback=" + allowLoopback + ", sessionIdleTimeout=" + sessionIdleTimeout
                + ", maxSessions=" + maxSessions + ", maxBodyBytes=" + maxBodyBytes
                + ", sseKeepAlive=" + sseKeepAlive + ", sessionQueue=" + sessionQueue + ", sseReplayEvents=" + sseReplayEvents + ", oauth=" + oauth + "]";
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
