package io.agentmesh.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.Json;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A tool call from the console goes through the router to any node and comes back as result or error. */
class ToolCallerTest {

    private final TestMesh mesh = new TestMesh();
    private final TestMesh.Node a = mesh.node(0xa).withEcho();
    private final TestMesh.Node b = mesh.node(0xb).withEcho();

    private ToolCaller caller() {
        return new ToolCaller(a.client(), mesh.time.clock(), Duration.ofSeconds(5));
    }

    @Test
    void echoOnAnotherNode() {
        mesh.link(a, b);
        ToolCall call = caller().call(b.id.value(), "echo", "echo",
                Json.createObjectBuilder().add("text", "hello mesh").build()).join();
        assertTrue(call.ok());
        assertEquals(b.id.value() + ":echo/tools/call", call.address());
        assertEquals("hello mesh", call.result().asJsonObject().getJsonArray("content").getJsonObject(0).getString("text"));
        assertNull(call.error());
    }

    @Test
    void localMeansThisNode() {
        ToolCall call = caller().call("local", "echo", "echo", Json.createObjectBuilder().add("text", "x").build()).join();
        assertEquals(a.id.value() + ":echo/tools/call", call.address());
        assertTrue(call.ok());
    }

    @Test
    void errorsComeBackAsErrors() {
        ToolCall unreachable = caller().call(b.id.value(), "echo", "echo", null).join();
        assertFalse(unreachable.ok());
        assertEquals(JsonRpc.NODE_UNREACHABLE, unreachable.error().code());
        ToolCall missing = caller().call("local", "nobody", "x", null).join();
        assertEquals(JsonRpc.AGENT_NOT_FOUND, missing.error().code());
    }

    @Test
    void noAnswerInTimeIsATimeoutAndCancelsTheCall() {
        CompletableFuture<jakarta.json.JsonObject> never = new CompletableFuture<>();
        a.agents.register(AgentDefinition.of("slow", "", "").withTool(new ToolDefinition("wait", "", "",
                Json.createObjectBuilder().add("type", "object").build(), null, null, (args, ctx) -> never)));
        CompletableFuture<ToolCall> pending = new ToolCaller(a.client(), mesh.time.clock(), Duration.ofMillis(50))
                .call("local", "slow", "wait", null);
        mesh.time.advance(Duration.ofMillis(50));
        ToolCall call = pending.join();
        assertEquals(JsonRpc.TIMEOUT, call.error().code());
    }

    @Test
    void badInputIsRefused() {
        assertEquals(400, assertThrows(AdminException.class, () -> caller().call("xyz", "echo", "echo", null)).status());
        assertEquals(400, assertThrows(AdminException.class, () -> caller().call("local", "no/de", "echo", null)).status());
        assertEquals(400, assertThrows(AdminException.class, () -> caller().call("local", "tools", "echo", null)).status());
        assertEquals(400, assertThrows(AdminException.class, () -> caller().call("local", "echo", " ", null)).status());
    }
}
