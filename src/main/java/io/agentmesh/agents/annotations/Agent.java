package io.agentmesh.agents.annotations;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Declares a managed component as an MCP server (an agent) of this node.
 * <p>
 * The class must be an EJB {@code @Singleton} or {@code @Stateless} session bean, or an
 * {@code @ApplicationScoped} CDI bean. Its methods annotated {@link Tool}, {@link Resource},
 * {@link ResourceTemplate}, {@link Prompt} and {@link Complete} make up the agent. The agent is found at
 * deployment by the agent extension; an invalid declaration fails the deployment with a message naming
 * the class and the member.
 * <p>
 * A session bean's methods run in a JTA transaction by default (the container begins one per call, with
 * its timeout alarm); an agent that uses no transactional resource should say
 * {@code @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)}, as the samples do, which
 * saves that work on every tool call.
 * <p>
 * The {@link #id()} names the agent in mesh addresses ({@code node:agent/op}, wire-v1 §5.1) and at
 * {@code /mcp/{agent}}: it matches {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, is unique on the node, and is
 * neither {@code node} nor the first word of an MCP method ({@code tools}, {@code ping}, ...).
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
public @interface Agent {

    /** The agent id (required). Also the MCP {@code serverInfo.name}. */
    String id();

    /** A human-readable title ({@code serverInfo.title}). */
    String title() default "";

    /** What the agent does; given to clients as the {@code initialize} instructions. */
    String description() default "";

    /** The agent's version ({@code serverInfo.version}). */
    String version() default "1.0.0";
}
