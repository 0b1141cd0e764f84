package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import io.agentmesh.routing.Completions;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MCP server methods (MCP 2025-11-25: lifecycle, ping, tools, resources, prompts, completion, logging;
 * 2026-07-28: subscriptions/listen, {@link Listens}) run
 * against one {@link AgentDefinition}. Stateless but for the shared running calls and subscriptions.
 */
final class McpMethods {

    /** completion/complete returns at most this many values (MCP 2025-11-25). */
    static final int MAX_COMPLETIONS = 100;

    private static final Logger LOG = Logger.getLogger(McpMethods.class.getName());

    private final AgentSettings settings;
    private final Executor executor;
    private final RunningCalls running;
    private final Subscriptions subscriptions;
    private final AccessControl access;
    private final Listens listens;
    private final InputRounds rounds;

    McpMethods(AgentSettings settings, Executor executor, RunningCalls running, Subscriptions subscriptions,
               AccessControl access, Listens listens, InputRounds rounds) {
        this.access = access;
        this.listens = listens;
        this.rounds = rounds;
        this.settings = settings;
        this.executor = executor;
        this.running = running;
        this.subscriptions = subscriptions;
    }

    CompletionStage<JsonValue> handle(AgentDefinition agent, String method, JsonObject params, CallContext ctx)
            throws JsonRpcException {
        AgentLog log = AgentLog.of(ctx, params);
        return switch (method) {
            case "initialize" -> done(initialize(agent, params));
            case "logging/setLevel" -> done(setLevel(params));
            case Listens.METHOD -> listens.listen(agent, params, ctx, uri -> resolve(agent, uri).isPresent());
            case "ping" -> done(JsonValue.EMPTY_JSON_OBJECT);
            case "tools/list" -> done(Pagination.page("tools", "tools",
                    agent.tools().stream().filter(t -> access.mayCall(agent, t, ctx.caller()))
                            .map(Descriptors::tool).toList(), params, settings.pageSize()));
            case "tools/call" -> callTool(agent, params, ctx, log);
            case "resources/list" -> done(Pagination.page("resources", "resources",
                    agent.resources().stream().map(Descriptors::resource).toList(), params, settings.pageSize()));
            case "resources/templates/list" -> done(Pagination.page("templates", "resourceTemplates",
                    agent.templates().stream().map(Descriptors::template).toList(), params, settings.pageSize()));
            case "resources/read" -> readResource(agent, params, ctx, log);
            case "resources/subscribe" -> done(subscribe(agent, params, ctx, true));
            case "resources/unsubscribe" -> done(subscribe(agent, params, ctx, false));
            case "prompts/list" -> done(Pagination.page("prompts", "prompts",
                    agent.prompts().stream().map(Descriptors::prompt).toList(), params, settings.pageSize()));
            case "prompts/get" -> getPrompt(agent, params, ctx, log);
            case "completion/complete" -> done(complete(agent, params));
            default -> throw new JsonRpcException(JsonRpc.METHOD_NOT_FOUND, "method not found: " + method);
        };
    }

    // --- lifecycle ---

    /**
     * {@code logging/setLevel} (MCP 2025-11-25, server/utilities/logging): checks the level; the entry node
     * that holds the session keeps it and sends it with each later request as
     * {@code _meta["io.modelcontextprotocol/logLevel"]}, which {@link AgentLog} reads.
     */
    private static JsonObject setLevel(JsonObject params) throws JsonRpcException {
        AgentLog.level(params.get("level"));
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    static JsonObject initialize(AgentDefinition agent, JsonObject params) {
        String requested = params.get("protocolVersion") instanceof JsonString s ? s.getString() : null;
        var result = Json.createObjectBuilder()
                .add("protocolVersion", ProtocolVersions.negotiate(requested))
                .add("capabilities", Descriptors.capabilities())
                .add("serverInfo", Descriptors.serverInfo(agent));
        if (!agent.description().isEmpty()) {
            result.add("instructions", agent.description());
        }
        return result.build();
    }

    // --- tools ---

    private CompletionStage<JsonValue> callTool(AgentDefinition agent, JsonObject params, CallContext ctx, AgentLog log)
            throws JsonRpcException {
        String name = requireString(params, "name");
        ToolDefinition tool = agent.tool(name).orElseThrow(
                () -> new JsonRpcException(JsonRpc.INVALID_PARAMS, "unknown tool: " + name));
        JsonObject arguments = optionalObject(params, "arguments");
        Input input = rounds.open(agent.id(), "tools/call", params, ctx);
        RunningCalls.Call call = running.start(ctx);
        var invocation = new Invocation(agent.id(), ctx, new Progress(ctx, progressToken(params)), call.cancellation(),
                log, input);
        var result = new CompletableFuture<JsonValue>();
        try {
            executor.execute(() -> runTool(agent, tool, arguments, invocation, call, result,
                    asked -> rounds.inputRequired(agent.id(), "tools/call", params, ctx, input, asked)));
        } catch (RuntimeException rejected) {
            call.finish();
            throw new JsonRpcException(JsonRpc.OVERLOADED, "no capacity to run tool " + name);
        }
        return result;
    }

    /** Turns a handler's question into the request's answer (an InputRequiredResult, or −32021). */
    private interface Asking {
        JsonObject answer(InputRequiredException asked) throws JsonRpcException;
    }

    private static void runTool(AgentDefinition agent, ToolDefinition tool, JsonObject arguments,
            Invocation invocation, RunningCalls.Call call, CompletableFuture<JsonValue> result, Asking asking) {
        CompletionStage<JsonObject> stage;
        call.enterThread();
        try {
            if (call.isCancelled()) {
                throw new CancellationException();
            }
            stage = tool.handler().call(arguments, invocation);
        } catch (Throwable e) {
            stage = CompletableFuture.failedFuture(e);
        } finally {
            call.leaveThread();
        }
        call.await(stage);
        stage.whenComplete((value, failure) -> {
            call.finish();
            if (call.isCancelled()) {
                LOG.log(Level.FINE, "tool call {0}/{1} cancelled", new Object[] {agent.id(), tool.name()});
                result.completeExceptionally(new JsonRpcException(JsonRpc.REQUEST_CANCELLED, "request cancelled"));
            } else if (failure == null) {
                result.complete(value);
            } else {
                Throwable cause = Completions.unwrap(failure);
                if (cause instanceof InputRequiredException asked) {
                    try {
                        result.complete(asking.answer(asked));
                    } catch (JsonRpcException rpc) {
                        result.completeExceptionally(rpc);
                    }
                } else if (cause instanceof JsonRpcException rpc) {
                    result.completeExceptionally(rpc);
                } else {
                    LOG.log(Level.FINE, "tool " + agent.id() + "/" + tool.name() + " failed", cause);
                    result.complete(ToolResults.error(cause));
                }
            }
        });
    }

    private static JsonValue progressToken(JsonObject params) {
        if (params.get("_meta") instanceof JsonObject meta) {
            JsonValue token = meta.get("progressToken");
            if (token instanceof JsonString || token instanceof JsonNumber) {
                return token;
            }
        }
        return null;
    }

    // --- resources ---

    private CompletionStage<JsonValue> readResource(AgentDefinition agent, JsonObject params, CallContext ctx,
                                                    AgentLog log)
            throws JsonRpcException {
        String uri = requireString(params, "uri");
        var target = resolve(agent, uri).orElseThrow(() -> notFound(uri));
        Input input = rounds.open(agent.id(), "resources/read", params, ctx);
        Invocation invocation = new Invocation(agent.id(), ctx, Progress.none(ctx), new Cancellation(), log, input);
        CompletionStage<JsonArray> contents = guard(() -> target.reader().read(uri, target.variables(), invocation));
        return contents.handle((array, failure) -> {
            if (failure != null) {
                return asked(failure, "reading " + uri,
                        asked -> rounds.inputRequired(agent.id(), "resources/read", params, ctx, input, asked));
            }
            return (JsonValue) Json.createObjectBuilder().add("contents", array).build();
        });
    }

    private record Target(ResourceReader reader, Map<String, String> variables) {
    }

    private static Optional<Target> resolve(AgentDefinition agent, String uri) {
        Optional<ResourceDefinition> fixed = agent.resource(uri);
        if (fixed.isPresent()) {
            return Optional.of(new Target(fixed.get().reader(), Map.of()));
        }
        for (ResourceTemplateDefinition t : agent.templates()) {
            Optional<Map<String, String>> vars = t.uriTemplate().match(uri);
            if (vars.isPresent()) {
                return Optional.of(new Target(t.reader(), vars.get()));
            }
        }
        return Optional.empty();
    }

    private JsonObject subscribe(AgentDefinition agent, JsonObject params, CallContext ctx, boolean on)
            throws JsonRpcException {
        String uri = requireString(params, "uri");
        if (ctx.session() == null) {
            throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "resource subscriptions need a session");
        }
        if (on) {
            resolve(agent, uri).orElseThrow(() -> notFound(uri));
            subscriptions.subscribe(agent.id(), uri, ctx.session());
        } else {
            subscriptions.unsubscribe(agent.id(), uri, ctx.session());
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonRpcException notFound(String uri) {
        return new JsonRpcException(JsonRpc.RESOURCE_NOT_FOUND, "resource not found: " + uri,
                Json.createObjectBuilder().add("uri", uri).build());
    }

    // --- prompts ---

    private CompletionStage<JsonValue> getPrompt(AgentDefinition agent, JsonObject params, CallContext ctx,
                                                 AgentLog log)
            throws JsonRpcException {
        String name = requireString(params, "name");
        PromptDefinition prompt = agent.prompt(name).orElseThrow(
                () -> new JsonRpcException(JsonRpc.INVALID_PARAMS, "unknown prompt: " + name));
        Map<String, String> arguments = stringMap(optionalObject(params, "arguments"), "argument");
        for (String given : arguments.keySet()) {
            if (prompt.arguments().stream().noneMatch(a -> a.name().equals(given))) {
                throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "prompt " + name + " has no argument '" + given + "'");
            }
        }
        for (PromptDefinition.Argument a : prompt.arguments()) {
            if (a.required() && !arguments.containsKey(a.name())) {
                throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "missing required argument '" + a.name() + "'");
            }
        }
        Input input = rounds.open(agent.id(), "prompts/get", params, ctx);
        Invocation invocation = new Invocation(agent.id(), ctx, Progress.none(ctx), new Cancellation(), log, input);
        CompletionStage<List<PromptMessage>> messages = guard(() -> prompt.renderer().render(arguments, invocation));
        return messages.handle((list, failure) -> {
            if (failure != null) {
                return asked(failure, "prompt " + name,
                        asked -> rounds.inputRequired(agent.id(), "prompts/get", params, ctx, input, asked));
            }
            var array = Json.createArrayBuilder();
            for (PromptMessage m : list) {
                array.add(Json.createObjectBuilder().add("role", m.role()).add("content", m.content()));
            }
            var result = Json.createObjectBuilder();
            if (!prompt.description().isEmpty()) {
                result.add("description", prompt.description());
            }
            return (JsonValue) result.add("messages", array).build();
        });
    }

    // --- completion ---

    private static JsonObject complete(AgentDefinition agent, JsonObject params) throws JsonRpcException {
        JsonObject ref = requireObject(params, "ref");
        JsonObject argument = requireObject(params, "argument");
        String argName = requireString(argument, "name");
        String value = argument.get("value") instanceof JsonString s ? s.getString() : "";
        Map<String, String> context = Map.of();
        if (params.get("context") instanceof JsonObject c) {
            context = stringMap(optionalObject(c, "arguments"), "context argument");
        }
        String type = requireString(ref, "type");
        Map<String, Completer> completers = switch (type) {
            case "ref/prompt" -> {
                String name = requireString(ref, "name");
                yield agent.prompt(name).orElseThrow(
                        () -> new JsonRpcException(JsonRpc.INVALID_PARAMS, "unknown prompt: " + name)).completions();
            }
            case "ref/resource" -> {
                String uri = requireString(ref, "uri");
                yield agent.template(uri).orElseThrow(
                        () -> new JsonRpcException(JsonRpc.INVALID_PARAMS, "unknown resource template: " + uri))
                        .completions();
            }
            default -> throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "unknown ref type: " + type);
        };
        Completer completer = completers.get(argName);
        List<String> values;
        try {
            values = completer == null ? List.of() : completer.complete(value, context);
        } catch (Exception e) {
            throw new JsonRpcException(JsonRpc.INTERNAL_ERROR, "completion failed: " + e.getMessage());
        }
        var array = Json.createArrayBuilder();
        values.stream().limit(MAX_COMPLETIONS).forEach(array::add);
        return Json.createObjectBuilder().add("completion", Json.createObjectBuilder()
                .add("values", array)
                .add("total", values.size())
                .add("hasMore", values.size() > MAX_COMPLETIONS)).build();
    }

    // --- helpers ---

    private static CompletionStage<JsonValue> done(JsonValue value) {
        return CompletableFuture.completedFuture(value);
    }

    private interface StageSupplier<T> {
        CompletionStage<T> get() throws Exception;
    }

    private static <T> CompletionStage<T> guard(StageSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The InputRequiredResult when a handler asked a question, else the failure as a JSON-RPC error. */
    private static JsonValue asked(Throwable failure, String what, Asking asking) {
        if (Completions.unwrap(failure) instanceof InputRequiredException asked) {
            try {
                return asking.answer(asked);
            } catch (JsonRpcException rpc) {
                throw new CompletionException(rpc);
            }
        }
        throw new CompletionException(asRpc(failure, what));
    }

    private static JsonRpcException asRpc(Throwable failure, String what) {
        Throwable cause = Completions.unwrap(failure);
        if (cause instanceof JsonRpcException rpc) {
            return rpc;
        }
        LOG.log(Level.FINE, what + " failed", cause);
        return new JsonRpcException(JsonRpc.INTERNAL_ERROR, what + " failed: " + cause.getMessage());
    }

    static String requireString(JsonObject o, String member) throws JsonRpcException {
        if (o.get(member) instanceof JsonString s) {
            return s.getString();
        }
        throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "'" + member + "' must be a string");
    }

    private static JsonObject requireObject(JsonObject o, String member) throws JsonRpcException {
        if (o.get(member) instanceof JsonObject value) {
            return value;
        }
        throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "'" + member + "' must be an object");
    }

    private static JsonObject optionalObject(JsonObject o, String member) throws JsonRpcException {
        JsonValue v = o.get(member);
        if (v == null || v == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (v instanceof JsonObject value) {
            return value;
        }
        throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "'" + member + "' must be an object");
    }

    private static Map<String, String> stringMap(JsonObject o, String what) throws JsonRpcException {
        var map = new LinkedHashMap<String, String>();
        for (var e : o.entrySet()) {
            if (!(e.getValue() instanceof JsonString s)) {
                throw new JsonRpcException(JsonRpc.INVALID_PARAMS, what + " '" + e.getKey() + "' must be a string");
            }
            map.put(e.getKey(), s.getString());
        }
        return map;
    }
}
