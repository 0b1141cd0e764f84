package io.agentmesh.api;

import jakarta.json.JsonObject;
import java.util.concurrent.CompletionStage;

/**
 * How an application answers one kind of question an agent asks while it serves a call (MCP 2026-07-28
 * basic/patterns/mrtr): given the input request's {@code params}, the stage completes with its result,
 * e.g. {@code {"action": "accept", "content": {...}}} for {@code elicitation/create} (client/elicitation),
 * {@code {"role": "assistant", "content": {...}, "model": ...}} for {@code sampling/createMessage}
 * (client/sampling), {@code {"roots": [...]}} for {@code roots/list} (client/roots). A stage that fails,
 * or gives no answer within {@code mesh.mcp.input.deadline}, ends the call with a {@link MeshCallException}.
 * Called on the mesh's threads: do not block in it, complete the stage later instead.
 */
@FunctionalInterface
public interface InputAnswerer {

    CompletionStage<JsonObject> answer(JsonObject params);
}
