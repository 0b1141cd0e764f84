package io.agentmesh.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.ToolDefinition;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Agents of any node in full: tools with input schemas, resources, prompts, across pages. */
class AgentCatalogTest {

    private final TestMesh mesh = new TestMesh();
    private final TestMesh.Node a = mesh.node(0xa);
    private final TestMesh.Node b = mesh.node(0xb).withEcho();

    @Test
    void toolsOfAnotherNodeWithTheirInputSchemas() {
        mesh.link(a, b);
        List<AgentDetail> agents = new AgentCatalog(a.client(), Duration.ofSeconds(3)).agents(b.id).join();
        AgentDetail echo = agents.get(0);
        assertEquals("echo", echo.id());
        assertEquals(b.id.value() + ":echo", echo.address());
        assertEquals("Echo", echo.title());
        assertNull(echo.error());
        JsonObject tool = echo.tools().get(0);
        assertEquals("echo", tool.getString("name"));
        assertEquals("string", tool.getJsonObject("inputSchema").getJsonObject("properties")
                .getJsonObject("text").getString("type"));
    }

    @Test
    void allPagesAreRead() {
        AgentDefinition many = AgentDefinition.of("many", "Many", "");
        for (int i = 0; i < 120; i++) {
            many = many.withTool(new ToolDefinition("t" + i, "", "", Json.createObjectBuilder().add("type", "object").build(),
                    null, null, (args, ctx) -> CompletableFuture.completedFuture(Json.createObjectBuilder().build())));
        }
        a.agents.register(many);
        AgentDetail detail = new AgentCatalog(a.client(), Duration.ofSeconds(3)).agents(a.id).join().get(0);
        assertEquals(120, detail.tools().size(), "three pages of 50");
    }

    @Test
    void anUnreachableNodeIsABadGateway() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> new AgentCatalog(a.client(), Duration.ofSeconds(3)).agents(b.id).join());
        assertEquals(502, ((AdminException) e.getCause()).status());
    }
}
