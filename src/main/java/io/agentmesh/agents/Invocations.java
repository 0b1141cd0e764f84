package io.agentmesh.agents;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** Calls an agent method reflectively and turns its result, synchronous or not, into a stage. */
final class Invocations {

    private Invocations() {
    }

    /** Invokes {@code m} on the target; a thrown exception becomes a failed stage with that exception. */
    static <T> CompletionStage<T> invoke(Method m, Supplier<?> target, Object[] args, Function<Object, T> mapper) {
        Object value;
        try {
            value = m.invoke(target.get(), args);
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(unwrap(e.getCause()));
        } catch (IllegalAccessException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (value instanceof CompletionStage<?> stage) {
            CompletableFuture<?> source = stage.toCompletableFuture();
            CompletableFuture<T> mapped = source.thenApply(mapper::apply);
            mapped.whenComplete((result, failure) -> {
                if (mapped.isCancelled()) {
                    source.cancel(true);
                }
            });
            return mapped;
        }
        try {
            return CompletableFuture.completedFuture(mapper.apply(value));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The application's own exception inside a container wrapper (an EJBException carrying it). */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current.getCause() != null && current.getClass().getName().equals("jakarta.ejb.EJBException")) {
            current = current.getCause();
        }
        return current;
    }
}
