package io.agentmesh.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.ejb.EJBException;
import jakarta.ejb.NoSuchEJBException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How the outcome of an agent method call is reported: its own exception, or the container's refusal. */
class InvocationsTest {

    /** Stands for an agent; {@code failure} is what its method throws. */
    public static final class Target {
        RuntimeException failure;

        public String run() {
            throw failure;
        }
    }

    private static Throwable failureOf(RuntimeException thrown) throws Exception {
        Target target = new Target();
        target.failure = thrown;
        Method run = Target.class.getMethod("run");
        var stage = Invocations.invoke(run, () -> target, new Object[0], Function.identity());
        return assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join()).getCause();
    }

    @Test
    void theAgentsOwnExceptionIsKeptAndUnwrappedFromAnEjbException() throws Exception {
        IllegalStateException own = new IllegalStateException("no such counter");
        assertSame(own, failureOf(own));
        assertSame(own, failureOf(new EJBException(own)));
    }

    @Test
    void aStoppedComponentIsAgentNotFoundSoThatCallersMayGoElsewhere() throws Exception {
        Throwable stopped = failureOf(new NoSuchEJBException("bean stopped"));
        JsonRpcException e = assertInstanceOf(JsonRpcException.class, stopped);
        assertEquals(JsonRpc.AGENT_NOT_FOUND, e.error().code());
        Throwable wrapped = failureOf(new EJBException("nested", new NoSuchEJBException("bean stopped")));
        assertEquals(JsonRpc.AGENT_NOT_FOUND, assertInstanceOf(JsonRpcException.class, wrapped).error().code());
    }
}
