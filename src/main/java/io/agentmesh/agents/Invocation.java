package io.agentmesh.agents;

import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import java.util.Objects;

/** What a handler gets besides its arguments: the call's context, its progress reporter, its cancellation and its log. */
public record Invocation(String agentId, CallContext context, Progress progress, Cancellation cancellation,
                         AgentLog log) {

    public Invocation {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(log, "log");
    }

    /** An invocation whose request asked for no log messages. */
    public Invocation(String agentId, CallContext context, Progress progress, Cancellation cancellation) {
        this(agentId, context, progress, cancellation, AgentLog.none(context));
    }
}
