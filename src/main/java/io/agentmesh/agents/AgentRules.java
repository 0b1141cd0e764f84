package io.agentmesh.agents;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The access rules of one agent, as configured: a rule for the whole agent and rules for single tools,
 * a tool's own rule taking the place of the agent's for that tool. Written as text (docs/configuration.md,
 * "Access rules"): clauses separated by semicolons, at most one of them the agent's rule
 * ({@link AccessRule#parse}), the others {@code tool <name> = <rule>}. For example
 * {@code group:edge, local; tool forecast = member; tool admin.reset = role:weather-admin}.
 *
 * @param agent the rule for the whole agent; empty to use the node's default
 * @param tools the rules of single tools, by tool name
 */
public record AgentRules(Optional<AccessRule> agent, Map<String, AccessRule> tools) {

    private static final String TOOL = "tool ";

    public AgentRules {
        Objects.requireNonNull(agent, "agent");
        tools = Map.copyOf(tools);
    }

    /**
     * Reads the rules of one agent.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static AgentRules parse(String text) {
        Optional<AccessRule> agent = Optional.empty();
        var tools = new LinkedHashMap<String, AccessRule>();
        for (String part : text.split(";", -1)) {
            String clause = part.trim();
            if (clause.isEmpty()) {
                throw new IllegalArgumentException("an empty clause (two semicolons, or one at an end)");
            }
            if (clause.startsWith(TOOL)) {
                int eq = clause.indexOf('=');
                String name = eq < 0 ? "" : clause.substring(TOOL.length(), eq).trim();
                if (eq < 0 || name.isEmpty()) {
                    throw new IllegalArgumentException("'" + clause + "': a tool rule is tool <name> = <principals>");
                }
                if (tools.put(name, rule(clause.substring(eq + 1), "tool " + name)) != null) {
                    throw new IllegalArgumentException("two rules for tool " + name);
                }
            } else if (agent.isPresent()) {
                throw new IllegalArgumentException("two rules for the whole agent ('" + agent.get() + "' and '"
                        + clause + "'): separate principals with commas, tool rules begin with 'tool '");
            } else {
                agent = Optional.of(rule(clause, "the agent"));
            }
        }
        return new AgentRules(agent, tools);
    }

    private static AccessRule rule(String text, String of) {
        try {
            return AccessRule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule of " + of + ": " + e.getMessage(), e);
        }
    }
}
