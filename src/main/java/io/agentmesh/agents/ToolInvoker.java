package io.agentmesh.agents;

import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.agents.schema.SchemaGenerator;
import io.agentmesh.agents.schema.SchemaValidator;
import io.agentmesh.json.Json;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The handler of a {@link Tool} method: validates the arguments against the input schema, binds them with
 * JSON-B, supplies {@link Progress}, {@link AgentLog}, {@link Cancellation}, {@link CallContext} and
 * {@link Input} parameters, invokes the method and maps its result ({@link ResultMapper}).
 * <p>
 * Arguments that fail validation or binding are a tool execution error, not a protocol error (SEP-1303;
 * MCP 2025-11-25 and 2026-07-28, server/tools, "Error Handling": "Input validation errors" are
 * "reported in tool results with {@code isError: true}" so that the model can correct them): the call
 * completes with such a result naming the argument and the method is not invoked.
 */
final class ToolInvoker implements ToolHandler {

    private record Arg(String name, Type type, JsonObject schema, boolean required, JsonValue defaultValue,
            Class<?> supplied) {
    }

    private final Method method;
    private final Supplier<?> target;
    private final Jsonb jsonb;
    private final Arg[] args;
    private final JsonObject inputSchema;
    private final ResultMapper mapper;

    ToolInvoker(Method method, Supplier<?> target, Jsonb jsonb) {
        this.method = method;
        this.target = target;
        this.jsonb = jsonb;
        Parameter[] params = method.getParameters();
        this.args = new Arg[params.length];
        JsonObjectBuilder properties = Json.createObjectBuilder();
        var required = Json.createArrayBuilder();
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (Members.isHostSupplied(p.getType())) {
                args[i] = new Arg(null, p.getType(), null, false, null, p.getType());
                continue;
            }
            String name = Members.argName(p);
            Type type = p.getParameterizedType();
            JsonObject schema = SchemaGenerator.schemaOf(type);
            ToolArg toolArg = p.getAnnotation(ToolArg.class);
            JsonValue defaultValue = toolArg == null || ToolArg.NO_DEFAULT.equals(toolArg.defaultValue())
                    ? null : Members.defaultValue(toolArg.defaultValue());
            boolean isRequired = (toolArg == null || toolArg.required()) && defaultValue == null
                    && !SchemaGenerator.isOptional(type);
            args[i] = new Arg(name, type, schema, isRequired, defaultValue, null);
            JsonObjectBuilder property = Json.createObjectBuilder(schema);
            if (toolArg != null && !toolArg.description().isEmpty()) {
                property.add("description", toolArg.description());
            }
            if (defaultValue != null) {
                property.add("default", defaultValue);
            }
            properties.add(name, property);
            if (isRequired) {
                required.add(name);
            }
        }
        this.inputSchema = Json.createObjectBuilder().add("type", "object").add("properties", properties)
                .add("required", required).build();
        Tool tool = method.getAnnotation(Tool.class);
        this.mapper = new ResultMapper(Members.resultType(method), tool.mimeType(), jsonb,
                method.getDeclaringClass().getSimpleName() + "/" + Members.toolName(method));
    }

    JsonObject inputSchema() {
        return inputSchema;
    }

    @Override
    public CompletionStage<JsonObject> call(JsonObject arguments, Invocation invocation) throws JsonRpcException {
        Object[] values = new Object[args.length];
        try {
            for (int i = 0; i < args.length; i++) {
                values[i] = value(args[i], arguments, invocation);
            }
        } catch (InvalidArgument e) {
            return CompletableFuture.completedFuture(ToolResults.error(e.getMessage()));
        }
        return Invocations.invoke(method, target, values, mapper::map);
    }

    /** An argument the model can correct; its message names the argument and the fault. */
    private static final class InvalidArgument extends Exception {
        InvalidArgument(String message) {
            super(message, null, false, false);
        }
    }

    private Object value(Arg arg, JsonObject arguments, Invocation invocation) throws InvalidArgument {
        if (arg.supplied() != null) {
            if (arg.supplied() == Progress.class) {
                return invocation.progress();
            }
            if (arg.supplied() == AgentLog.class) {
                return invocation.log();
            }
            if (arg.supplied() == Input.class) {
                return invocation.input();
            }
            return arg.supplied() == Cancellation.class ? invocation.cancellation() : invocation.context();
        }
        JsonValue value = arguments.get(arg.name());
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            value = arg.defaultValue();
        }
        if (value == null) {
            if (arg.required()) {
                throw new InvalidArgument("missing required argument '" + arg.name() + "'");
            }
            return absent(arg.type());
        }
        try {
            SchemaValidator.validate(value, arg.schema(), arg.name());
        } catch (SchemaValidator.Violation v) {
            throw new InvalidArgument("invalid argument '" + v.path() + "': " + v.problem());
        }
        try {
            if (SchemaGenerator.isOptional(arg.type())) {
                Type inner = ((ParameterizedType) arg.type()).getActualTypeArguments()[0];
                return Optional.ofNullable(bind(value, inner));
            }
            return bind(value, arg.type());
        } catch (JsonbException | IllegalArgumentException e) {
            throw new InvalidArgument("invalid argument '" + arg.name() + "': " + e.getMessage());
        }
    }

    private Object bind(JsonValue value, Type type) {
        if (type == String.class && value.getValueType() == JsonValue.ValueType.STRING) {
            return ((jakarta.json.JsonString) value).getString();
        }
        Type target = type instanceof Class<?> c && c.isPrimitive() ? box(c) : type;
        return jsonb.fromJson(value.toString(), target);
    }

    private static Object absent(Type type) {
        if (SchemaGenerator.isOptional(type)) {
            return Optional.empty();
        }
        if (type instanceof Class<?> c && c.isPrimitive()) {
            if (c == boolean.class) {
                return false;
            }
            if (c == char.class) {
                return '\0';
            }
            return switch (c.getName()) {
                case "byte" -> (byte) 0;
                case "short" -> (short) 0;
                case "int" -> 0;
                case "long" -> 0L;
                case "float" -> 0f;
                default -> 0d;
            };
        }
        return null;
    }

    private static Class<?> box(Class<?> c) {
        return switch (c.getName()) {
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            case "char" -> Character.class;
            default -> Double.class;
        };
    }
}
