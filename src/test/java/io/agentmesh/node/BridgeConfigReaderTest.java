package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.bridge.BridgeConfiguration;
import io.agentmesh.agents.bridge.BridgeSettings;
import io.agentmesh.agents.bridge.ProcessEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code mesh.bridge.*} to {@link BridgeConfiguration}: discovery by key, the id list, defaults, and each refusal. */
class BridgeConfigReaderTest {

    private static BridgeConfiguration read(Map<String, String> values) {
        return BridgeConfigReader.read(new ConfigReader(key -> Optional.ofNullable(values.get(key)), values.keySet()));
    }

    private static Map<String, String> map(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void noKeysNoBridges() {
        assertTrue(read(map("mesh.route.ttl", "4")).bridges().isEmpty());
    }

    @Test
    void aBridgePerIdWithAUrlOrACommand() {
        BridgeConfiguration c = read(map(
                "mesh.bridge.docs.url", "http://127.0.0.1:9000/mcp",
                "mesh.bridge.docs.headers", "Authorization=Bearer abc; X-Tenant=blue",
                "mesh.bridge.docs.timeout", "5s",
                "mesh.bridge.docs.connect-timeout", "500ms",
                "mesh.bridge.docs.max-items", "100",
                "mesh.bridge.fs.v2.command", "npx -y server \"/srv/shared docs\"",
                "mesh.bridge.backoff-initial", "2s",
                "mesh.bridge.backoff-max", "1m"));
        assertEquals(List.of("docs", "fs.v2"), c.bridges().stream().map(BridgeSettings::id).toList());
        BridgeSettings docs = c.bridges().get(0);
        assertEquals(URI.create("http://127.0.0.1:9000/mcp"), docs.url().orElseThrow());
        assertEquals(Map.of("Authorization", "Bearer abc", "X-Tenant", "blue"), docs.headers());
        assertEquals(Duration.ofSeconds(5), docs.timeout());
        assertEquals(Duration.ofMillis(500), docs.connectTimeout());
        assertEquals(100, docs.maxListItems());
        assertEquals(Duration.ofSeconds(2), docs.backoffInitial());
        assertEquals(Duration.ofMinutes(1), docs.backoffMax());
        BridgeSettings fs = c.bridges().get(1);
        assertEquals(List.of("npx", "-y", "server", "/srv/shared docs"), fs.command());
        assertEquals(BridgeSettings.DEFAULT_TIMEOUT, fs.timeout());
    }

    @Test
    void idsListedInMeshBridgesAreLookedUpByName() {
        Map<String, String> env = map("MESH_BRIDGES", "docs", "MESH_BRIDGE_DOCS_URL", "http://127.0.0.1:9000/mcp");
        BridgeConfiguration c = BridgeConfigReader.read(new ConfigReader(key -> switch (key) {
            case "mesh.bridges" -> Optional.of("docs");
            case "mesh.bridge.docs.url" -> Optional.of("http://127.0.0.1:9000/mcp");
            default -> Optional.empty();
        }, env.keySet()));
        assertEquals("docs", c.bridges().get(0).id());
    }

    @Test
    void listedIdsComeFirstThenTheOthersById() {
        BridgeConfiguration c = read(map("mesh.bridge.zeta.url", "http://127.0.0.1/z", "mesh.bridge.alpha.url", "http://127.0.0.1/a",
                "mesh.bridge.mid.url", "http://127.0.0.1/m", "mesh.bridges", "mid"));
        assertEquals(List.of("mid", "alpha", "zeta"), c.bridges().stream().map(BridgeSettings::id).toList());
    }

    @Test
    void eachBadValueNamesItsKey() {
        assertKey("mesh.bridge.x.tiemout", map("mesh.bridge.x.url", "http://127.0.0.1/mcp", "mesh.bridge.x.tiemout", "5s"));
        assertKey("mesh.bridge.x.url", map("mesh.bridge.x.timeout", "5s"));
        assertKey("mesh.bridge.x.url", map("mesh.bridge.x.url", "http://127.0.0.1/mcp", "mesh.bridge.x.command", "tool"));
        assertKey("mesh.bridge.x.url", map("mesh.bridge.x.url", "ftp://127.0.0.1/mcp"));
        assertKey("mesh.bridge.x.url", map("mesh.bridge.x.url", "http://127.0.0.1/a b"));
        assertKey("mesh.bridge.x.timeout", map("mesh.bridge.x.url", "http://127.0.0.1/mcp", "mesh.bridge.x.timeout", "soon"));
        assertKey("mesh.bridge.x.max-items", map("mesh.bridge.x.url", "http://127.0.0.1/mcp", "mesh.bridge.x.max-items", "0"));
        assertKey("mesh.bridge.x.command", map("mesh.bridge.x.command", "tool \"open"));
        assertKey("mesh.bridge.tools.url", map("mesh.bridge.tools.url", "http://127.0.0.1/mcp"));
        assertKey("mesh.bridge.backoff-max", map("mesh.bridge.backoff-initial", "10s", "mesh.bridge.backoff-max", "1s"));
    }

    @Test
    void aBadHeaderNamesTheKeyButNotTheSecret() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(map(
                "mesh.bridge.x.url", "http://127.0.0.1/mcp", "mesh.bridge.x.headers", "Authorization Bearer sekrit")));
        assertEquals("mesh.bridge.x.headers", e.key());
        assertFalse(e.getMessage().contains("sekrit"), e.getMessage());
    }

    @Test
    void aStdioBridgeGetsOnlyTheVariablesItsEnvKeyNames() {
        BridgeSettings fs = read(map("mesh.bridge.fs.command", "server", "mesh.bridge.fs.env", "GITHUB_TOKEN, MODE=fast"))
                .bridges().get(0);
        assertEquals(new ProcessEnvironment(List.of("GITHUB_TOKEN"), Map.of("MODE", "fast")), fs.environment());
        assertEquals(ProcessEnvironment.BASE_ONLY, read(map("mesh.bridge.fs.command", "server")).bridges().get(0).environment());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(map(
                "mesh.bridge.fs.command", "server", "mesh.bridge.fs.env", "MESH_ADMIN_PASSWORD=sekrit")));
        assertEquals("mesh.bridge.fs.env", e.key());
        assertFalse(e.getMessage().contains("sekrit"), e.getMessage());
        assertKey("mesh.bridge.fs.env", map("mesh.bridge.fs.command", "server", "mesh.bridge.fs.env", "MESH_MCP_TOKEN"));
        assertKey("mesh.bridge.fs.env", map("mesh.bridge.fs.command", "server", "mesh.bridge.fs.env", "A B"));
        assertKey("mesh.bridge.x.env", map("mesh.bridge.x.url", "http://127.0.0.1/mcp", "mesh.bridge.x.env", "HOME"));
    }

    private static void assertKey(String key, Map<String, String> values) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(values));
        assertEquals(key, e.key(), e.getMessage());
    }
}
