package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agents of this node and the MCP server each of them is (MCP 2025-11-25; wire-v1 §5.2 step 4,
 * §5.4, §7). Every transport hands requests here through {@link AgentDirectory}: the router for mesh
 * links, the {@code /mcp} endpoint for standard clients. A plain class, usable without CDI.
 * <p>
 * Agents are registered and unregistered at any time. Their notifications outside of requests
 * ({@code notifications/tools/list_changed}, {@code .../resources/list_changed}, {@code .../prompts/list_changed}
 * when an agent is replaced or unregistered, {@code .../resources/updated}) go to the {@code subscriptions/listen}
 * requests that asked for them ({@link Listens}), along each request's way.
 * <p>
 * Tool calls run on the executor given at construction (the caller's thread by default), so that
 * container services of managed agents apply.
 * <p>
 * Every request is first admitted by the {@link AccessControl} (the caller as the router authenticated it,
 * {@link CallContext#caller()}), then by the agent's {@link AgentGate}; {@code tools/list} shows each
 * caller only the tools it may call.
 * <p>
 * Each request is served by its own era ({@link McpMeta#isModern}): a modern one by the rules of MCP
 * 2026-07-28 ({@link ModernMethods}), statelessly (its session is not remembered for notifications), a
 * legacy one by those of 2025-11-25.
 */
public final class AgentHost implements AgentDirectory {

    private static final Logger LOG = Logger.getLogger(AgentHost.class.getName());

    private final AgentSettings settings;
    private final RunningCalls running = new RunningCalls();
    private final Subscriptions subscriptions = new Subscriptions();
    private final Listens listens = new Listens();
    private final McpMethods methods;
    private final ModernMethods modern;
    private final AccessControl access;
    private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Map<String, AgentDefinition> agents = Map.of();

    /** A host that runs tool calls on the caller's thread. */
    public AgentHost(AgentSettings settings) {
        this(settings, Runnable::run);
    }

    /** A host without configured access rules (only the agents' security annotations apply). */
    public AgentHost(AgentSettings settings, Executor toolExecutor) {
        this(settings, toolExecutor, AccessControl.open());
    }

    /**
     * A host that admits requests by {@code access} before it serves them, with the {@code requestState}s
     * of multi round-trip requests under a random key of this start and the default lifetime.
     */
    public AgentHost(AgentSettings settings, Executor toolExecutor, AccessControl access) {
        this(settings, toolExecutor, access, InputStates.random(new java.security.SecureRandom(),
                java.time.Clock.systemUTC(), InputSettings.DEFAULT_STATE_TTL));
    }

    /** A host that seals and opens the {@code requestState}s of multi round-trip requests with {@code states}. */
    public AgentHost(AgentSettings settings, Executor toolExecutor, AccessControl access, InputStates states) {
        this(settings, toolExecutor, access, states, InputObserver.NONE);
    }

    /** ... and tells {@code inputs} of the retries it refuses. */
    public AgentHost(AgentSettings settings, Executor toolExecutor, AccessControl access, InputStates states,
                     InputObserver inputs) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.access = Objects.requireNonNull(access, "access");
        this.methods = new McpMethods(settings, Objects.requireNonNull(toolExecutor, "toolExecutor"), running,
                subscriptions, access, listens, new InputRounds(states,
                        new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime), inputs));
        this.modern = new ModernMethods(methods, access, settings);
    }

    public AgentSettings settings() {
        return settings;
    }

    // --- registration ---

    /** Adds an agent; throws IllegalArgumentException when its id is taken. */
    public void register(AgentDefinition agent) {
        Objects.requireNonNull(agent, "agent");
        synchronized (lock) {
            if (agents.containsKey(agent.id())) {
                throw new IllegalArgumentException("duplicate agent id: " + agent.id());
            }
            var copy = new LinkedHashMap<>(agents);
            copy.put(agent.id(), agent);
            agents = java.util.Collections.unmodifiableMap(copy);
        }
        LOG.log(Level.INFO, "agent {0} registered: {1} tools, {2} resources, {3} templates, {4} prompts",
                new Object[] {agent.id(), agent.tools().size(), agent.resources().size(), agent.templates().size(),
                    agent.prompts().size()});
        listeners.forEach(l -> l.agentRegistered(agent));
    }

    /** Adds an agent, or replaces the one of the same id and tells its sessions that its lists changed. */
    public void replace(AgentDefinition agent) {
        Objects.requireNonNull(agent, "agent");
        boolean existed;
        synchronized (lock) {
            var copy = new LinkedHashMap<>(agents);
            existed = copy.put(agent.id(), agent) != null;
            agents = java.util.Collections.unmodifiableMap(copy);
        }
        LOG.log(Level.INFO, "agent {0} {1}", new Object[] {agent.id(), existed ? "replaced" : "registered"});
        if (existed) {
            listChanged(agent.id());
        }
        listeners.forEach(l -> l.agentRegistered(agent));
    }

    /** Removes an agent; returns false when none has that id. Its subscriptions end. */
    public boolean unregister(String agentId) {
        synchronized (lock) {
            if (!agents.containsKey(agentId)) {
                return false;
            }
            var copy = new LinkedHashMap<>(agents);
            copy.remove(agentId);
            agents = java.util.Collections.unmodifiableMap(copy);
        }
        LOG.log(Level.INFO, "agent {0} unregistered", agentId);
        listChanged(agentId);
        subscriptions.forget(agentId);
        listens.end(agentId);
        listeners.forEach(l -> l.agentUnregistered(agentId));
        return true;
    }

    public Optional<AgentDefinition> agent(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    public List<AgentDefinition> agents() {
        return List.copyOf(agents.values());
    }

    public void addListener(AgentListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(AgentListener listener) {
        listeners.remove(listener);
    }

    // --- initialize data for transports ---

    /** The capabilities every agent declares in {@code initialize}. */
    public JsonObject capabilities(String agentId) {
        requireAgent(agentId);
        return Descriptors.capabilities();
    }

    /** {@code serverInfo} of an agent: {@code {name: id, title?, version}}. */
    public JsonObject serverInfo(String agentId) {
        return Descriptors.serverInfo(requireAgent(agentId));
    }

    /** The whole {@code initialize} result for a client that asked for {@code requestedVersion}. */
    public JsonObject initializeResult(String agentId, String requestedVersion) {
        var params = requestedVersion == null ? JsonValue.EMPTY_JSON_OBJECT
                : Json.createObjectBuilder().add("protocolVersion", requestedVersion).build();
        return McpMethods.initialize(requireAgent(agentId), params);
    }

    private AgentDefinition requireAgent(String agentId) {
        AgentDefinition agent = agents.get(agentId);
        if (agent == null) {
            throw new IllegalArgumentException("agent not found: " + agentId);
        }
        return agent;
    }

    // --- notifications from agents ---

    /**
     * Tells the subscribers of {@code uri} that the resource changed: the listens that asked for it
     * ({@code subscriptions/listen}) and the sessions that subscribed with {@code resources/subscribe};
     * returns how many were told.
     */
    public int resourceUpdated(String agentId, String uri) {
        return listens.updated(agentId, uri) + subscriptions.updated(agentId, uri);
    }

    /**
     * Tells the listens of the agent that asked for them that its tools, resources and prompts lists
     * changed ({@code subscriptions/listen}; a legacy session's entry node keeps one open for it).
     */
    public void listChanged(String agentId) {
        listens.listChanged(agentId);
    }

    // --- AgentDirectory ---

    @Override
    public List<String> agentIds() {
        return List.copyOf(agents.keySet());
    }

    @Override
    public boolean hosts(String agentId) {
        return agentId != null && agents.containsKey(agentId);
    }

    @Override
    public Optional<String> defaultAgent() {
        Map<String, AgentDefinition> now = agents;
        Optional<String> configured = settings.defaultAgent().filter(now::containsKey);
        return configured.isPresent() ? configured : now.keySet().stream().findFirst();
    }

    @Override
    public List<JsonObject> describe() {
        var list = new ArrayList<JsonObject>();
        agents.values().forEach(a -> list.add(Descriptors.describe(a)));
        return list;
    }

    @Override
    public CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext context) {
        AgentDefinition agent = agents.get(agentId);
        if (agent == null) {
            return CompletableFuture.failedFuture(new JsonRpcException(JsonRpc.AGENT_NOT_FOUND,
                    "agent not found: " + agentId, JsonRpc.errorData(null, agentId)));
        }
        JsonObject p = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        boolean modernEra = McpMeta.isModern(p);
        try {
            if (modernEra) {
                ModernMethods.check(method, p);
            }
            access.admit(agent, method, p, context.caller());
            agent.gate().admit(method, p);
            return modernEra ? modern.handle(agent, method, p, context) : methods.handle(agent, method, p, context);
        } catch (JsonRpcException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "agent " + agentId + " failed on " + method, e);
            return CompletableFuture.failedFuture(new JsonRpcException(JsonRpc.INTERNAL_ERROR,
                    "internal error in " + method));
        }
    }

    /**
     * A {@code tools/call} of a {@link ToolDefinition#nonBlocking()} tool, and {@code ping} and the list
     * methods ({@code tools/list}, ...) of an agent with the open gate (they read its definitions only).
     */
    @Override
    public boolean servesWithoutBlocking(String agentId, String method, JsonObject params) {
        AgentDefinition agent = agents.get(agentId);
        if (agent == null || agent.gate() != AgentGate.OPEN) {
            return false;
        }
        return switch (method) {
            case "tools/call" -> params != null && params.get("name") instanceof JsonString name
                    && agent.tool(name.getString()).map(ToolDefinition::nonBlocking).orElse(false);
            case "ping", "server/discover", "tools/list", "resources/list", "resources/templates/list", "prompts/list" -> true;
            default -> false;
        };
    }

    @Override
    public void notify(String agentId, String method, JsonObject params, CallContext context) {
        if (!hosts(agentId)) {
            LOG.log(Level.FINE, "notification {0} for unknown agent {1} dropped", new Object[] {method, agentId});
            return;
        }
        JsonObject p = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        switch (method) {
            case "notifications/cancelled" -> {
                String reason = p.get("reason") instanceof jakarta.json.JsonString s ? s.getString() : "";
                running.find(context, p.get("requestId")).ifPresentOrElse(
                        call -> call.cancel(reason),
                        () -> LOG.log(Level.FINE, "cancel of unknown request {0} ignored", p.get("requestId")));
            }
            case "notifications/initialized" -> LOG.log(Level.FINE, "client initialized agent {0}", agentId);
            default -> LOG.log(Level.FINE, "notification {0} to {1} ignored", new Object[] {method, agentId});
        }
    }

    /** Calls running now (for metrics and tests). */
    public int runningCalls() {
        return running.size();
    }
}
