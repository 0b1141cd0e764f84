package io.agentmesh.agents.http;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The thread of the {@code /mcp} endpoint, made and stopped by its owner (the node), never by the endpoint.
 *
 * @param timer sends the SSE keep-alives and sweeps idle sessions ({@code agentmesh-mcp-timer})
 */
public record McpHttpThreads(ScheduledExecutorService timer) {

    public McpHttpThreads {
        Objects.requireNonNull(timer, "timer");
    }
}
