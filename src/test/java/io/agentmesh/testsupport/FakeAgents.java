package io.agentmesh.testsupport;

import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.CallContext;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent directory with agents declared by the test. Every request and notification is recorded. By
 * default a request answers {@code {"agent", "method", "params"}} at once; {@link #answerWith} changes
 * that (e.g. to hold the call open, fail, or throw).
 */
public final class FakeAgents implements AgentDirectory {

    /** One recorded call. */
    public record Call(String agent, String method, JsonObject params, CallContext context,
                       CompletableFuture<JsonValue> result) {
    }

    /** How the agents answer a request. */
    @FunctionalInterface
    public interface Behaviour {
        CompletionStage<JsonValue> answer(Call call);
    }

    private final Map<String, JsonObject> agents = new LinkedHashMap<>();
    private final List<Call> requests = new CopyOnWriteArrayList<>();
    private final List<Call> notifications = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = FakeAgents::echo;
    private volatile String defaultAgent;
    private final Set<String> nonBlocking = ConcurrentHashMap.newKeySet();

    /** Declares an agent with its tools. */
    public FakeAgents add(String id, String title, String description, String... tools) {
        JsonArrayBuilder toolNames = Json.createArrayBuilder();
        for (String t : tools) {
            toolNames.add(t);
        }
        agents.put(id, Json.createObjectBuilder()
                .add("id", id).add("title", title).add("description", description)
                .add("tools", toolNames).add("resources", 0).add("prompts", 0).build());
        return this;
    }

    /** Says that requests to {@code id} are served without blocking ({@link #servesWithoutBlocking}). */
    public FakeAgents nonBlocking(String id) {
        nonBlocking.add(id);
        return this;
    }

    @Override
    public boolean servesWithoutBlocking(String agentId, String method, JsonObject params) {
        return nonBlocking.contains(agentId);
    }

    public FakeAgents defaultAgent(String id) {
        this.defaultAgent = id;
        return this;
    }

    public FakeAgents answerWith(Behaviour newBehaviour) {
        this.behaviour = newBehaviour;
        return this;
    }

    /** Calls stay open until the test completes {@link Call#result()}. */
    public FakeAgents hold() {
        return answerWith(Call::result);
    }

    public List<Call> requests() {
        return new ArrayList<>(requests);
    }

    public Call onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests.size() + ": " + requests);
        }
        return requests.get(0);
    }

    public List<Call> notifications() {
        return new ArrayList<>(notifications);
    }

    private static CompletionStage<JsonValue> echo(Call call) {
        return CompletableFuture.completedFuture(Json.createObjectBuilder()
                .add("agent", call.agent()).add("method", call.method()).add("params", call.params()).build());
    }

    @Override
    public List<String> agentIds() {
        return List.copyOf(agents.keySet());
    }

    @Override
    public boolean hosts(String agentId) {
        return agents.containsKey(agentId);
    }

    @Override
    public Optional<String> defaultAgent() {
        if (defaultAgent != null) {
            return Optional.of(defaultAgent);
        }
        return agents.keySet().stream().findFirst();
    }

    @Override
    public List<JsonObject> describe() {
        return List.copyOf(agents.values());
    }

    @Override
    public CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext context) {
        Call call = new Call(agentId, method, params, context, new CompletableFuture<>());
        requests.add(call);
        return behaviour.answer(call);
    }

    @Override
    public void notify(String agentId, String method, JsonObject params, CallContext context) {
        notifications.add(new Call(agentId, method, params, context, CompletableFuture.completedFuture(JsonValue.NULL)));
    }
}
