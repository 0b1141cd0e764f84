package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AccessRule;
import io.agentmesh.agents.AccessRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.agentmesh.transport.TrustPolicy;
import org.junit.jupiter.api.Test;

/** {@code mesh.access.*} to {@link AccessRules}: discovery by key, the id list, defaults, and each refusal. */
class AccessConfigReaderTest {

    private static final String B = "b".repeat(40);

    private static AccessRules read(Map<String, String> values, Iterable<String> names) {
        ConfigReader r = new ConfigReader(key -> Optional.ofNullable(values.get(key)), names);
        return AccessConfigReader.read(r, TrustPolicy.parseMode(r.string(ConfigKeys.TRUST_MODE)));
    }

    private static AccessRules read(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return read(m, m.keySet());
    }

    private static InvalidConfigException invalid(String... keyValues) {
        return assertThrows(InvalidConfigException.class, () -> read(keyValues));
    }

    @Test
    void withoutKeysEveryoneMayCallAsBefore() {
        AccessRules rules = read("mesh.route.ttl", "4");
        assertEquals(Map.of(), rules.agents());
        assertEquals(AccessRule.ANYONE, rules.defaultRule());
        assertTrue(rules.admitUnauthenticated(), "open trust mode");
    }

    @Test
    void oneKeyPerAgentWhoseIdMayHaveDots() {
        AccessRules rules = read(
                "mesh.access.agent.weather", "group:edge; tool forecast = node:" + B,
                "mesh.access.agent.eu.west.v2", "local",
                "mesh.access.default", "member");
        assertEquals(Set.of("weather", "eu.west.v2"), rules.agents().keySet());
        assertEquals("group:edge", rules.agentRule("weather").toString());
        assertEquals("node:" + B, rules.toolRule("weather", "forecast").orElseThrow().toString());
        assertEquals("local", rules.agentRule("eu.west.v2").toString());
        assertEquals("member", rules.agentRule("calculator").toString(), "the default");
    }

    @Test
    void agentsListedByIdAreLookedUpByName() {
        Map<String, String> env = Map.of("mesh.access.agents", "weather", "mesh.access.agent.weather", "local");
        AccessRules rules = read(env, List.of("MESH_ACCESS_AGENTS", "MESH_ACCESS_AGENT_WEATHER"));
        assertEquals("local", rules.agentRule("weather").toString());
        var e = assertThrows(InvalidConfigException.class, () -> read(Map.of("mesh.access.agents", "notes"), List.of()));
        assertEquals("invalid configuration mesh.access.agent.notes: is listed in mesh.access.agents but not set",
                e.getMessage());
    }

    @Test
    void unauthenticatedCallersFollowTheTrustModeUnlessSet() {
        assertTrue(read("mesh.trust.mode", "allowlist").admitUnauthenticated());
        assertFalse(read("mesh.trust.mode", "certified").admitUnauthenticated());
        assertTrue(read("mesh.trust.mode", "certified", "mesh.access.unauthenticated", "true").admitUnauthenticated());
        assertFalse(read("mesh.access.unauthenticated", "false").admitUnauthenticated());
        assertEquals("invalid configuration mesh.access.unauthenticated=sometimes: expected auto, true or false",
                invalid("mesh.access.unauthenticated", "sometimes").getMessage());
    }

    @Test
    void aBadRuleNamesItsKeyAndWhatIsWrong() {
        assertEquals("invalid configuration mesh.access.agent.weather: rule of tool forecast: unknown principal"
                        + " 'nodes:x': expected node:<id>, group:<name>, role:<name>, user:<subject>, local, member, anyone or none",
                invalid("mesh.access.agent.weather", "local; tool forecast = nodes:x").getMessage());
        assertEquals("invalid configuration mesh.access.agent.weather: rule of the agent: principal 'node:abc': a node id"
                + " is 40 lowercase hex characters", invalid("mesh.access.agent.weather", "node:abc").getMessage());
        assertEquals("invalid configuration mesh.access.default: an empty principal (two commas, or one at an end)",
                invalid("mesh.access.default", "local,").getMessage());
        assertEquals("invalid configuration mesh.access.agent.-bad: '-bad' is not an agent id"
                + " ([A-Za-z0-9][A-Za-z0-9._-]{0,63}, not reserved)", invalid("mesh.access.agent.-bad", "local").getMessage());
        assertEquals("invalid configuration mesh.access.agent.node: 'node' is not an agent id"
                + " ([A-Za-z0-9][A-Za-z0-9._-]{0,63}, not reserved)", invalid("mesh.access.agent.node", "local").getMessage());
    }

    @Test
    void aMisspeltKeyStopsTheNodeRatherThanLeaveAnAgentOpen() {
        assertEquals("invalid configuration mesh.access.agnet.weather: unknown key: access rules take"
                        + " mesh.access.agent.<id>, mesh.access.agents, mesh.access.default, mesh.access.unauthenticated",
                invalid("mesh.access.agnet.weather", "local").getMessage());
    }
}
