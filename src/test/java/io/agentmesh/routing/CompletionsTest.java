package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CompletionsTest {

    private final JsonRpcException cause = new JsonRpcException(JsonRpc.INTERNAL_ERROR, "boom");

    @Test
    void findsTheCauseUnderEveryWrapper() {
        assertSame(cause, Completions.unwrap(new CompletionException(new ExecutionException(new CompletionException(cause)))));
    }

    @Test
    void findsTheCauseOfAFailedStage() {
        CompletableFuture<Object> stage = CompletableFuture.failedFuture(cause);
        Throwable seen = stage.thenApply(v -> v).handle((v, failure) -> failure).join();
        assertSame(cause, Completions.unwrap(seen));
    }

    @Test
    void leavesOtherExceptionsAndEmptyWrappersAlone() {
        IllegalStateException plain = new IllegalStateException("x", cause);
        assertSame(plain, Completions.unwrap(plain));
        CompletionException empty = new CompletionException("no cause", null);
        assertSame(empty, Completions.unwrap(empty));
        assertNull(Completions.unwrap(null));
    }
}
