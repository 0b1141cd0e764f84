/**
 * The mesh for applications on the same server (wire-v1 §5 seen from a caller): {@code MeshClient}, an
 * injectable client that calls any agent or node of the mesh by address, with typed helpers for MCP
 * tools. Depends on routing only: it is a caller of the router like {@code /mcp}, and applications that
 * use it need nothing of the agents' or the transport's internals.
 */
package io.agentmesh.api;
