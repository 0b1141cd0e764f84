package io.agentmesh.agents.bridge;

import static io.agentmesh.agents.bridge.BridgeClientHttpTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bridged agent whose server is a child process on the stdio transport ({@link StdioMcpServer}). */
class StdioBridgeTest {

    private final AgentHost local = new AgentHost(AgentSettings.defaults());
    private final BridgeThreads threads = new BridgeThreads(Executors.newSingleThreadScheduledExecutor(),
            Executors.newCachedThreadPool());
    private Bridges bridges;

    @AfterEach
    void tearDown() {
        if (bridges != null) {
            bridges.close();
        }
        threads.timer().shutdownNow();
        threads.pool().shutdownNow();
    }

    /** java @args StdioMcpServer, the class path in an argument file (it is long). */
    private static List<String> command(String... serverArgs) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path args = Files.createTempFile("stdio-server", ".args");
        args.toFile().deleteOnExit();
        Files.writeString(args, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        List<String> command = new java.util.ArrayList<>(List.of(java, "@" + args, StdioMcpServer.class.getName()));
        command.addAll(List.of(serverArgs));
        return command;
    }

    private Bridge start(List<String> command) {
        BridgeSettings settings = BridgeSettings.stdio("local-tool", command)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        bridges = new Bridges(local, new BridgeConfiguration(List.of(settings)), Clock.systemUTC(), threads);
        bridges.start();
        return bridges.bridge("local-tool").orElseThrow();
    }

    private JsonObject call(String tool, String text) throws Exception {
        JsonObject params = Json.createObjectBuilder().add("name", tool)
                .add("arguments", Json.createObjectBuilder().add("text", text)).build();
        return (JsonObject) local.request("local-tool", "tools/call", params, TestCallContext.of(1))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aStdioServerIsServedAndRestartedWhenItsProcessDies() throws Exception {
        Bridge bridge = start(command());
        await("the bridge up", () -> bridge.status().up());
        assertEquals(List.of("echo", "exit"), local.agent("local-tool").orElseThrow().tools().stream().map(t -> t.name()).toList());
        assertEquals("piped", call("echo", "piped").getJsonArray("content").getJsonObject(0).getString("text"));

        ExecutionException e = assertThrows(ExecutionException.class, () -> call("exit", "x"));
        JsonRpcException rpc = assertInstanceOf(JsonRpcException.class, e.getCause());
        assertEquals(-32060, rpc.code());
        assertTrue(rpc.getMessage().contains("exited with code 3"), rpc.getMessage());

        await("the bridge up again", () -> bridge.status().up());
        assertEquals("again", call("echo", "again").getJsonArray("content").getJsonObject(0).getString("text"));
    }

    /** MCP 2026-07-28 basic/transports/stdio, "Backward Compatibility": the server/discover probe finds it modern. */
    @Test
    void aStdioServerThatSpeaksOnly20260728IsServed() throws Exception {
        Bridge bridge = start(command("modern"));
        await("the bridge up", () -> bridge.status().up());
        assertEquals(List.of("echo", "exit"), local.agent("local-tool").orElseThrow().tools().stream().map(t -> t.name()).toList());
        JsonObject result = call("echo", "stateless");
        assertEquals("stateless", result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertFalse(result.containsKey("resultType"));
    }

    @Test
    void aCommandThatCannotStartLeavesTheBridgeDown() throws Exception {
        Bridge bridge = start(List.of("/nonexistent/agentmesh-test-server"));
        await("the bridge down", () -> bridge.status().state() == BridgeStatus.State.DOWN);
        assertTrue(bridge.status().detail().contains("cannot start '/nonexistent/agentmesh-test-server'"), bridge.status().detail());
        assertTrue(local.hosts("local-tool"));
    }
}
