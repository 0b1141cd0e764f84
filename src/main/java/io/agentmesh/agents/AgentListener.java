package io.agentmesh.agents;

/** Told when the set of agents of the host changes (for list_changed, node/list_agents, registry adverts). */
public interface AgentListener {

    /** An agent was registered, or replaced by a new definition under the same id. */
    default void agentRegistered(AgentDefinition agent) {
    }

    /** An agent was unregistered. */
    default void agentUnregistered(String agentId) {
    }
}
