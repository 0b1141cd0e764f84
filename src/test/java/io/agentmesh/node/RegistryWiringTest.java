package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.registry.ToolAnnotations;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RegistryWiringTest {

    private static RegistryWiring wiring(MeshConfig config) {
        RegistryWiring w = new RegistryWiring();
        w.config = config;
        return w;
    }

    @Test
    void registrySettingsFollowTheConfiguration() {
        MeshConfig c = MeshConfigTest.read("mesh.registry.round-interval", "300ms", "mesh.registry.fanout", "5",
                "mesh.registry.advert-ttl", "2h", "mesh.registry.advert-refresh", "30m",
                "mesh.registry.peer-expiry", "1h", "mesh.registry.peer-book-save-interval", "1s");
        RegistrySettings s = wiring(c).registrySettings();
        assertEquals(Duration.ofMillis(300), s.roundInterval());
        assertEquals(5, s.fanout());
        assertEquals(Duration.ofHours(2), s.advertTtl());
        assertEquals(Duration.ofHours(2), s.maxAdvertLifetime());
        assertEquals(Duration.ofMinutes(30), s.advertRefresh());
        assertEquals(Duration.ofHours(1), s.peerExpiry());
        assertEquals(Duration.ofSeconds(1), s.peerBookSaveInterval());
    }

    @Test
    void defaultsGiveTheDocumentedSettings() {
        RegistrySettings s = wiring(MeshConfigTest.read()).registrySettings();
        RegistrySettings d = RegistrySettings.defaults();
        assertEquals(d, s);
    }

    @Test
    void aRefreshNotShorterThanTheTtlIsAConfigError() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> wiring(MeshConfigTest.read("mesh.registry.advert-refresh", "10m")).registrySettings());
        assertEquals("mesh.registry", e.key());
    }

    @Test
    void theAdvertCarriesEachToolWithItsAnnotations() {
        JsonObject schema = Json.createObjectBuilder().add("type", "object").build();
        JsonObject hints = Json.createObjectBuilder().add("title", "Peek").add("readOnlyHint", true)
                .add("idempotentHint", true).build();
        AgentDefinition agent = AgentDefinition.of("counter", "Counter", "Counts")
                .withTool(new ToolDefinition("peek", "", "", schema, null, hints,
                        (args, inv) -> CompletableFuture.completedFuture(args)))
                .withTool(new ToolDefinition("bump", "", "", schema, null, null,
                        (args, inv) -> CompletableFuture.completedFuture(args)));
        AgentInfo info = RegistryWiring.advertised(agent);
        assertEquals("counter", info.id());
        assertEquals("Counter", info.title());
        assertEquals(new ToolAnnotations(true, null, true, null), info.tool("peek").orElseThrow().annotations());
        assertEquals(ToolAnnotations.NONE, info.tool("bump").orElseThrow().annotations());
    }
}
