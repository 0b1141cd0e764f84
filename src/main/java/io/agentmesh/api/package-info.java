/**
 * The mesh for applications on the same server (wire-v1 §5 seen from a caller): {@code MeshClient}, an
 * injectable client that calls any agent or node of the mesh by address, with typed helpers for MCP
 * tools. Depends on routing only: it is a caller of the router like {@code /mcp}, and applications that
 * use it need nothing of the agents' or the transport's internals. {@code CallResource} serves the same
 * calls as {@code POST /api/v1/call} for applications that do not run on the JVM. Both speak MCP 2026-07-28
 * to agents: {@code MeshClient} makes its requests of that revision ({@code CallOptions}: listeners, answers
 * to the agent's questions, trace parent), {@code /api/v1/call} passes them on as the client made them and
 * streams their notifications ({@code CallEvents}).
 */
package io.agentmesh.api;
