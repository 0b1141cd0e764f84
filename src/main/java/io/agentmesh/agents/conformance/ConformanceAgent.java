package io.agentmesh.agents.conformance;

import io.agentmesh.agents.AgentDefinition;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent that the MCP conformance suite's server scenarios test
 * ({@code @modelcontextprotocol/conformance} 0.1.16, {@code src/scenarios/server/}; its reference server
 * {@code examples/servers/typescript/everything-server.ts} serves the same fixtures): the tools of
 * {@link ConformanceTools}, {@link ConformanceInputTools} (those that ask the client something) and
 * {@link ConformanceMrtrTools} (those of 0.2.0-alpha.12's 2026-07-28 scenarios), the
 * resources of {@link ConformanceResources} and the prompts of {@link ConformancePrompts}, under the names,
 * contents and behaviour that each scenario's description gives.
 * <p>
 * Left out: the dynamic tool, resource and prompt added two seconds after start, and the updates of
 * {@code test://watched-resource} every three seconds (no scenario of 0.1.16 waits for them).
 */
public final class ConformanceAgent {

    /** The agent id, reached at {@code /mcp/conformance}. */
    public static final String ID = "conformance";

    /** The pause between the notifications of the logging and progress tools, as the scenarios ask (~50 ms). */
    public static final Duration STEP = Duration.ofMillis(50);

    private ConformanceAgent() {
    }

    /**
     * The fixture agent.
     *
     * @param step the pause between the notifications of {@code test_tool_with_logging} and
     *             {@code test_tool_with_progress} ({@link #STEP}; zero for none)
     */
    public static AgentDefinition definition(Duration step) {
        Objects.requireNonNull(step, "step");
        var agent = AgentDefinition.of(ID, "MCP conformance fixtures",
                "The tools, resources and prompts that the MCP conformance suite's server scenarios call.");
        for (var tool : ConformanceTools.all(step)) {
            agent = agent.withTool(tool);
        }
        for (var tool : ConformanceInputTools.all()) {
            agent = agent.withTool(tool);
        }
        for (var tool : ConformanceMrtrTools.all()) {
            agent = agent.withTool(tool);
        }
        for (var resource : ConformanceResources.fixed()) {
            agent = agent.withResource(resource);
        }
        agent = agent.withTemplate(ConformanceResources.template());
        for (var prompt : ConformancePrompts.all()) {
            agent = agent.withPrompt(prompt);
        }
        agent = agent.withPrompt(ConformanceMrtrTools.prompt());
        return agent;
    }
}
