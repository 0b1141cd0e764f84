package io.agentmesh.agents;

import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import java.util.Objects;

/** What a handler gets besides its arguments: the call's context, its progress reporter and its cancellation. */
public record Invocation(String agentId, CallContext context, Progress progress, Cancellation cancellation) {

    public Invocation {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }
}
