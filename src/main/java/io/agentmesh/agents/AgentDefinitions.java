package io.agentmesh.agents;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Complete;
import io.agentmesh.agents.annotations.NonBlocking;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.Resource;
import io.agentmesh.agents.annotations.ResourceTemplate;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.schema.SchemaGenerator;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds an {@link AgentDefinition} from a class annotated {@link Agent}: one handler per annotated
 * method, invoking it on the target the supplier gives (a plain object, or a container's contextual
 * reference so that its services apply). The class is checked by {@link AgentValidator} first.
 */
public final class AgentDefinitions {

    private AgentDefinitions() {
    }

    /** The definition of a plain object's agent class, invoking its methods on that object. */
    public static AgentDefinition of(Object instance) {
        Objects.requireNonNull(instance, "instance");
        return of(instance.getClass(), () -> instance, JsonbBuilder.create());
    }

    /**
     * The definition of {@code type}, whose methods run on what {@code target} supplies at each call.
     *
     * @throws IllegalArgumentException listing every problem of the declaration
     */
    public static AgentDefinition of(Class<?> type, Supplier<?> target, Jsonb jsonb) {
        List<String> errors = AgentValidator.validate(type);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        Agent agent = type.getAnnotation(Agent.class);
        var tools = new ArrayList<ToolDefinition>();
        var resources = new ArrayList<ResourceDefinition>();
        var templates = new ArrayList<Method>();
        var prompts = new ArrayList<Method>();
        var promptCompletions = new HashMap<String, Map<String, Completer>>();
        var templateCompletions = new HashMap<String, Map<String, Completer>>();
        for (Method m : Members.annotated(type)) {
            if (m.isAnnotationPresent(Tool.class)) {
                tools.add(tool(m, target, jsonb));
            } else if (m.isAnnotationPresent(Resource.class)) {
                Resource r = m.getAnnotation(Resource.class);
                resources.add(new ResourceDefinition(r.uri(), Members.resourceName(m), r.title(), r.description(),
                        r.mimeType(), new ResourceInvoker(m, target, r.mimeType())));
            } else if (m.isAnnotationPresent(ResourceTemplate.class)) {
                templates.add(m);
            } else if (m.isAnnotationPresent(Prompt.class)) {
                prompts.add(m);
            } else {
                Complete c = m.getAnnotation(Complete.class);
                var byArg = c.prompt().isBlank()
                        ? templateCompletions.computeIfAbsent(c.template(), k -> new HashMap<>())
                        : promptCompletions.computeIfAbsent(c.prompt(), k -> new HashMap<>());
                byArg.put(c.arg(), new CompleterInvoker(m, target));
            }
        }
        var templateDefinitions = templates.stream().map(m -> {
            ResourceTemplate t = m.getAnnotation(ResourceTemplate.class);
            return new ResourceTemplateDefinition(UriTemplate.parse(t.uriTemplate()), Members.templateName(m),
                    t.title(), t.description(), t.mimeType(), new ResourceInvoker(m, target, t.mimeType()),
                    templateCompletions.getOrDefault(t.uriTemplate(), Map.of()));
        }).toList();
        var promptDefinitions = prompts.stream().map(m -> {
            Prompt p = m.getAnnotation(Prompt.class);
            String name = Members.promptName(m);
            return new PromptDefinition(name, p.title(), p.description(), AgentValidator.promptArguments(m),
                    new PromptInvoker(m, target), promptCompletions.getOrDefault(name, Map.of()));
        }).toList();
        return new AgentDefinition(agent.id(), agent.title(), agent.description(), agent.version(),
                tools, resources, templateDefinitions, promptDefinitions, AgentGate.OPEN, RoleConstraint.of(type));
    }

    private static ToolDefinition tool(Method m, Supplier<?> target, Jsonb jsonb) {
        Tool tool = m.getAnnotation(Tool.class);
        ToolInvoker invoker = new ToolInvoker(m, target, jsonb);
        Type result = Members.resultType(m);
        JsonObject outputSchema = result instanceof Class<?> c && c.isRecord() ? SchemaGenerator.schemaOf(c) : null;
        return new ToolDefinition(Members.toolName(m), tool.title(), tool.description(), invoker.inputSchema(),
                outputSchema, annotations(tool), invoker, m.isAnnotationPresent(NonBlocking.class), RoleConstraint.of(m));
    }

    private static JsonObject annotations(Tool tool) {
        Tool.Annotations a = tool.annotations();
        if (!a.published()) {
            return null;
        }
        var b = Json.createObjectBuilder();
        if (!a.title().isEmpty()) {
            b.add("title", a.title());
        }
        return b.add("readOnlyHint", a.readOnlyHint())
                .add("destructiveHint", a.destructiveHint())
                .add("idempotentHint", a.idempotentHint())
                .add("openWorldHint", a.openWorldHint())
                .build();
    }
}
