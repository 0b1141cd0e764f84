package io.agentmesh.agents.bridge;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The threads the bridged agents of a node share, made and stopped by their owner (the node), never by
 * the bridges.
 *
 * @param timer runs request deadlines, reconnection delays and the delays before reopening streams
 *              ({@code agentmesh-bridge-timer})
 * @param pool  runs HTTP exchanges and connection attempts, which may block briefly starting a process
 *              ({@code agentmesh-bridge-*})
 */
public record BridgeThreads(ScheduledExecutorService timer, ExecutorService pool) {

    public BridgeThreads {
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(pool, "pool");
    }
}
