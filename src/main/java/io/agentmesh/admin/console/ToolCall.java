package io.agentmesh.admin.console;

import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonValue;

/**
 * The outcome of a tool call made from the admin console: the MCP {@code tools/call} result (which may
 * itself say {@code isError}), or the JSON-RPC error the mesh or the agent answered.
 *
 * @param address the method sent, {@code <node id>:<agent id>/tools/call}
 * @param tool    the tool's name
 * @param tookMs  from sending to the answer, in ms
 * @param result  the result (null on error)
 * @param error   the error (null on success)
 */
public record ToolCall(String address, String tool, double tookMs, JsonValue result, JsonRpc.Error error) {

    /** True when a result came back (even one whose {@code isError} is true). */
    public boolean ok() {
        return error == null;
    }
}
