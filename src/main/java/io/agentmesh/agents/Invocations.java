package io.agentmesh.agents;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
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
            return CompletableFuture.failedFuture(componentStopped(e.getCause()) ? stopped() : unwrap(e.getCause()));
        } catch (IllegalAccessException | RuntimeException e) {
            return CompletableFuture.failedFuture(componentStopped(e) ? stopped() : e);
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

    /**
     * Whether the container refused the call because the agent's component is gone (the application is
     * stopping: {@code NoSuchEJBException}, Liberty's {@code EJBStoppedException}): the method never ran.
     */
    static boolean componentStopped(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getName();
            if (name.equals("jakarta.ejb.NoSuchEJBException")
                    || name.equals("com.ibm.websphere.ejbcontainer.EJBStoppedException")) {
                return true;
            }
        }
        return false;
    }

    /** -32061: the agent is not available here any more, so a caller may go to another replica. */
    private static JsonRpcException stopped() {
        return new JsonRpcException(JsonRpc.AGENT_NOT_FOUND,
                "agent not available: its component has stopped (the node is shutting down)");
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
