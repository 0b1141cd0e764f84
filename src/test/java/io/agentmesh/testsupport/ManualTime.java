package io.agentmesh.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Time that moves only when the test says: a {@link ManualClock} and a {@link ScheduledExecutorService}
 * whose delayed tasks run, in order, on the test's thread during {@link #advance}. {@code execute}
 * runs at once. Periodic scheduling is not offered.
 */
public final class ManualTime extends AbstractExecutorService implements ScheduledExecutorService {

    private final Object lock = new Object();
    private final List<Task<?>> tasks = new ArrayList<>();
    private final ManualClock clock;
    private final LongSupplier nanoTime;
    private long sequence;

    public ManualTime(Instant start) {
        this.clock = new ManualClock(start);
        this.nanoTime = clock.nanoTime();
    }

    /** The clock of this time; move it with {@link #advance}, so that the tasks falling due run. */
    public ManualClock clock() {
        return clock;
    }

    private long now() {
        return nanoTime.getAsLong();
    }

    private void moveTo(long nanos) {
        clock.advance(Duration.ofNanos(Math.max(0, nanos - now())));
    }

    /** Moves time forward, running every task that falls due, in due order. */
    public void advance(Duration by) {
        long target;
        synchronized (lock) {
            target = now() + by.toNanos();
        }
        while (true) {
            Task<?> next;
            synchronized (lock) {
                next = tasks.stream().filter(t -> t.due <= target)
                        .min(Comparator.<Task<?>>comparingLong(t -> t.due).thenComparingLong(t -> t.seq)).orElse(null);
                if (next == null) {
                    moveTo(target);
                    return;
                }
                tasks.remove(next);
                moveTo(next.due);
            }
            next.run();
        }
    }

    /** Tasks waiting to fall due. */
    public int scheduledCount() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    private final class Task<V> extends CompletableFuture<V> implements ScheduledFuture<V> {
        private final long due;
        private final long seq;
        private final Callable<V> body;

        Task(long due, long seq, Callable<V> body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        void run() {
            if (isDone()) {
                return;
            }
            try {
                complete(body.call());
            } catch (Exception e) {
                completeExceptionally(e);
            }
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            synchronized (lock) {
                tasks.remove(this);
            }
            return super.cancel(mayInterrupt);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return super.get(timeout, unit);
        }
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        synchronized (lock) {
            Task<V> task = new Task<>(now() + unit.toNanos(Math.max(0, delay)), sequence++, callable);
            tasks.add(task);
            return task;
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are not offered by ManualTime");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are not offered by ManualTime");
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            tasks.clear();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
