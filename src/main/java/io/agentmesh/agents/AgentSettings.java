package io.agentmesh.agents;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the agent host; the node reads them from its configuration.
 *
 * @param pageSize      items per page of {@code tools/list}, {@code resources/list},
 *                      {@code resources/templates/list} and {@code prompts/list}
 *                      ({@code mesh.agents.page-size}, default 50, 1..10000)
 * @param samplesEnabled whether the sample agents {@code echo}, {@code calculator} and {@code notes} are
 *                      deployed ({@code mesh.samples.enabled}, default true)
 * @param conformanceEnabled whether the fixture agent {@code conformance} of the MCP conformance suite is
 *                      deployed ({@code mesh.conformance.enabled}, default false)
 * @param defaultAgent  the agent that takes MCP methods sent without an agent (wire-v1 §5.2 step 5)
 *                      ({@code mesh.agents.default}, default: none, so the first registered)
 * @param dataDir       where agents keep their files (the node's {@code mesh.data-dir})
 */
public record AgentSettings(int pageSize, boolean samplesEnabled, Optional<String> defaultAgent, Path dataDir,
        boolean conformanceEnabled) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 10_000;

    public AgentSettings {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE_SIZE + ": " + pageSize);
        }
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        Objects.requireNonNull(dataDir, "dataDir");
        defaultAgent.ifPresent(id -> {
            if (!AgentIds.isValid(id)) {
                throw new IllegalArgumentException("default agent is not a valid agent id: " + id);
            }
        });
    }

    /**
     * The defaults: page size 50, samples on, no configured default agent, data in {@code data}, no
     * conformance fixtures.
     */
    public static AgentSettings defaults() {
        return new AgentSettings(DEFAULT_PAGE_SIZE, true, Optional.empty(), Path.of("data"), false);
    }

    public AgentSettings withPageSize(int size) {
        return new AgentSettings(size, samplesEnabled, defaultAgent, dataDir, conformanceEnabled);
    }

    public AgentSettings withDataDir(Path dir) {
        return new AgentSettings(pageSize, samplesEnabled, defaultAgent, dir, conformanceEnabled);
    }

    public AgentSettings withDefaultAgent(String id) {
        return new AgentSettings(pageSize, samplesEnabled, Optional.ofNullable(id), dataDir, conformanceEnabled);
    }

    public AgentSettings withSamplesEnabled(boolean enabled) {
        return new AgentSettings(pageSize, enabled, defaultAgent, dataDir, conformanceEnabled);
    }

    public AgentSettings withConformanceEnabled(boolean enabled) {
        return new AgentSettings(pageSize, samplesEnabled, defaultAgent, dataDir, enabled);
    }
}
