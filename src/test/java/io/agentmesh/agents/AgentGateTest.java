package io.agentmesh.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The host consults an agent's {@link AgentGate} before serving each request; prompts carry any content block. */
class AgentGateTest {

    private final AgentHost host = new AgentHost(AgentSettings.defaults());
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    private AgentDefinition agent() {
        return AgentDefinition.of("gated", "", "")
                .withTool(new ToolDefinition("t", "", "", Json.createObjectBuilder().add("type", "object").build(), null, null,
                        (args, inv) -> CompletableFuture.completedFuture(Json.createObjectBuilder().add("content",
                                Json.createArrayBuilder()).build())))
                .withPrompt(new PromptDefinition("p", "", "", List.of(), (args, inv) -> CompletableFuture.completedFuture(List.of(
                        PromptMessage.of("user", Json.createObjectBuilder().add("type", "image").add("data", "AA==")
                                .add("mimeType", "image/png").build()), PromptMessage.assistant("ok"))), java.util.Map.of()))
                .withGate((method, params) -> {
                    seen.add(method + " " + params);
                    if (!open && !method.equals("ping")) {
                        throw new JsonRpcException(JsonRpc.NODE_UNREACHABLE, "closed for now");
                    }
                });
    }

    @Test
    void theGateSeesEveryRequestAndMayRefuseIt() throws Exception {
        host.register(agent());
        JsonObject params = Json.createObjectBuilder().add("name", "t").build();
        host.request("gated", "tools/call", params, TestCallContext.of(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("tools/call " + params), seen);
        open = false;
        JsonRpcException e = AgentHostTest.error(host.request("gated", "tools/list", null, TestCallContext.of(2)));
        assertEquals(JsonRpc.NODE_UNREACHABLE, e.code());
        assertEquals("closed for now", e.getMessage());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, host.request("gated", "ping", null, TestCallContext.of(3))
                .toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("tools/list {}", seen.get(1));
    }

    @Test
    void agentsAreOpenByDefaultAndTheGateSurvivesTheWithMethods() {
        assertSame(AgentGate.OPEN, AgentDefinition.of("a", "", "").gate());
        AgentGate gate = (m, p) -> { };
        assertSame(gate, AgentDefinition.of("a", "", "").withGate(gate).withVersion("2").gate());
    }

    @Test
    void aPromptMessageMayCarryAnyContentBlock() throws Exception {
        host.register(agent());
        JsonObject result = host.request("gated", "prompts/get", Json.createObjectBuilder().add("name", "p").build(),
                TestCallContext.of(4)).toCompletableFuture().get(5, TimeUnit.SECONDS).asJsonObject();
        JsonObject image = result.getJsonArray("messages").getJsonObject(0).getJsonObject("content");
        assertEquals("image", image.getString("type"));
        assertEquals("AA==", image.getString("data"));
        assertEquals(Json.createObjectBuilder().add("type", "text").add("text", "ok").build(),
                result.getJsonArray("messages").getJsonObject(1).getJsonObject("content"));
        assertEquals("", PromptMessage.of("user", image).text());
    }
}
