package io.agentmesh.agents.bridge;

/**
 * The server answered a request that carried a session id with 404 (MCP 2025-11-25, Streamable HTTP,
 * session management): the session ended there, and the client must initialize a new one.
 */
public class SessionExpiredException extends TransportException {

    private static final long serialVersionUID = 1L;

    public SessionExpiredException(String message) {
        super(message, false);
    }
}
