package io.agentmesh.agents;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One agent as the host serves it: an MCP server's identity and its tools, resources, resource
 * templates and prompts, each with the handler that runs it. Built from an annotated class by
 * {@link AgentDefinitions}, or by hand (bridged agents, agents created at run time).
 *
 * @param id          the agent id (wire-v1 §5.1); also {@code serverInfo.name}
 * @param title       a human-readable title, may be empty
 * @param description what the agent does, may be empty; sent as the {@code initialize} instructions
 * @param version     {@code serverInfo.version}
 * @param gate        consulted before each request is served ({@link AgentGate#OPEN} for most agents)
 * @param roles       what the agent class's Jakarta security annotations ask of the end user
 *                    ({@link RoleConstraint#NONE} for none)
 */
public record AgentDefinition(String id, String title, String description, String version,
        List<ToolDefinition> tools, List<ResourceDefinition> resources,
        List<ResourceTemplateDefinition> templates, List<PromptDefinition> prompts, AgentGate gate,
        RoleConstraint roles) {

    public AgentDefinition {
        AgentIds.requireValid(id);
        title = Objects.requireNonNullElse(title, "");
        description = Objects.requireNonNullElse(description, "");
        version = version == null || version.isBlank() ? "1.0.0" : version;
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        templates = List.copyOf(templates);
        prompts = List.copyOf(prompts);
        gate = Objects.requireNonNullElse(gate, AgentGate.OPEN);
        roles = Objects.requireNonNullElse(roles, RoleConstraint.NONE);
        requireUnique("tool name", tools.stream().map(ToolDefinition::name).toList());
        requireUnique("resource uri", resources.stream().map(ResourceDefinition::uri).toList());
        requireUnique("resource name", resources.stream().map(ResourceDefinition::name).toList());
        requireUnique("resource template", templates.stream().map(t -> t.uriTemplate().text()).toList());
        requireUnique("prompt name", prompts.stream().map(PromptDefinition::name).toList());
    }

    /** An agent without security annotations. */
    public AgentDefinition(String id, String title, String description, String version,
            List<ToolDefinition> tools, List<ResourceDefinition> resources,
            List<ResourceTemplateDefinition> templates, List<PromptDefinition> prompts, AgentGate gate) {
        this(id, title, description, version, tools, resources, templates, prompts, gate, RoleConstraint.NONE);
    }

    /** An agent whose requests are all admitted ({@link AgentGate#OPEN}). */
    public AgentDefinition(String id, String title, String description, String version,
            List<ToolDefinition> tools, List<ResourceDefinition> resources,
            List<ResourceTemplateDefinition> templates, List<PromptDefinition> prompts) {
        this(id, title, description, version, tools, resources, templates, prompts, AgentGate.OPEN);
    }

    /** An agent with no tools, resources or prompts yet; add them with the {@code with...} methods. */
    public static AgentDefinition of(String id, String title, String description) {
        return new AgentDefinition(id, title, description, "1.0.0", List.of(), List.of(), List.of(), List.of());
    }

    public AgentDefinition withVersion(String newVersion) {
        return new AgentDefinition(id, title, description, newVersion, tools, resources, templates, prompts, gate, roles);
    }

    public AgentDefinition withGate(AgentGate newGate) {
        return new AgentDefinition(id, title, description, version, tools, resources, templates, prompts, newGate, roles);
    }

    public AgentDefinition withRoles(RoleConstraint newRoles) {
        return new AgentDefinition(id, title, description, version, tools, resources, templates, prompts, gate, newRoles);
    }

    public AgentDefinition withTool(ToolDefinition tool) {
        return new AgentDefinition(id, title, description, version, append(tools, tool), resources, templates, prompts, gate, roles);
    }

    public AgentDefinition withResource(ResourceDefinition resource) {
        return new AgentDefinition(id, title, description, version, tools, append(resources, resource), templates, prompts, gate, roles);
    }

    public AgentDefinition withTemplate(ResourceTemplateDefinition template) {
        return new AgentDefinition(id, title, description, version, tools, resources, append(templates, template), prompts, gate, roles);
    }

    public AgentDefinition withPrompt(PromptDefinition prompt) {
        return new AgentDefinition(id, title, description, version, tools, resources, templates, append(prompts, prompt), gate, roles);
    }

    public Optional<ToolDefinition> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<PromptDefinition> prompt(String name) {
        return prompts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<ResourceDefinition> resource(String uri) {
        return resources.stream().filter(r -> r.uri().equals(uri)).findFirst();
    }

    public Optional<ResourceTemplateDefinition> template(String uriTemplate) {
        return templates.stream().filter(t -> t.uriTemplate().text().equals(uriTemplate)).findFirst();
    }

    private static <T> List<T> append(List<T> list, T item) {
        Objects.requireNonNull(item);
        var copy = new java.util.ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    private static void requireUnique(String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate " + what + ": " + name);
            }
        }
    }
}
