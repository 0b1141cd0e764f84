/**
 * Bridged agents: existing MCP servers served as local agents of this node (issue "Bridged agents").
 * <ul>
 * <li>{@link io.agentmesh.agents.bridge.BridgeClient}: the MCP client of a bridge (initialize, session
 * re-establishment) over a {@link io.agentmesh.agents.bridge.ServerChannel} (requests by id with deadlines,
 * cancellation, progress; what the server sends) over an {@link io.agentmesh.agents.bridge.McpTransport}:
 * {@link io.agentmesh.agents.bridge.StreamableHttpTransport} (MCP 2025-11-25 Streamable HTTP on the JDK
 * HTTP client: {@link io.agentmesh.agents.bridge.EndpointSession},
 * {@link io.agentmesh.agents.bridge.ReplyReader}, {@link io.agentmesh.agents.bridge.NotificationStream},
 * with {@link io.agentmesh.agents.bridge.SseParser}) or {@link io.agentmesh.agents.bridge.StdioTransport}
 * (a child process).</li>
 * <li>{@link io.agentmesh.agents.bridge.Bridge}: one bridged agent registered in the
 * {@link io.agentmesh.agents.AgentHost}, its lists fetched ({@link io.agentmesh.agents.bridge.RemoteCatalog})
 * and its calls relayed ({@link io.agentmesh.agents.bridge.BridgedAgents},
 * {@link io.agentmesh.agents.bridge.RelayedCalls}), reconnecting with backoff when its server is down;
 * {@link io.agentmesh.agents.bridge.Bridges} holds them all on the node's
 * {@link io.agentmesh.agents.bridge.BridgeThreads}, {@link io.agentmesh.agents.bridge.BridgeStarter} runs
 * them in the application.</li>
 * <li>Settings: {@link io.agentmesh.agents.bridge.BridgeSettings} (one bridge),
 * {@link io.agentmesh.agents.bridge.BridgeConfiguration} (all), with the syntaxes of
 * {@link io.agentmesh.agents.bridge.HeaderSyntax} and {@link io.agentmesh.agents.bridge.CommandLine};
 * the node's configuration builds them from {@code mesh.bridge.*} (see {@code docs/bridges.md}).</li>
 * </ul>
 * Depends on agents and routing only.
 */
package io.agentmesh.agents.bridge;
