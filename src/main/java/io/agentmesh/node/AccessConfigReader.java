package io.agentmesh.node;

import static io.agentmesh.node.ConfigKeys.ACCESS_AGENT;
import static io.agentmesh.node.ConfigKeys.ACCESS_AGENTS;
import static io.agentmesh.node.ConfigKeys.ACCESS_DEFAULT;
import static io.agentmesh.node.ConfigKeys.ACCESS_UNAUTHENTICATED;

import io.agentmesh.agents.AccessRule;
import io.agentmesh.agents.AccessRules;
import io.agentmesh.agents.AgentIds;
import io.agentmesh.agents.AgentRules;
import io.agentmesh.transport.TrustPolicy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the {@link AccessRules} from the {@code mesh.access.*} keys (docs/configuration.md, "Access
 * rules"). An agent has rules of its own when a {@code mesh.access.agent.<id>} key is among the
 * configuration's property names, or its id is listed in {@code mesh.access.agents} (for sources that
 * cannot list dotted names, such as environment variables: {@code MESH_ACCESS_AGENTS=weather} with
 * {@code MESH_ACCESS_AGENT_WEATHER=...}). Everything after the prefix is the agent id, so ids with dots
 * need no escaping. A rule that cannot be read, or an unknown {@code mesh.access.*} key, is an
 * {@link InvalidConfigException} naming the key and what is wrong.
 */
final class AccessConfigReader {

    private static final String PREFIX = ACCESS_AGENT.name().substring(0, ACCESS_AGENT.name().indexOf(ConfigKey.ID));

    /** Every access key starts so; a misspelt one would leave an agent open, so it stops the node. */
    private static final String FAMILY = "mesh.access.";
    private static final List<String> OTHER_KEYS = List.of(ACCESS_AGENTS.name(), ACCESS_DEFAULT.name(),
            ACCESS_UNAUTHENTICATED.name());

    private AccessConfigReader() {
    }

    static AccessRules read(ConfigReader r, TrustPolicy.Mode trustMode) {
        Set<String> ids = new LinkedHashSet<>(r.list(ACCESS_AGENTS));
        for (String name : r.names()) {
            if (name.startsWith(PREFIX)) {
                ids.add(name.substring(PREFIX.length()));
            } else if (name.startsWith(FAMILY) && !OTHER_KEYS.contains(name)) {
                throw new InvalidConfigException(name, "unknown key: access rules take " + ACCESS_AGENT.name() + ", "
                        + String.join(", ", OTHER_KEYS));
            }
        }
        Map<String, AgentRules> agents = new LinkedHashMap<>();
        for (String id : ids) {
            ConfigKey key = ACCESS_AGENT.forId(id);
            if (!AgentIds.isValid(id)) {
                throw new InvalidConfigException(key.name(), "'" + id + "' is not an agent id"
                        + " ([A-Za-z0-9][A-Za-z0-9._-]{0,63}, not reserved)");
            }
            String text = r.text(key).orElseThrow(() -> new InvalidConfigException(key.name(),
                    "is listed in " + ACCESS_AGENTS.name() + " but not set"));
            agents.put(id, parse(key, () -> AgentRules.parse(text)));
        }
        AccessRule defaultRule = parse(ACCESS_DEFAULT, () -> AccessRule.parse(r.string(ACCESS_DEFAULT)));
        return new AccessRules(agents, defaultRule, admitUnauthenticated(r, trustMode));
    }

    /**
     * {@code mesh.access.unauthenticated}; {@code auto} admits unauthenticated callers unless
     * {@code mesh.trust.mode} is {@code certified}.
     */
    private static boolean admitUnauthenticated(ConfigReader r, TrustPolicy.Mode trustMode) {
        if (r.string(ACCESS_UNAUTHENTICATED).equalsIgnoreCase("auto")) {
            return trustMode != TrustPolicy.Mode.CERTIFIED;
        }
        return r.bool(ACCESS_UNAUTHENTICATED);
    }

    private static <T> T parse(ConfigKey key, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(key.name(), e.getMessage());
        }
    }
}
