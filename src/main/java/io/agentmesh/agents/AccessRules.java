package io.agentmesh.agents;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the agents of this node: the node's configuration of access (docs/configuration.md,
 * "Access rules"; docs/operations.md, "Who may call what").
 *
 * @param agents                the rules of agents that have their own, by agent id
 * @param defaultRule           the rule of an agent without one of its own ({@code mesh.access.default})
 * @param admitUnauthenticated  whether a caller whose origin could not be authenticated may call agents at
 *                              all (then only rules with {@code anyone} admit it); {@code mesh.access.unauthenticated}
 */
public record AccessRules(Map<String, AgentRules> agents, AccessRule defaultRule, boolean admitUnauthenticated) {

    /** No rules: everyone may call everything, as a node without access configuration. */
    public static final AccessRules OPEN = new AccessRules(Map.of(), AccessRule.ANYONE, true);

    public AccessRules {
        agents = Map.copyOf(agents);
        Objects.requireNonNull(defaultRule, "defaultRule");
        agents.keySet().forEach(AgentIds::requireValid);
    }

    /** The rule for the whole agent {@code agentId}: its own, else the default. */
    public AccessRule agentRule(String agentId) {
        AgentRules rules = agents.get(agentId);
        return rules == null ? defaultRule : rules.agent().orElse(defaultRule);
    }

    /** The rule of one tool of its own, if configured. */
    public Optional<AccessRule> toolRule(String agentId, String tool) {
        AgentRules rules = agents.get(agentId);
        return rules == null ? Optional.empty() : Optional.ofNullable(rules.tools().get(tool));
    }
}
