package io.agentmesh.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one link's listener calls one at a time, in order. {@link #enqueue} only queues (safe under a
 * lock). The socket's reading thread runs the calls it queued itself with {@link #drainHere}, without a
 * hand-off to another thread, when no drain runs; any other thread uses {@link #kick}, which starts a
 * drain on the shared executor when none runs. Either way a call queued while a drain runs is run by
 * that drain, so the order holds.
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

    /** Runs the queued calls on this thread, unless a drain already runs (which will run them). */
    void drainHere() {
        if (tasks.isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        drain();
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
