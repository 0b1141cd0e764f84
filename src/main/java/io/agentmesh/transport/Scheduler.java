package io.agentmesh.transport;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay: the clock of handshake deadlines and redials, injected so tests control it. */
public interface Scheduler {

    /** A scheduled task that may be cancelled. */
    interface Task {
        void cancel();
    }

    /** Runs {@code task} once after {@code delay}. */
    Task schedule(Runnable task, Duration delay);

    /** A scheduler over a {@link ScheduledExecutorService}. A rejected task (executor shut down) never runs. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            try {
                ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            } catch (RejectedExecutionException e) {
                return () -> { };
            }
        };
    }
}
