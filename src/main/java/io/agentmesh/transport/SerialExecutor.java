package io.agentmesh.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one link's listener calls one at a time, in order, on a shared executor, so that the socket's
 * reading thread never waits for application work. {@link #enqueue} only queues (safe under a lock);
 * {@link #kick} starts a drain when none runs.
 */
final class SerialExecutor {

    private static final Logger LOG = Logger.getLogger(SerialExecutor.class.getName());

    private final Executor executor;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    void enqueue(Runnable task) {
        tasks.add(task);
    }

    void kick() {
        if (tasks.isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            running.set(false);
            LOG.log(Level.WARNING, "link listener executor rejected a task; {0} calls dropped", tasks.size());
            tasks.clear();
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "link listener failed", e);
                }
            }
        } finally {
            running.set(false);
        }
        kick();
    }
}
