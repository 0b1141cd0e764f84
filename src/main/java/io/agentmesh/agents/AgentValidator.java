package io.agentmesh.agents;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Complete;
import io.agentmesh.agents.annotations.NonBlocking;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.PromptArg;
import io.agentmesh.agents.annotations.Resource;
import io.agentmesh.agents.annotations.ResourceTemplate;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.agents.schema.SchemaGenerator;
import io.agentmesh.agents.schema.SchemaValidator;
import io.agentmesh.agents.schema.UnsupportedTypeException;
import io.agentmesh.routing.CallContext;
import jakarta.json.JsonObject;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks agent declarations (the annotations of {@link io.agentmesh.agents.annotations}) and lists every
 * problem, each naming the class and the member: {@code <class>.<method>: <problem>}. The CDI extension
 * turns each into a deployment error; {@link AgentDefinitions} refuses a class that has any.
 */
public final class AgentValidator {

    private AgentValidator() {
    }

    /**
     * Checks a set of agent classes to deploy together: each class, that it is a supported managed
     * component, and that no two share an agent id.
     */
    public static List<String> validateDeployment(Collection<Class<?>> types) {
        var errors = new ArrayList<String>();
        Map<String, Class<?>> ids = new HashMap<>();
        for (Class<?> type : types) {
            errors.addAll(validate(type));
            if (!ManagedKinds.isSupported(type)) {
                errors.add(type.getName() + ": an agent must be an EJB @Singleton or @Stateless session bean"
                        + " or an @ApplicationScoped CDI bean");
            } else if (ManagedKinds.isEnterpriseBean(type) && RoleConstraint.usedIn(type)) {
                errors.add(type.getName() + ": @RolesAllowed, @PermitAll and @DenyAll need an @ApplicationScoped agent:"
                        + " on an enterprise bean the EJB container would check them against its own caller, not the mesh's");
            }
            Agent agent = type.getAnnotation(Agent.class);
            if (agent != null && AgentIds.isValid(agent.id())) {
                Class<?> other = ids.putIfAbsent(agent.id(), type);
                if (other != null) {
                    errors.add(type.getName() + ": duplicate agent id '" + agent.id() + "' (also declared by "
                            + other.getName() + ")");
                }
            }
        }
        return errors;
    }

    /** Checks one agent class. */
    public static List<String> validate(Class<?> type) {
        var errors = new ArrayList<String>();
        Agent agent = type.getAnnotation(Agent.class);
        if (agent == null) {
            errors.add(type.getName() + ": not annotated @Agent");
            return errors;
        }
        if (!AgentIds.hasValidForm(agent.id())) {
            errors.add(type.getName() + ": invalid agent id '" + agent.id()
                    + "': must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        } else if (AgentIds.isReserved(agent.id())) {
            errors.add(type.getName() + ": agent id '" + agent.id() + "' is reserved (wire-v1 §5.1)");
        }
        var names = new Names();
        List<Method> completions = new ArrayList<>();
        for (Method m : Members.annotated(type)) {
            String where = Members.member(type, m);
            if (Members.kinds(m) > 1) {
                errors.add(where + ": a method takes only one of @Tool, @Resource, @ResourceTemplate, @Prompt, @Complete");
                continue;
            }
            if (!Members.isCallable(m)) {
                errors.add(where + ": an agent method must be public and not static");
                continue;
            }
            if (m.isAnnotationPresent(Tool.class)) {
                tool(m, where, names, errors);
            } else if (m.isAnnotationPresent(Resource.class)) {
                resource(m, where, names, errors);
            } else if (m.isAnnotationPresent(ResourceTemplate.class)) {
                template(m, where, names, errors);
            } else if (m.isAnnotationPresent(Prompt.class)) {
                prompt(m, where, names, errors);
            } else {
                completions.add(m);
            }
        }
        var completed = new HashSet<String>();
        for (Method m : completions) {
            complete(m, Members.member(type, m), names, completed, errors);
        }
        for (Method m : Members.declared(type, method -> method.isAnnotationPresent(NonBlocking.class)
                && !method.isAnnotationPresent(Tool.class))) {
            errors.add(Members.member(type, m) + ": @NonBlocking is for @Tool methods only");
        }
        security(type, errors);
        return errors;
    }

    /**
     * The Jakarta security annotations: at most one on the class and on each {@code @Tool} method, none on
     * other methods (the node would not read them there).
     */
    private static void security(Class<?> type, List<String> errors) {
        roles(type, type.getName(), errors);
        for (Method m : Members.declared(type, RoleConstraint::hasAnnotation)) {
            if (m.isAnnotationPresent(Tool.class)) {
                roles(m, Members.member(type, m), errors);
            } else {
                errors.add(Members.member(type, m) + ": @RolesAllowed, @PermitAll and @DenyAll are read on the agent"
                        + " class and on @Tool methods only");
            }
        }
    }

    private static void roles(AnnotatedElement element, String where, List<String> errors) {
        try {
            RoleConstraint.of(element);
        } catch (IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage());
        }
    }

    /** Names seen so far in one class, each with where it was declared. */
    private static final class Names {
        final Map<String, String> tools = new HashMap<>();
        final Map<String, String> resourceUris = new HashMap<>();
        final Map<String, String> resourceNames = new HashMap<>();
        final Map<String, String> templates = new HashMap<>();
        final Map<String, Set<String>> templateVariables = new HashMap<>();
        final Map<String, String> prompts = new HashMap<>();
        final Map<String, Set<String>> promptArguments = new HashMap<>();
    }

    private static void unique(Map<String, String> seen, String kind, String name, String where, List<String> errors) {
        String other = seen.putIfAbsent(name, where);
        if (other != null) {
            errors.add(where + ": duplicate " + kind + " '" + name + "' (also " + other + ")");
        }
    }

    // --- tools ---

    private static void tool(Method m, String where, Names names, List<String> errors) {
        Tool tool = m.getAnnotation(Tool.class);
        String name = Members.toolName(m);
        if (name.isBlank()) {
            errors.add(where + ": missing tool name");
        } else {
            unique(names.tools, "tool name", name, where, errors);
        }
        var args = new HashSet<String>();
        var supplied = new HashSet<Class<?>>();
        Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (Members.isHostSupplied(p.getType())) {
                if (!supplied.add(p.getType())) {
                    errors.add(where + ": more than one " + p.getType().getSimpleName() + " parameter");
                }
                continue;
            }
            String arg = Members.argName(p);
            if (arg == null || arg.isBlank()) {
                errors.add(where + ": parameter " + i + " needs a name: annotate it @ToolArg(name = ...)"
                        + " or compile with -parameters");
                continue;
            }
            if (!args.add(arg)) {
                errors.add(where + ": duplicate argument name '" + arg + "'");
            }
            JsonObject schema;
            try {
                schema = SchemaGenerator.schemaOf(p.getParameterizedType());
            } catch (UnsupportedTypeException e) {
                errors.add(where + ": parameter '" + arg + "': " + e.getMessage());
                continue;
            }
            ToolArg toolArg = p.getAnnotation(ToolArg.class);
            if (toolArg != null && !ToolArg.NO_DEFAULT.equals(toolArg.defaultValue())) {
                try {
                    SchemaValidator.validate(Members.defaultValue(toolArg.defaultValue()), schema, arg);
                } catch (SchemaValidator.Violation v) {
                    errors.add(where + ": parameter '" + arg + "': invalid default value '" + toolArg.defaultValue()
                            + "': " + v.getMessage());
                }
            }
        }
        Type result = Members.resultType(m);
        if (result == null) {
            errors.add(where + ": a CompletionStage result needs its type argument");
            return;
        }
        if (result == byte[].class && tool.mimeType().isBlank()) {
            errors.add(where + ": a byte[] result needs @Tool(mimeType = ...)");
        }
        if (result instanceof Class<?> c && c.isRecord()) {
            try {
                SchemaGenerator.schemaOf(c);
            } catch (UnsupportedTypeException e) {
                errors.add(where + ": result: " + e.getMessage());
            }
        }
    }

    // --- resources ---

    private static void resource(Method m, String where, Names names, List<String> errors) {
        Resource r = m.getAnnotation(Resource.class);
        if (r.uri().isBlank()) {
            errors.add(where + ": missing resource uri");
        } else {
            unique(names.resourceUris, "resource uri", r.uri(), where, errors);
        }
        String name = Members.resourceName(m);
        if (name.isBlank()) {
            errors.add(where + ": missing resource name");
        } else {
            unique(names.resourceNames, "resource name", name, where, errors);
        }
        for (Parameter p : m.getParameters()) {
            if (!Members.isContext(p.getType())) {
                errors.add(where + ": a @Resource method takes no parameters but a CallContext and an Input");
            }
        }
        resourceResult(m, where, errors);
    }

    private static void template(Method m, String where, Names names, List<String> errors) {
        ResourceTemplate t = m.getAnnotation(ResourceTemplate.class);
        UriTemplate template = null;
        try {
            template = UriTemplate.parse(t.uriTemplate());
            unique(names.templates, "resource template", t.uriTemplate(), where, errors);
            names.templateVariables.put(t.uriTemplate(), Set.copyOf(template.variables()));
        } catch (IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage());
        }
        if (Members.templateName(m).isBlank()) {
            errors.add(where + ": missing resource template name");
        }
        UriTemplate parsed = template;
        stringParameters(m, where, "@ResourceTemplate", "@ToolArg", errors, var -> {
            if (parsed != null && !parsed.variables().contains(var)) {
                errors.add(where + ": parameter '" + var + "' is not a variable of " + t.uriTemplate());
            }
        });
        resourceResult(m, where, errors);
    }

    /**
     * Checks that every parameter of {@code m} but a {@link CallContext} or {@link Input} is a String with a name (from
     * {@code argAnnotation} or {@code -parameters}), and hands each name to {@code named}.
     */
    private static void stringParameters(Method m, String where, String kind, String argAnnotation,
                                         List<String> errors, Consumer<String> named) {
        Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (Members.isContext(p.getType())) {
                continue;
            }
            if (p.getType() != String.class) {
                errors.add(where + ": parameter " + i + " of a " + kind + " method must be a String");
                continue;
            }
            String name = Members.argName(p);
            if (name == null || name.isBlank()) {
                errors.add(where + ": parameter " + i + " needs a name: annotate it " + argAnnotation + "(name = ...)"
                        + " or compile with -parameters");
            } else {
                named.accept(name);
            }
        }
    }

    private static void resourceResult(Method m, String where, List<String> errors) {
        Type result = Members.resultType(m);
        if (result != String.class && result != byte[].class) {
            errors.add(where + ": a resource method returns String or byte[] (or a CompletionStage of one)");
        }
    }

    // --- prompts ---

    private static void prompt(Method m, String where, Names names, List<String> errors) {
        String name = Members.promptName(m);
        if (name.isBlank()) {
            errors.add(where + ": missing prompt name");
        } else {
            unique(names.prompts, "prompt name", name, where, errors);
        }
        var args = new LinkedHashMap<String, Boolean>();
        stringParameters(m, where, "@Prompt", "@PromptArg", errors, arg -> {
            if (args.put(arg, Boolean.TRUE) != null) {
                errors.add(where + ": duplicate argument name '" + arg + "'");
            }
        });
        names.promptArguments.put(name, args.keySet());
        Type result = Members.resultType(m);
        boolean ok = result == String.class || result == PromptMessage.class
                || (result instanceof java.lang.reflect.ParameterizedType pt && pt.getRawType() == List.class
                        && pt.getActualTypeArguments()[0] == PromptMessage.class);
        if (!ok) {
            errors.add(where + ": a @Prompt method returns String, PromptMessage or List<PromptMessage>"
                    + " (or a CompletionStage of one)");
        }
    }

    // --- completions ---

    private static void complete(Method m, String where, Names names, Set<String> completed, List<String> errors) {
        Complete c = m.getAnnotation(Complete.class);
        if (c.prompt().isBlank() == c.template().isBlank()) {
            errors.add(where + ": @Complete names exactly one of prompt and template");
            return;
        }
        if (c.arg().isBlank()) {
            errors.add(where + ": missing @Complete arg");
            return;
        }
        Set<String> known = c.prompt().isBlank() ? names.templateVariables.get(c.template())
                : names.promptArguments.get(c.prompt());
        String target = c.prompt().isBlank() ? "resource template " + c.template() : "prompt " + c.prompt();
        if (known == null) {
            errors.add(where + ": no " + target + " in this agent");
            return;
        }
        if (!known.contains(c.arg())) {
            errors.add(where + ": " + target + " has no argument '" + c.arg() + "'");
        }
        if (!completed.add(target + "#" + c.arg())) {
            errors.add(where + ": duplicate completion for " + target + " argument '" + c.arg() + "'");
        }
        Type[] params = m.getGenericParameterTypes();
        boolean signature = (params.length == 1 && params[0] == String.class)
                || (params.length == 2 && params[0] == String.class && Members.isStringMap(params[1]));
        if (!signature || !Members.isStringList(m.getGenericReturnType())) {
            errors.add(where + ": a @Complete method takes (String) or (String, Map<String, String>)"
                    + " and returns List<String>");
        }
    }

    /** Prompt arguments as declared (for the definition): name, description, required. */
    static List<PromptDefinition.Argument> promptArguments(Method m) {
        var list = new ArrayList<PromptDefinition.Argument>();
        for (Parameter p : m.getParameters()) {
            if (Members.isContext(p.getType())) {
                continue;
            }
            PromptArg a = p.getAnnotation(PromptArg.class);
            list.add(new PromptDefinition.Argument(Members.argName(p), a == null ? "" : a.description(),
                    a == null || a.required()));
        }
        return list;
    }
}
