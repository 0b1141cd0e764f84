package io.agentmesh.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Set;

/**
 * Whether a request may be sent to another replica after it may already have been delivered to one
 * (docs/registry.md §5.2): the link was lost or the deadline passed after sending, so the first replica
 * may have run it. Before delivery (no replica reachable, link refused) any request may go to the next
 * replica; after delivery only requests that are safe to run twice: node operations, the MCP
 * {@code …/list} methods, {@code resources/read}, {@code prompts/get}, {@code ping}, and
 * {@code tools/call} of a tool whose annotations say {@code readOnlyHint} or {@code idempotentHint}.
 * Anything else (a tool without those hints, {@code resources/subscribe}, an unknown method) is never
 * run twice. Pure functions.
 */
public final class RetryPolicy {

    /** The target of node operations (wire-v1 §5.1). */
    public static final String NODE_TARGET = "node";

    /** MCP methods that only read, whatever the agent. */
    public static final Set<String> SAFE_METHODS = Set.of(
            "tools/list", "resources/list", "resources/templates/list", "prompts/list",
            "resources/read", "prompts/get", "ping");

    private RetryPolicy() {
    }

    /**
     * True when a request that may have been delivered can be sent to another replica.
     *
     * @param target      the address's target: an agent id, or {@code node}
     * @param op          the operation (the MCP method, or the node operation)
     * @param annotations for {@code tools/call}: the called tool's annotations as the replica
     *                    advertised them; null when unknown (then not safe)
     */
    public static boolean safeAfterDelivery(String target, String op, ToolAnnotations annotations) {
        if (target == null || op == null) {
            return false;
        }
        if (NODE_TARGET.equals(target)) {
            return true;
        }
        if (SAFE_METHODS.contains(op)) {
            return true;
        }
        if ("tools/call".equals(op)) {
            return annotations != null && (annotations.readOnly() || annotations.idempotent());
        }
        return false;
    }

    /** The tool a {@code tools/call} names ({@code params.name}), or null. */
    public static String toolName(JsonObject params) {
        if (params != null && params.get("name") instanceof JsonString s) {
            return s.getString();
        }
        return null;
    }
}
