package io.agentmesh.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How far {@link MeshClient} goes to answer an agent's questions for one call (MCP 2026-07-28
 * basic/patterns/mrtr): the bounds a node sets for every entry point ({@code mesh.mcp.input.max-rounds},
 * {@code mesh.mcp.input.deadline}), as the {@code /mcp} endpoint applies them to a 2025-11-25 session.
 *
 * @param maxRounds how many {@code input_required} answers one call answers; the next one ends it with −32603
 * @param deadline  how long the application's answers to one round may take; then −32062
 */
public record InputLimits(int maxRounds, Duration deadline) {

    /** The defaults of {@code mesh.mcp.input.max-rounds} and {@code mesh.mcp.input.deadline}. */
    public static final InputLimits DEFAULTS = new InputLimits(8, Duration.ofMinutes(5));

    public InputLimits {
        Objects.requireNonNull(deadline, "deadline");
        if (maxRounds < 1 || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("at least one round, and a positive deadline");
        }
    }
}
