package io.agentmesh.agents;

/** Hears the requests that the access rules of this node refuse (metrics). */
public interface AccessObserver {

    /** Hears nothing. */
    AccessObserver NONE = (agent, reason) -> { };

    /**
     * A request to {@code agent}, an agent hosted here, was refused with {@code -32064}.
     *
     * @param reason why, one of a fixed few
     */
    void refused(String agent, AccessControl.Reason reason);
}
