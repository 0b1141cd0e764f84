/**
 * Agents: MCP servers written as annotated managed components, found by a CDI portable extension,
 * served over mesh links and at {@code /mcp} (wire-v1 §5.2 step 4, §5.4, §7). Depends on routing.
 * <ul>
 * <li>{@link io.agentmesh.agents.AgentHost}: the node's agents and every MCP method (MCP 2025-11-25, also
 * 2025-06-18); it is the {@link io.agentmesh.routing.AgentDirectory} that the router and the {@code /mcp}
 * endpoint call. Plain Java, usable without CDI; {@link io.agentmesh.node.AgentHostProducer} makes the
 * one instance of the application.</li>
 * <li>{@link io.agentmesh.agents.AgentDefinition}: one agent as data plus handlers; built from an
 * annotated class by {@link io.agentmesh.agents.AgentDefinitions}, or by hand (bridges, agents made at
 * run time); its {@link io.agentmesh.agents.AgentGate} may refuse requests (a bridged agent whose server
 * is down).</li>
 * <li>{@link io.agentmesh.agents.AgentExtension} and {@link io.agentmesh.agents.AgentValidator}:
 * discovery and the declaration checks that fail a deployment.</li>
 * <li>{@code annotations}, {@code schema} (JSON Schema 2020-12 from Java types, and its validation),
 * {@code samples} (echo, calculator, notes), {@code http} (the {@code /mcp} endpoint), {@code bridge}
 * (existing MCP servers as agents).</li>
 * </ul>
 * Settings ({@link io.agentmesh.agents.AgentSettings}): {@code mesh.agents.page-size} (50),
 * {@code mesh.agents.default} (none: the first registered), {@code mesh.samples.enabled} (true),
 * {@code mesh.data-dir} ({@code data}).
 */
package io.agentmesh.agents;
