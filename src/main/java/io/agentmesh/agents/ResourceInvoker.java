package io.agentmesh.agents;

import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The reader of a {@code @Resource} or {@code @ResourceTemplate} method: binds template variables to
 * String parameters by name and turns a String result into text contents, a byte[] result into blob
 * contents (MCP 2025-11-25, server/resources: resources/read).
 */
final class ResourceInvoker implements ResourceReader {

    private final Method method;
    private final Supplier<?> target;
    private final String mimeType;

    ResourceInvoker(Method method, Supplier<?> target, String mimeType) {
        this.method = method;
        this.target = target;
        this.mimeType = mimeType;
    }

    @Override
    public CompletionStage<JsonArray> read(String uri, Map<String, String> variables, Invocation invocation) {
        Parameter[] params = method.getParameters();
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            values[i] = Members.isContext(params[i].getType()) ? Members.context(params[i].getType(), invocation)
                    : variables.get(Members.argName(params[i]));
        }
        return Invocations.invoke(method, target, values, value -> contents(uri, value));
    }

    private JsonArray contents(String uri, Object value) {
        var item = Json.createObjectBuilder().add("uri", uri);
        if (!mimeType.isEmpty()) {
            item.add("mimeType", mimeType);
        }
        if (value instanceof byte[] bytes) {
            item.add("blob", Base64.getEncoder().encodeToString(bytes));
        } else {
            item.add("text", value == null ? "" : value.toString());
        }
        return Json.createArrayBuilder().add(item).build();
    }
}
