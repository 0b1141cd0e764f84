/**
 * Agents: MCP servers written as annotated managed components, found by a CDI portable extension,
 * served over mesh links and at {@code /mcp} (wire-v1 §7). Depends on routing.
 */
package io.agentmesh.agents;
