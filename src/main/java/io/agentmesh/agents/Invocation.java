package io.agentmesh.agents;

import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import java.util.Objects;

/**
 * What a handler gets besides its arguments: the call's context, its progress reporter, its cancellation,
 * its log and its {@link Input} (the client's answers of a multi round-trip request).
 */
public record Invocation(String agentId, CallContext context, Progress progress, Cancellation cancellation,
                         AgentLog log, Input input) {

    public Invocation {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(input, "input");
    }

    /** An invocation whose request asked for no log messages and that cannot ask the client for input. */
    public Invocation(String agentId, CallContext context, Progress progress, Cancellation cancellation) {
        this(agentId, context, progress, cancellation, AgentLog.none(context), Input.none());
    }
}
