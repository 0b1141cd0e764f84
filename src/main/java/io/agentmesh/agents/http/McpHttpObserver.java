package io.agentmesh.agents.http;

/**
 * Hears the requests {@code /mcp} refuses before they reach the mesh by the rules of MCP 2026-07-28 (the
 * node's metrics implement it). Codes are the endpoint's own ({@code -32020}, {@code -32022}, {@code -32600},
 * {@code -32601}, {@code -32602}), never a client's choice.
 */
public interface McpHttpObserver {

    /** An observer that ignores everything. */
    McpHttpObserver NONE = code -> { };

    /** A modern request was refused with JSON-RPC error {@code code}. */
    void rejected(int code);
}
