package io.agentmesh.agents;

import io.agentmesh.routing.Address;

/**
 * The rules for agent ids (wire-v1 §5.1): {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, and never
 * {@code node} nor the first word of an MCP method. The grammar itself is {@link Address}'s.
 */
public final class AgentIds {

    private AgentIds() {
    }

    /** True when {@code id} has the form of an agent id (reserved words included). */
    public static boolean hasValidForm(String id) {
        return Address.isValidAgentId(id);
    }

    public static boolean isReserved(String id) {
        return Address.isReservedAgentId(id);
    }

    /** True when {@code id} may name an agent: the right form and not reserved. */
    public static boolean isValid(String id) {
        return hasValidForm(id) && !isReserved(id);
    }

    /** Throws IllegalArgumentException with the reason when {@code id} may not name an agent. */
    public static void requireValid(String id) {
        if (!hasValidForm(id)) {
            throw new IllegalArgumentException("invalid agent id '" + id
                    + "': must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        if (isReserved(id)) {
            throw new IllegalArgumentException("agent id '" + id + "' is reserved (wire-v1 §5.1)");
        }
    }
}
