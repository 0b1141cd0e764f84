package io.agentmesh.api;

import io.agentmesh.json.Json;
import io.agentmesh.routing.Address;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.Cancellation;
import io.agentmesh.routing.NotificationSink;
import io.agentmesh.routing.Origin;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.transport.LogLimiter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Calls agents and nodes anywhere in the mesh from an application on the same server (wire-v1 §5.1–5.3):
 * <pre>
 * &#64;Inject MeshClient mesh;
 *
 * mesh.callTool("7f3a…c2:echo", "echo", Map.of("text", "hi"))
 *     .thenAccept(r -&gt; System.out.println(r.text()));
 * mesh.call("7f3a…c2", "get_info", null);          // node operation
 * mesh.listTools("*:calculator");                  // any node that hosts calculator
 * mesh.callTool("*:booking", "book", args, CallOptions.defaults()
 *     .withProgress(p -&gt; ...)
 *     .withAnswerer(InputKind.ELICITATION, question -&gt; askTheUser(question)));
 * try (Listening l = mesh.listen("*:docs", params, notification -&gt; ...)) { ... }
 * </pre>
 * Requests to agents are requests of MCP 2026-07-28 (basic/index, "_meta"; {@link CallOptions}): the
 * agent treats them by that revision's rules, asks its questions with an {@code InputRequiredResult},
 * which the call's answerers answer (basic/patterns/mrtr, bounded by {@link InputLimits}), and sends
 * progress and log messages back along the request's way to the call's listeners. Only a result of
 * {@code resultType} {@code complete} completes a call.
 * Targets are read by {@link CallTarget}. Every stage completes with the result, or exceptionally with
 * a {@link MeshCallException} carrying the JSON-RPC error (wire-v1 §5.5); a call that has no answer
 * within its deadline (default {@code mesh.rpc.timeout}) ends with −32062 and is cancelled where it runs.
 * Requests go through the node's {@link MeshEntry} with this node as their origin.
 */
@ApplicationScoped
public class MeshClient {

    private static final Logger LOG = Logger.getLogger(MeshClient.class.getName());

    /** Most {@code tools/list} pages followed by {@link #listTools}. */
    public static final int MAX_PAGES = 100;

    @Inject
    MeshRouter router;

    @Inject
    RoutingSettings settings;

    @Inject
    InputLimits limits;

    private final AtomicLong ids = new AtomicLong();
    private volatile MeshEntry entry;
    private volatile Duration deadline;
    private volatile Jsonb jsonb;
    private volatile ModernCalls modern;

    /** For CDI. */
    protected MeshClient() {
    }

    /** A client over any node's entry, with {@code deadline} for calls that give none. */
    public MeshClient(MeshEntry entry, Duration deadline) {
        this(entry, deadline, InputLimits.DEFAULTS);
    }

    /** As {@link #MeshClient(MeshEntry, Duration)}, answering an agent's questions within {@code limits}. */
    public MeshClient(MeshEntry entry, Duration deadline, InputLimits limits) {
        this.entry = Objects.requireNonNull(entry, "entry");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @PreDestroy
    void close() {
        Jsonb j = jsonb;
        if (j != null) {
            try {
                j.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing JSON-B failed", e);
            }
        }
    }

    /**
     * Sends {@code method} with {@code params} (null for none) to {@code target}, e.g.
     * {@code call("7f3a…c2:echo", "tools/list", null)}.
     */
    public CompletionStage<JsonValue> call(String target, String method, JsonObject params) {
        return call(target, method, params, defaultDeadline());
    }

    /** As {@link #call(String, String, JsonObject)}, with its own deadline. */
    public CompletionStage<JsonValue> call(String target, String method, JsonObject params, Duration timeout) {
        return call(target, method, params, CallOptions.defaults().withDeadline(Objects.requireNonNull(timeout, "timeout")));
    }

    /**
     * As {@link #call(String, String, JsonObject)}, with {@code options}: a request of MCP 2026-07-28 to an
     * agent, whose questions the options' answerers answer and whose progress and log messages go to their
     * listeners ({@link CallOptions}); completes with the {@code complete} result only. A node operation
     * (the target a node) is not MCP, and {@code ping}, {@code logging/setLevel} and
     * {@code resources/(un)subscribe} are not of 2026-07-28: they go as before, with the deadline alone.
     */
    public CompletionStage<JsonValue> call(String target, String method, JsonObject params, CallOptions options) {
        Objects.requireNonNull(options, "options");
        Address address;
        try {
            address = CallTarget.address(target, method);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(invalid(e));
        }
        Duration timeout = options.deadline() != null ? options.deadline() : defaultDeadline();
        if (address.agent() != null && !ModernRequests.HANDSHAKE_ONLY.contains(address.op())) {
            return modern().call(address.destination(), address.op(), params, options, timeout);
        }
        JsonRpc.Request request = new JsonRpc.Request(Json.createValue(nextId()), address.op(), params);
        CompletableFuture<JsonValue> result = new CompletableFuture<>();
        exchange(address.destination(), request, timeout).thenAccept(response -> {
            if (response.isError()) {
                result.completeExceptionally(new MeshCallException(response.error()));
            } else {
                result.complete(response.result());
            }
        });
        return result;
    }

    /**
     * Opens a {@code subscriptions/listen} request (MCP 2026-07-28 basic/patterns/subscriptions) to the agent
     * at {@code target}, e.g. with params {@code {"notifications": {"toolsListChanged": true}}}; every
     * notification of it ({@code notifications/subscriptions/acknowledged} first) goes to {@code listener}
     * as {@code {"method", "params"}}, on the mesh's threads. It has no deadline: it lasts until the
     * returned handle is closed, the agent ends it, or a link on its way goes down.
     *
     * @throws MeshCallException −32600 for a target that is not an agent
     */
    public Listening listen(String target, JsonObject params, Consumer<JsonObject> listener) {
        return listen(target, params, CallOptions.defaults(), listener);
    }

    /** As {@link #listen(String, JsonObject, Consumer)}, with the client info and trace parent of {@code options}. */
    public Listening listen(String target, JsonObject params, CallOptions options, Consumer<JsonObject> listener) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Address address;
        try {
            address = CallTarget.address(target, "subscriptions/listen");
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
        if (address.agent() == null) {
            throw invalid(new IllegalArgumentException("a node has no subscriptions; name an agent"));
        }
        return modern().listen(address.destination(), params, options, listener);
    }

    /**
     * Sends {@code request} (its method the op alone, its id kept) to {@code to} and completes with the
     * response as it comes, errors included; never exceptionally. For entry points that relay JSON-RPC as
     * it is, such as the REST API.
     */
    public CompletionStage<JsonRpc.Response> exchange(Destination to, JsonRpc.Request request, Duration timeout) {
        return exchange(to, request, timeout, Optional.empty());
    }

    /**
     * As {@link #exchange(Destination, JsonRpc.Request, Duration)}, on behalf of {@code user}, the end user
     * the entry point authenticated (the agent sees it as {@code CallContext.caller().user()}).
     */
    public CompletionStage<JsonRpc.Response> exchange(Destination to, JsonRpc.Request request, Duration timeout,
                                                      Optional<Caller.User> user) {
        return exchange(to, request, timeout, origin("java api " + request.id(), NotificationSink.NONE,
                new Cancellation(), user));
    }

    /** As {@link #exchange(Destination, JsonRpc.Request, Duration, Optional)}, from {@code origin}. */
    CompletionStage<JsonRpc.Response> exchange(Destination to, JsonRpc.Request request, Duration timeout, Origin origin) {
        return entry().request(to, request, origin, timeout);
    }

    /**
     * An entry point of this node with no session of its own (a call of the Java API or of the REST API):
     * the notifications that come back for its request go to {@code sink}; cancelling {@code cancellation}
     * cancels the request wherever it is served.
     */
    static Origin origin(String description, NotificationSink sink, Cancellation cancellation, Optional<Caller.User> user) {
        Origin detached = Origin.detached(description);
        return new Origin(description, detached.session(), sink, cancellation, user);
    }

    /** Calls tool {@code tool} of the agent at {@code target} with {@code arguments} (an object, or null for none). */
    public CompletionStage<ToolResult> callTool(String target, String tool, JsonObject arguments) {
        return callTool(target, tool, arguments, CallOptions.defaults());
    }

    /** As {@link #callTool(String, String, JsonObject)}, with {@code options} ({@link #call(String, String, JsonObject, CallOptions)}). */
    public CompletionStage<ToolResult> callTool(String target, String tool, JsonObject arguments, CallOptions options) {
        Objects.requireNonNull(tool, "tool");
        var params = Json.createObjectBuilder().add("name", tool);
        if (arguments != null) {
            params.add("arguments", arguments);
        }
        return call(target, "tools/call", params.build(), options).thenApply(result -> {
            try {
                return ToolResult.from(result);
            } catch (IllegalArgumentException e) {
                throw new MeshCallException(new JsonRpc.Error(JsonRpc.INTERNAL_ERROR, "the agent answered " + e.getMessage()));
            }
        });
    }

    /**
     * As {@link #callTool(String, String, JsonObject)}, with the arguments as a map whose values JSON-B
     * can write (strings, numbers, booleans, lists, maps, records, beans, JSON-P values).
     */
    public CompletionStage<ToolResult> callTool(String target, String tool, Map<String, ?> arguments) {
        return callTool(target, tool, arguments, CallOptions.defaults());
    }

    /** As {@link #callTool(String, String, Map)}, with {@code options} ({@link #call(String, String, JsonObject, CallOptions)}). */
    public CompletionStage<ToolResult> callTool(String target, String tool, Map<String, ?> arguments, CallOptions options) {
        JsonObject json;
        try {
            json = arguments == null ? null : toJsonObject(arguments);
        } catch (JsonbException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new MeshCallException(new JsonRpc.Error(JsonRpc.INVALID_PARAMS,
                    "invalid params: the arguments cannot be written as JSON: " + e.getMessage())));
        }
        return callTool(target, tool, json, options);
    }

    /** The tools of the agent at {@code target}, every page of {@code tools/list} followed (at most {@value #MAX_PAGES}). */
    public CompletionStage<List<ToolInfo>> listTools(String target) {
        return listPage(target, null, new ArrayList<>(), 1);
    }

    private CompletionStage<List<ToolInfo>> listPage(String target, String cursor, List<ToolInfo> tools, int page) {
        JsonObject params = cursor == null ? null : Json.createObjectBuilder().add("cursor", cursor).build();
        return call(target, "tools/list", params).thenCompose(result -> {
            if (!(result instanceof JsonObject object) || !(object.get("tools") instanceof JsonArray list)) {
                throw new MeshCallException(new JsonRpc.Error(JsonRpc.INTERNAL_ERROR,
                        "the agent answered tools/list without a tools array"));
            }
            try {
                list.forEach(t -> tools.add(ToolInfo.from(t)));
            } catch (IllegalArgumentException e) {
                throw new MeshCallException(new JsonRpc.Error(JsonRpc.INTERNAL_ERROR, "the agent answered " + e.getMessage()));
            }
            if (object.get("nextCursor") instanceof JsonString next && page < MAX_PAGES) {
                return listPage(target, next.getString(), tools, page + 1);
            }
            return CompletableFuture.completedFuture(List.copyOf(tools));
        });
    }

    private static MeshCallException invalid(IllegalArgumentException e) {
        return new MeshCallException(new JsonRpc.Error(JsonRpc.INVALID_REQUEST, "invalid request: " + e.getMessage()));
    }

    private String nextId() {
        return "api-" + ids.incrementAndGet();
    }

    private ModernCalls modern() {
        ModernCalls m = modern;
        if (m == null) {
            m = new ModernCalls(this::entry, limits != null ? limits : InputLimits.DEFAULTS, this::nextId,
                    new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime));
            modern = m;
        }
        return m;
    }

    private MeshEntry entry() {
        MeshEntry e = entry;
        if (e == null) {
            e = Objects.requireNonNull(router, "no router").entry();
            entry = e;
        }
        return e;
    }

    private Duration defaultDeadline() {
        Duration d = deadline;
        if (d == null) {
            d = settings != null ? settings.requestDeadline() : RoutingSettings.DEFAULT_REQUEST_DEADLINE;
            deadline = d;
        }
        return d;
    }

    private JsonObject toJsonObject(Map<String, ?> arguments) {
        Jsonb j = jsonb;
        if (j == null) {
            synchronized (this) {
                if (jsonb == null) {
                    jsonb = JsonbBuilder.create();
                }
                j = jsonb;
            }
        }
        var builder = Json.createObjectBuilder();
        for (Map.Entry<String, ?> e : arguments.entrySet()) {
            Objects.requireNonNull(e.getKey(), "argument name");
            Object v = e.getValue();
            if (v == null) {
                builder.addNull(e.getKey());
            } else if (v instanceof JsonValue value) {
                builder.add(e.getKey(), value);
            } else {
                builder.add(e.getKey(), Json.createReader(new StringReader(j.toJson(v))).readValue());
            }
        }
        return builder.build();
    }
}
