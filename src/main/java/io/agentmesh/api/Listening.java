package io.agentmesh.api;

import jakarta.json.JsonValue;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An open {@code subscriptions/listen} of {@link MeshClient#listen} (MCP 2026-07-28
 * basic/patterns/subscriptions). {@link #close()} cancels it where it is served
 * ({@code notifications/cancelled} along its way); {@link #ended()} completes when the agent ends it
 * ("Graceful Closure": {@code {resultType: "complete"}}) or fails with its error as a
 * {@link MeshCallException}; after {@link #close()} it fails with −32603 (cancelled by the requester).
 */
public final class Listening implements AutoCloseable {

    private final CompletionStage<JsonValue> ended;
    private final Runnable cancel;

    Listening(CompletionStage<JsonValue> ended, Runnable cancel) {
        this.ended = Objects.requireNonNull(ended, "ended");
        this.cancel = Objects.requireNonNull(cancel, "cancel");
    }

    /** The result the listen request ends with, if the agent ends it. */
    public CompletionStage<JsonValue> ended() {
        return ended;
    }

    /** Stops listening; idempotent. */
    @Override
    public void close() {
        cancel.run();
    }
}
