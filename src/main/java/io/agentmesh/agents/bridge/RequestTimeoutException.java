package io.agentmesh.agents.bridge;

import java.time.Duration;

/** A request to an MCP server got no response within its deadline; the client sent notifications/cancelled. */
public class RequestTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Duration deadline;

    public RequestTimeoutException(String message, Duration deadline) {
        super(message);
        this.deadline = deadline;
    }

    public Duration deadline() {
        return deadline;
    }
}
