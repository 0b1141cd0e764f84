package io.agentmesh.node;

import io.agentmesh.agents.bridge.BridgeThreads;
import io.agentmesh.agents.http.McpHttpThreads;
import io.agentmesh.routing.RouterThreads;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.transport.LinkThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes every thread pool of the node and stops it with the application: the links' ({@link LinkThreads}),
 * the router's ({@link RouterThreads}), the bridges' ({@link BridgeThreads}), the {@code /mcp} timer
 * ({@link McpHttpThreads}) and the timers of the node's own background work ({@link #timer}). Their threads are daemons, named as in docs/architecture.md ("Threads"). They
 * are ours rather than the container's managed executors because their bounds are part of the node's
 * behaviour: a full router queue answers −32065, a link that finds no writer free closes with 1001, a
 * full listener queue makes the handing thread run the listener calls itself, and a full dial queue fails
 * the dial; both are counted ({@link #overflows}).
 */
@ApplicationScoped
public class NodeThreads {

    /** Idle threads of the elastic pools end after this. */
    private static final long KEEP_ALIVE_SECONDS = 60;

    /** The bounded queues of the links' pools whose overflows are counted. */
    public enum Pool { LISTENERS, DIALS }

    private final List<ExecutorService> timers = new CopyOnWriteArrayList<>();
    private final Map<Pool, AtomicLong> overflows = new EnumMap<>(Map.of(Pool.LISTENERS, new AtomicLong(),
            Pool.DIALS, new AtomicLong()));

    /** Tasks that found {@code pool}'s queue full since start. */
    public long overflows(Pool pool) {
        return overflows.get(pool).get();
    }

    /**
     * A timer of one thread named {@code name}, for the composition root's own background work (the
     * registry's rounds, the Admin Center bookmark, the HTTP endpoint watch); stopped with the application.
     */
    ScheduledExecutorService timer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, name));
        timer.setRemoveOnCancelPolicy(true);
        timers.add(timer);
        return timer;
    }

    @PreDestroy
    void stopTimers() {
        timers.forEach(ExecutorService::shutdownNow);
    }

    @Produces
    @Singleton
    LinkThreads linkThreads() {
        return new LinkThreads(
                fixed(LinkThreads.LISTENER_THREADS, new ArrayBlockingQueue<>(LinkThreads.LISTENER_QUEUE), "agentmesh-links",
                        counted(Pool.LISTENERS, new ThreadPoolExecutor.CallerRunsPolicy())),
                fixed(LinkThreads.DIAL_THREADS, new ArrayBlockingQueue<>(LinkThreads.DIAL_QUEUE), "agentmesh-dial",
                        counted(Pool.DIALS, new ThreadPoolExecutor.AbortPolicy())),
                new ThreadPoolExecutor(0, LinkThreads.MAX_WRITER_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                        new SynchronousQueue<>(), numbered("agentmesh-link-writer")),
                scheduler("agentmesh-link-timers"));
    }

    void stop(@Disposes LinkThreads threads) {
        threads.timers().shutdownNow();
        threads.dials().shutdownNow();
        threads.listeners().shutdown();
        threads.writers().shutdown();        // writes already queued still go out (each within the send timeout)
    }

    /**
     * The router's workers ({@code mesh.route.worker-threads}, queue {@code mesh.route.work-queue}), deadline
     * scheduler and route announcer.
     */
    @Produces
    @Singleton
    public static RouterThreads routerThreads(RoutingSettings settings) {
        return new RouterThreads(
                fixed(settings.workerThreads(), new ArrayBlockingQueue<>(settings.workQueueCapacity()), "agentmesh-router",
                        new ThreadPoolExecutor.AbortPolicy()),
                scheduler("agentmesh-deadlines"),
                scheduler("agentmesh-routes"));
    }

    static void stop(@Disposes RouterThreads threads) {
        threads.workers().shutdownNow();
        threads.scheduler().shutdownNow();
        threads.announcer().shutdownNow();
    }

    @Produces
    @Singleton
    BridgeThreads bridgeThreads() {
        return new BridgeThreads(Executors.newSingleThreadScheduledExecutor(numbered("agentmesh-bridge-timer")),
                Executors.newCachedThreadPool(numbered("agentmesh-bridge")));
    }

    void stop(@Disposes BridgeThreads threads) {
        threads.timer().shutdownNow();
        threads.pool().shutdownNow();
    }

    @Produces
    @Singleton
    McpHttpThreads mcpHttpThreads() {
        return new McpHttpThreads(Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agentmesh-mcp-timer")));
    }

    void stop(@Disposes McpHttpThreads threads) {
        threads.timer().shutdownNow();
    }

    /** Counts a task that found {@code pool}'s queue full, then hands it to {@code policy}. */
    private RejectedExecutionHandler counted(Pool pool, RejectedExecutionHandler policy) {
        return (task, executor) -> {
            overflows.get(pool).incrementAndGet();
            policy.rejectedExecution(task, executor);
        };
    }

    /**
     * {@code threads} threads that end when idle, with {@code queue} for the work waiting for one and
     * {@code full} for work that finds it full.
     */
    private static ExecutorService fixed(int threads, BlockingQueue<Runnable> queue, String prefix,
                                         RejectedExecutionHandler full) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, queue,
                numbered(prefix), full);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** One timer thread; cancelled tasks leave its queue at once. */
    private static ScheduledThreadPoolExecutor scheduler(String prefix) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, numbered(prefix));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    private static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + n.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
