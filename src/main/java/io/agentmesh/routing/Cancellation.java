package io.agentmesh.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cancelled flag of one request (MCP {@code notifications/cancelled}, MCP 2025-11-25
 * basic/utilities/cancellation): set once, with callbacks run once, at once for those registered after.
 * The router holds one per request it serves, an entry point one per request it sends ({@link Origin});
 * a tool method declares a parameter of this type to poll its own. Thread-safe.
 */
public final class Cancellation {

    private static final Logger LOG = Logger.getLogger(Cancellation.class.getName());

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;
    private String reason;

    /** Cancels; returns false when already cancelled (the callbacks ran then). */
    public boolean cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            reason = why;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Cancellation::runQuietly);
        return true;
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** The reason given on cancel, or null. */
    public synchronized String reason() {
        return reason;
    }

    /** Throws {@link CancellationException} once cancelled: how a long-running tool stops between steps. */
    public void throwIfCancelled() {
        String why;
        synchronized (this) {
            if (!cancelled) {
                return;
            }
            why = reason;
        }
        throw new CancellationException("cancelled" + (why == null || why.isEmpty() ? "" : ": " + why));
    }

    /**
     * Runs {@code action} on cancel, or at once if already cancelled. Returns what forgets {@code action}: a
     * request that ends first calls it, so that a requester which outlives its requests (one cancellation
     * for many) does not keep an action, and with it the request, for each of them.
     */
    public Runnable onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return () -> forget(action);
            }
        }
        runQuietly(action);
        return () -> { };
    }

    private synchronized void forget(Runnable action) {
        actions.remove(action);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a cancellation callback failed: " + e);
        }
    }
}
