package io.agentmesh.agents;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The completer of a {@code @Complete} method (MCP 2025-11-25, server/utilities/completion). */
final class CompleterInvoker implements Completer {

    private final Method method;
    private final Supplier<?> target;

    CompleterInvoker(Method method, Supplier<?> target) {
        this.method = method;
        this.target = target;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> complete(String value, Map<String, String> context) throws Exception {
        Object[] args = method.getParameterCount() == 1 ? new Object[] {value} : new Object[] {value, context};
        try {
            Object result = method.invoke(target.get(), args);
            return result == null ? List.of() : (List<String>) result;
        } catch (InvocationTargetException e) {
            Throwable cause = Invocations.unwrap(e.getCause());
            throw cause instanceof Exception ex ? ex : new RuntimeException(cause);
        }
    }
}
