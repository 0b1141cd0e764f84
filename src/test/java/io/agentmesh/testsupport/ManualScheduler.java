package io.agentmesh.testsupport;

import io.agentmesh.transport.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} whose tasks run only when the test says so: deadlines become deterministic. */
public final class ManualScheduler implements Scheduler {

    /** One scheduled task. */
    public static final class Entry implements Task {
        public final Runnable task;
        public final Duration delay;
        private boolean cancelled;
        private boolean ran;

        Entry(Runnable task, Duration delay) {
            this.task = task;
            this.delay = delay;
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }

        public synchronized boolean cancelled() {
            return cancelled;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized Task schedule(Runnable task, Duration delay) {
        Entry entry = new Entry(task, delay);
        entries.add(entry);
        return entry;
    }

    /** Every task scheduled so far. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Runs every pending task that was not cancelled (tasks they schedule wait for the next call). */
    public void runPending() {
        List<Entry> due;
        synchronized (this) {
            due = new ArrayList<>();
            for (Entry e : entries) {
                if (!e.ran && !e.cancelled()) {
                    e.ran = true;
                    due.add(e);
                }
            }
        }
        due.forEach(e -> e.task.run());
    }

    /** Number of tasks neither run nor cancelled. */
    public synchronized long pending() {
        return entries.stream().filter(e -> !e.ran && !e.cancelled()).count();
    }
}
