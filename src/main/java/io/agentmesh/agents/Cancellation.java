package io.agentmesh.agents;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells a running call that its requester cancelled it ({@code notifications/cancelled}, MCP 2025-11-25
 * basic/utilities/cancellation). Declare a parameter of this type on a tool method to poll it; a
 * synchronous tool is also interrupted, an asynchronous one has its future cancelled.
 */
public final class Cancellation {

    private static final Logger LOG = Logger.getLogger(Cancellation.class.getName());

    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private volatile String reason = "";

    public boolean isCancelled() {
        return cancelled;
    }

    /** The reason the requester gave, empty when none. */
    public String reason() {
        return reason;
    }

    /** Throws {@link CancellationException} when the call was cancelled. */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancellationException("cancelled" + (reason.isEmpty() ? "" : ": " + reason));
        }
    }

    /** Runs {@code action} on cancellation (at once if already cancelled). */
    public void onCancel(Runnable action) {
        actions.add(action);
        if (cancelled && actions.remove(action)) {
            run(action);
        }
    }

    /** Marks the call cancelled and runs the registered actions once. */
    void cancel(String why) {
        if (cancelled) {
            return;
        }
        reason = why == null ? "" : why;
        cancelled = true;
        for (Runnable action : actions) {
            if (actions.remove(action)) {
                run(action);
            }
        }
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cancellation action failed", e);
        }
    }
}
