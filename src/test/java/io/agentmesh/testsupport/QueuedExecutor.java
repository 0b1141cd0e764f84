package io.agentmesh.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** An executor that only queues; the test runs the queue when it chooses, or makes it refuse work. */
public final class QueuedExecutor implements Executor {

    private final Deque<Runnable> queue = new ArrayDeque<>();
    private boolean refusing;

    @Override
    public synchronized void execute(Runnable command) {
        if (refusing) {
            throw new RejectedExecutionException("refusing work");
        }
        queue.add(command);
    }

    public synchronized QueuedExecutor refuse() {
        refusing = true;
        return this;
    }

    public synchronized int size() {
        return queue.size();
    }

    /** Runs queued tasks, including those they queue, until none is left. */
    public void runAll() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
            }
            if (next == null) {
                return;
            }
            next.run();
        }
    }
}
