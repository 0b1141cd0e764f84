package io.agentmesh.transport;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the WebSocket channels of a node share: the threads their writers run on (one at a time per
 * channel, blocked while the socket takes a write) and the scheduler of the watchdog that fails a write
 * taking longer than the send timeout.
 */
public record ChannelThreads(Executor executor, Scheduler scheduler) {

    public ChannelThreads {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(scheduler, "scheduler");
    }
}
