package io.agentmesh.routing;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The threads of the node's router, made and stopped by the node (docs/architecture.md, "Threads"): the
 * workers that serve requests ({@code mesh.route.worker-threads}, with a queue of
 * {@code mesh.route.work-queue}: a request that finds it full is answered −32065), the scheduler of
 * request deadlines, and the announcer, which sends the route announcements (a round of them on
 * thousands of links takes a while; the deadlines do not wait behind it).
 */
public record RouterThreads(ExecutorService workers, ScheduledExecutorService scheduler,
                            ScheduledExecutorService announcer) {

    public RouterThreads {
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(announcer, "announcer");
    }
}
