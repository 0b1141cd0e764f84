package io.agentmesh.agents.bridge;

import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonValue;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of an MCP transport (MCP 2025-11-25, basic/transports): carries JSON-RPC messages to
 * one server and hands what the server sends to an {@link Inbound}. The session logic is elsewhere (ids
 * and pending requests in {@link ServerChannel}, initialize in {@link BridgeClient}); a transport only
 * moves messages.
 */
public interface McpTransport extends AutoCloseable {

    /** Where the server is, for messages: its URL or its command line. */
    String target();

    /**
     * Prepares a new session: forgets the previous one (HTTP: its session id and notification stream;
     * stdio: restarts the process). Called before each {@code initialize}.
     *
     * @throws TransportException when the server cannot be reached or started
     */
    void open(Inbound inbound) throws TransportException;

    /**
     * Sends one message. The stage completes once the message is delivered and, for HTTP, once the reply
     * stream of a request has ended; the server's answers arrive through the {@link Inbound}. It fails with
     * a {@link TransportException} ({@link SessionExpiredException} when the server no longer knows the session).
     */
    CompletableFuture<Void> send(JsonRpc message);

    /**
     * The protocol version spoken from now on, agreed by {@code initialize} or chosen for the stateless
     * revision (null: none yet): HTTP sends it on every later request, and for the stateless revision the
     * headers that mirror each request ({@link ModernEra#headers}).
     */
    void negotiated(String protocolVersion);

    /** The session is initialized ({@code notifications/initialized} sent): HTTP opens its notification stream. */
    void initialized();

    /** Ends the session (HTTP: DELETE; stdio: stops the process); in-flight sends fail. */
    @Override
    void close();

    /** Receives what the server sends. */
    interface Inbound {

        /**
         * One message from the server.
         *
         * @param relatedRequest the id of the request on whose reply stream it came (HTTP), else null
         */
        void received(JsonRpc message, JsonValue relatedRequest);

        /** The connection to the server is lost for the current session (process exited, stream refused). */
        void lost(TransportException cause);
    }
}
