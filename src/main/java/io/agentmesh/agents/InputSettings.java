package io.agentmesh.agents;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of multi round-trip requests (MCP 2026-07-28 basic/patterns/mrtr); the node reads them from its
 * configuration.
 *
 * @param stateTtl   how long an agent's {@code requestState} stays valid ({@code mesh.mcp.input.state-ttl},
 *                   default 10 minutes)
 * @param maxRounds  how many {@code input_required} answers the entry node of a 2025-11-25 session turns
 *                   into requests to the client for one client request ({@code mesh.mcp.input.max-rounds},
 *                   default 8)
 * @param deadline   how long the entry node waits for the client's answers to one round
 *                   ({@code mesh.mcp.input.deadline}, default 5 minutes)
 * @param maxPending requests to clients waiting for their answer at once, over all sessions of the node
 *                   ({@code mesh.mcp.input.max-pending}, default 1000)
 */
public record InputSettings(Duration stateTtl, int maxRounds, Duration deadline, int maxPending) {

    public static final Duration DEFAULT_STATE_TTL = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_ROUNDS = 8;
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_PENDING = 1000;

    public InputSettings {
        Objects.requireNonNull(stateTtl, "stateTtl");
        Objects.requireNonNull(deadline, "deadline");
        if (stateTtl.isNegative() || stateTtl.isZero() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("state lifetime and deadline must be positive");
        }
        if (maxRounds < 1 || maxPending < 1) {
            throw new IllegalArgumentException("max rounds and max pending must be at least 1");
        }
    }

    public static InputSettings defaults() {
        return new InputSettings(DEFAULT_STATE_TTL, DEFAULT_MAX_ROUNDS, DEFAULT_DEADLINE, DEFAULT_MAX_PENDING);
    }
}
