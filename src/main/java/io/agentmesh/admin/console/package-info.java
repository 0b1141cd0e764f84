/**
 * The admin console's plain services, each unit-tested without a container (docs/admin-api.md): the
 * mesh view and agent catalog read through the router ({@link io.agentmesh.admin.console.MeshExplorer},
 * {@link io.agentmesh.admin.console.AgentCatalog}), tool calls ({@link io.agentmesh.admin.console.ToolCaller}),
 * links and trust ({@link io.agentmesh.admin.console.LinkAdmin}), and the traffic history
 * ({@link io.agentmesh.admin.console.TrafficRecorder}, a {@link io.agentmesh.routing.RouteObserver}).
 */
package io.agentmesh.admin.console;
