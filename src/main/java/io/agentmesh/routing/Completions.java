package io.agentmesh.routing;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Finds the exception that made a {@link java.util.concurrent.CompletionStage} fail, under the
 * {@link CompletionException} and {@link ExecutionException} wrappers that stages and futures add.
 */
public final class Completions {

    private Completions() {
    }

    /**
     * The cause under any number of {@link CompletionException} and {@link ExecutionException} layers;
     * {@code failure} itself when it is no such wrapper, or one without a cause; null for null.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
