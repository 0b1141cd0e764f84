package io.agentmesh.agents;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the agent host.
 *
 * @param pageSize      items per page of {@code tools/list}, {@code resources/list},
 *                      {@code resources/templates/list} and {@code prompts/list}
 *                      ({@code mesh.agents.page-size}, default 50, 1..10000)
 * @param samplesEnabled whether the sample agents {@code echo}, {@code calculator} and {@code notes} are
 *                      deployed ({@code mesh.samples.enabled}, default true)
 * @param defaultAgent  the agent that takes MCP methods sent without an agent (wire-v1 §5.2 step 5)
 *                      ({@code mesh.agents.default}, default: none, so the first registered)
 * @param dataDir       where agents keep their files ({@code mesh.data-dir}, default {@code data},
 *                      relative to the server's working directory)
 */
public record AgentSettings(int pageSize, boolean samplesEnabled, Optional<String> defaultAgent, Path dataDir) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 10_000;

    public static final String PAGE_SIZE_KEY = "mesh.agents.page-size";
    public static final String SAMPLES_KEY = "mesh.samples.enabled";
    public static final String DEFAULT_AGENT_KEY = "mesh.agents.default";
    public static final String DATA_DIR_KEY = "mesh.data-dir";

    public AgentSettings {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(PAGE_SIZE_KEY + " must be 1.." + MAX_PAGE_SIZE + ": " + pageSize);
        }
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        Objects.requireNonNull(dataDir, "dataDir");
        defaultAgent.ifPresent(id -> {
            if (!AgentIds.isValid(id)) {
                throw new IllegalArgumentException(DEFAULT_AGENT_KEY + " is not a valid agent id: " + id);
            }
        });
    }

    /** The defaults: page size 50, samples on, no configured default agent, data in {@code data}. */
    public static AgentSettings defaults() {
        return new AgentSettings(DEFAULT_PAGE_SIZE, true, Optional.empty(), Path.of("data"));
    }

    public AgentSettings withPageSize(int size) {
        return new AgentSettings(size, samplesEnabled, defaultAgent, dataDir);
    }

    public AgentSettings withDataDir(Path dir) {
        return new AgentSettings(pageSize, samplesEnabled, defaultAgent, dir);
    }

    public AgentSettings withDefaultAgent(String id) {
        return new AgentSettings(pageSize, samplesEnabled, Optional.ofNullable(id), dataDir);
    }

    /** Reads the settings from MicroProfile Config, each key falling back to its default. */
    public static AgentSettings fromConfig(Config config) {
        AgentSettings d = defaults();
        return new AgentSettings(
                config.getOptionalValue(PAGE_SIZE_KEY, Integer.class).orElse(d.pageSize()),
                config.getOptionalValue(SAMPLES_KEY, Boolean.class).orElse(d.samplesEnabled()),
                config.getOptionalValue(DEFAULT_AGENT_KEY, String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue(DATA_DIR_KEY, String.class).map(Path::of).orElse(d.dataDir()));
    }
}
