/**
 * Watching and managing a running node, the top of the package stack: health checks ({@code health}),
 * metrics ({@code metrics}), the admin REST API ({@code api}) and the dashboard's view of the mesh
 * ({@code console}). It reads the node through the composition root ({@code io.agentmesh.node}) and the
 * layers below; nothing depends on it.
 */
package io.agentmesh.admin;
