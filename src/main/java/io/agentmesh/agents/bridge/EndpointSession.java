package io.agentmesh.agents.bridge;

import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MessageDecodeException;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The session an HTTP transport holds with its server's MCP endpoint (MCP 2025-11-25, Streamable HTTP,
 * session management): its {@code Mcp-Session-Id} and negotiated {@code MCP-Protocol-Version}, carried
 * with the configured headers on every request it builds; its generation, which each new session and
 * the transport's close advance, so that the replies and streams of earlier ones are told apart; and the
 * {@link McpTransport.Inbound} that receives the messages of the server's events.
 */
final class EndpointSession {

    private static final Logger LOG = Logger.getLogger(EndpointSession.class.getName());

    private final BridgeSettings settings;
    private final URI url;
    private final HttpClient http;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final AtomicLong generation = new AtomicLong();
    private volatile McpTransport.Inbound inbound;
    private volatile String id;
    private volatile String protocolVersion;

    EndpointSession(BridgeSettings settings, URI url, HttpClient http) {
        this.settings = settings;
        this.url = url;
        this.http = http;
    }

    URI url() {
        return url;
    }

    long generation() {
        return generation.get();
    }

    boolean isCurrent(long gen) {
        return gen == generation.get();
    }

    /** Starts a new generation: what belongs to earlier ones is stale from now on. */
    void advance() {
        generation.incrementAndGet();
    }

    /**
     * Forgets the session id and protocol version, and hands what the server sends to {@code next} from now
     * on.
     *
     * @return the forgotten session id, null when there was none
     */
    String reset(McpTransport.Inbound next) {
        String previous = id;
        id = null;
        protocolVersion = null;
        inbound = next;
        return previous;
    }

    /** Forgets the session id (the transport is closing); returns it, null when there was none. */
    String end() {
        String previous = id;
        id = null;
        return previous;
    }

    Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** Takes the session id of an initialize answer: visible ASCII only, else it is not used (WARNING). */
    void accept(String sessionId) {
        if (!sessionId.isEmpty() && sessionId.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            id = sessionId;
        } else {
            LOG.log(Level.WARNING, "bridge {0}: {1} sent a session id with characters other than visible ASCII; "
                    + "it is not used", new Object[] {settings.id(), url});
        }
    }

    /** The protocol version sent from now on; null: none. */
    void negotiated(String version) {
        protocolVersion = version;
    }

    /** Whether the server is spoken to in the stateless revision (MCP 2026-07-28: {@link ModernEra}). */
    boolean isModern() {
        return io.agentmesh.mcp.ProtocolVersions.MODERN.equals(protocolVersion);
    }

    /** A request to the endpoint with the configured headers, {@code session} (when not null) and the protocol version. */
    HttpRequest.Builder request(String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        settings.headers().forEach(b::header);
        if (session != null) {
            b.header(StreamableHttpTransport.SESSION_ID, session);
        }
        String version = protocolVersion;
        if (version != null) {
            b.header(StreamableHttpTransport.PROTOCOL_VERSION, version);
        }
        return b;
    }

    <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return http.sendAsync(request, handler);
    }

    /** Ends {@code session} at the server with DELETE; completes (never fails) once it answered or failed. */
    CompletableFuture<Void> delete(String session) {
        HttpRequest request = request(session).timeout(Duration.ofSeconds(2)).DELETE().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            LOG.log(Level.FINE, "bridge {0}: DELETE session at {1}: {2}", new Object[] {settings.id(), url,
                failure == null ? "HTTP " + response.statusCode() : failure.toString()});
            return null;
        });
    }

    /**
     * The JSON-RPC message of one server-sent event; none for an event without data or of another type
     * than {@code message} (FINE), nor for one that is not a JSON-RPC message (dropped with a WARNING).
     */
    Optional<JsonRpc> message(SseEvent event) {
        if (event.data().isBlank()) {
            return Optional.empty();
        }
        if (!event.type().equals("message")) {
            LOG.log(Level.FINE, "event of type {0} from {1} ignored", new Object[] {event.type(), url});
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(event.data()));
        } catch (MessageDecodeException e) {
            LOG.log(Level.WARNING, "bridge {0}: an event from {1} is not a JSON-RPC message and was dropped: {2}",
                    new Object[] {settings.id(), url, e.getMessage()});
            return Optional.empty();
        }
    }

    /** Hands a message to the inbound, as part of the reply to {@code related} (null: on no reply). */
    void deliver(JsonRpc message, JsonValue related) {
        McpTransport.Inbound target = inbound;
        if (target == null) {
            return;
        }
        try {
            target.received(message, related);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bridge " + settings.id() + ": handling a message from " + url + " failed", e);
        }
    }

    /** Tells the inbound the server is lost. */
    void lost(TransportException e) {
        McpTransport.Inbound target = inbound;
        if (target != null) {
            target.lost(e);
        }
    }
}
