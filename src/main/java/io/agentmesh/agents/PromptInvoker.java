package io.agentmesh.agents;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The renderer of a {@code @Prompt} method (MCP 2025-11-25, server/prompts: prompts/get). */
final class PromptInvoker implements PromptRenderer {

    private final Method method;
    private final Supplier<?> target;

    PromptInvoker(Method method, Supplier<?> target) {
        this.method = method;
        this.target = target;
    }

    @Override
    public CompletionStage<List<PromptMessage>> render(Map<String, String> arguments, Invocation invocation) {
        Parameter[] params = method.getParameters();
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            values[i] = Members.isContext(params[i].getType()) ? Members.context(params[i].getType(), invocation)
                    : arguments.get(Members.argName(params[i]));
        }
        return Invocations.invoke(method, target, values, PromptInvoker::messages);
    }

    @SuppressWarnings("unchecked")
    private static List<PromptMessage> messages(Object value) {
        if (value instanceof String s) {
            return List.of(PromptMessage.user(s));
        }
        if (value instanceof PromptMessage m) {
            return List.of(m);
        }
        return value == null ? List.of() : List.copyOf((List<PromptMessage>) value);
    }
}
