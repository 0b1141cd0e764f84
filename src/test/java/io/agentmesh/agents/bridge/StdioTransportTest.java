package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The process of a stdio bridge: its environment. */
class StdioTransportTest {

    /** Variables the shell itself adds to what it was given. */
    private static final Set<String> SHELL_OWN = Set.of("PWD", "OLDPWD", "SHLVL", "_");

    @Test
    void theProcessGetsTheBridgesEnvironmentNotTheNodes() throws Exception {
        String script = "printf '{\"jsonrpc\":\"2.0\",\"method\":\"env\",\"params\":{\"names\":\"%s\",\"mode\":\"%s\"}}\\n'"
                + " \"$(env | cut -d= -f1 | tr '\\n' ' ')\" \"$MODE\"";
        BridgeSettings settings = BridgeSettings.stdio("env-check", List.of("/bin/sh", "-c", script))
                .withEnvironment(ProcessEnvironment.parse("MODE=fast"));
        CompletableFuture<JsonRpc> first = new CompletableFuture<>();
        StdioTransport transport = new StdioTransport(settings);
        try {
            transport.open(new McpTransport.Inbound() {
                @Override
                public void received(JsonRpc message, JsonValue relatedRequest) {
                    first.complete(message);
                }

                @Override
                public void lost(TransportException cause) {
                    first.completeExceptionally(cause);
                }
            });
            JsonObject params = assertInstanceOf(JsonRpc.Notification.class, first.get(10, TimeUnit.SECONDS))
                    .params().asJsonObject();
            Set<String> names = new TreeSet<>(Arrays.asList(params.getString("names").trim().split(" +")));
            names.removeAll(SHELL_OWN);
            assertEquals(new TreeSet<>(settings.environment().childOf(System.getenv()).keySet()), names);
            assertFalse(names.contains("MESH_ADMIN_PASSWORD"));
            assertEquals("fast", params.getString("mode"));
        } finally {
            transport.close();
        }
    }
}
