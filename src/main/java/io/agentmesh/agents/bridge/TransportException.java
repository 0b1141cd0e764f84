package io.agentmesh.agents.bridge;

/**
 * A message could not be carried to or from an MCP server. {@link #unreachable()} tells a server that
 * cannot be reached at all (connection refused, process not running) from one that answered wrongly
 * (an HTTP error status, a malformed reply).
 */
public class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    public TransportException(String message, boolean unreachable) {
        super(message);
        this.unreachable = unreachable;
    }

    public TransportException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** True when the server could not be reached at all. */
    public boolean unreachable() {
        return unreachable;
    }
}
