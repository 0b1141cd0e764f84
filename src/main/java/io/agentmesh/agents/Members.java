package io.agentmesh.agents;

import io.agentmesh.agents.annotations.Complete;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.PromptArg;
import io.agentmesh.agents.annotations.Resource;
import io.agentmesh.agents.annotations.ResourceTemplate;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.json.Json;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/** How the annotations of an agent class are read: names, parameter roles, result types. */
final class Members {

    private Members() {
    }

    /** The annotated methods of an agent class, public and inherited included, in a stable order. */
    static List<Method> annotated(Class<?> type) {
        return declared(type, m -> kinds(m) > 0);
    }

    /**
     * The methods of {@code type} and its superclasses that match {@code filter} (not synthetic, not
     * bridges, an override hiding what it overrides), in a stable order.
     */
    static List<Method> declared(Class<?> type, Predicate<Method> filter) {
        var methods = new ArrayList<Method>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge() && filter.test(m)
                        && methods.stream().noneMatch(known -> overrides(known, m))) {
                    methods.add(m);
                }
            }
        }
        methods.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return methods;
    }

    private static boolean overrides(Method a, Method b) {
        return a.getName().equals(b.getName()) && Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
    }

    static int kinds(Method m) {
        int n = 0;
        for (Class<? extends java.lang.annotation.Annotation> a : List.of(Tool.class, Resource.class,
                ResourceTemplate.class, Prompt.class, Complete.class)) {
            if (m.isAnnotationPresent(a)) {
                n++;
            }
        }
        return n;
    }

    static boolean isCallable(Method m) {
        return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers());
    }

    static String member(Class<?> type, Method m) {
        return type.getName() + "." + m.getName();
    }

    static String toolName(Method m) {
        String n = m.getAnnotation(Tool.class).name();
        return Tool.ELEMENT_NAME.equals(n) ? m.getName() : n;
    }

    static String resourceName(Method m) {
        String n = m.getAnnotation(Resource.class).name();
        return Resource.ELEMENT_NAME.equals(n) ? m.getName() : n;
    }

    static String templateName(Method m) {
        String n = m.getAnnotation(ResourceTemplate.class).name();
        return ResourceTemplate.ELEMENT_NAME.equals(n) ? m.getName() : n;
    }

    static String promptName(Method m) {
        String n = m.getAnnotation(Prompt.class).name();
        return Prompt.ELEMENT_NAME.equals(n) ? m.getName() : n;
    }

    /** The argument name of a parameter, or null when it has none (no annotation name, no -parameters). */
    static String argName(Parameter p) {
        ToolArg toolArg = p.getAnnotation(ToolArg.class);
        if (toolArg != null && !ToolArg.ELEMENT_NAME.equals(toolArg.name())) {
            return toolArg.name();
        }
        PromptArg promptArg = p.getAnnotation(PromptArg.class);
        if (promptArg != null && !PromptArg.ELEMENT_NAME.equals(promptArg.name())) {
            return promptArg.name();
        }
        return p.isNamePresent() ? p.getName() : null;
    }

    /** True for the parameter types the host supplies to tools. */
    /** The parameters a prompt or resource method may take besides its String arguments. */
    static boolean isContext(Class<?> type) {
        return type == CallContext.class || type == Input.class;
    }

    /** The parameter's value supplied by the host, for a {@link #isContext} type. */
    static Object context(Class<?> type, Invocation invocation) {
        return type == Input.class ? invocation.input() : invocation.context();
    }

    static boolean isHostSupplied(Class<?> type) {
        return type == Progress.class || type == AgentLog.class || type == Cancellation.class
                || type == CallContext.class || type == Input.class;
    }

    /** T for {@code CompletionStage<T>}, else the type itself; null for a raw CompletionStage. */
    static Type resultType(Method m) {
        Type t = m.getGenericReturnType();
        if (CompletionStage.class.isAssignableFrom(m.getReturnType())) {
            if (t instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
                return p.getActualTypeArguments()[0];
            }
            return null;
        }
        return t;
    }

    static boolean isAsync(Method m) {
        return CompletionStage.class.isAssignableFrom(m.getReturnType());
    }

    static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** A {@code defaultValue} as JSON: parsed when it is JSON, else taken as a string. */
    static JsonValue defaultValue(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            return Json.createValue(text);
        }
    }

    static boolean isStringList(Type t) {
        return t instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] == String.class;
    }

    static boolean isStringMap(Type t) {
        return t instanceof ParameterizedType p && p.getRawType() == java.util.Map.class
                && p.getActualTypeArguments()[0] == String.class && p.getActualTypeArguments()[1] == String.class;
    }
}
