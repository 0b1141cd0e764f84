package io.agentmesh.transport;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * What the WebSocket channels of a node share: the threads their writers run on (one at a time per
 * channel, blocked while the socket takes a write), and the scheduler and the time source (nanoseconds,
 * like {@link System#nanoTime()}) of the watchdog that fails a write taking longer than the send timeout.
 */
public record ChannelThreads(Executor executor, Scheduler scheduler, LongSupplier nanoTime) {

    public ChannelThreads {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(nanoTime, "nanoTime");
    }
}
